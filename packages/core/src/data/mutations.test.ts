// Seeded random mutations of valid inputs: every loader either parses the result or throws its
// DataError; nothing else escapes (no TypeError, RangeError, hang).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../random';
import { parseCsv } from './csv';
import { DataError } from './errors';
import { parseJson } from './json';
import { parseNpy, parseNpz } from './npy';

function mutate(bytes: Uint8Array, rng: RandomState, alphabet: number[]): Uint8Array {
  const out = Array.from(bytes);
  const edits = 1 + rng.nextInterval(3);
  for (let e = 0; e < edits; e++) {
    const at = rng.nextInterval(out.length - 1);
    const kind = rng.nextInterval(2);
    const byte = alphabet[rng.nextInterval(alphabet.length - 1)]!;
    if (kind === 0) out[at] = byte;
    else if (kind === 1) out.splice(at, 0, byte);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}

function survives(parse: (input: Uint8Array) => unknown, input: Uint8Array): void {
  try {
    parse(input);
  } catch (error) {
    if (!(error instanceof DataError)) throw new Error(`${String(error)} on input ${JSON.stringify(new TextDecoder().decode(input))}`, { cause: error });
  }
}

const text = (s: string) => new TextEncoder().encode(s);
const csvAlphabet = Array.from(',;\t"\n\r.-+eE0123456789aNI \u00ff', (c) => c.charCodeAt(0));

describe('mutated inputs', () => {
  it('CSV: 3000 mutations', () => {
    const rng = new RandomState(1);
    const valid = text('x1,x2,label\n1.5,-2,cat\n"3",4e-3,dog\n5,6,"c""at"\r\n');
    for (let k = 0; k < 3000; k++) {
      const input = mutate(valid, rng, csvAlphabet);
      survives((b) => parseCsv(b, { label: 'label' }), input);
      survives((b) => parseCsv(b), input);
    }
  });

  it('JSON: 3000 mutations', () => {
    const rng = new RandomState(2);
    const alphabet = Array.from('{}[]:,"0123456789.-eE XYtruefalsn', (c) => c.charCodeAt(0));
    const records = text('[{"x1": 1, "x2": -2.5, "y": "a"}, {"x1": 3, "x2": 4, "y": "b"}]');
    const arrays = text('{"X": [[1, 2], [3, 4]], "Y": [0, 1]}');
    for (let k = 0; k < 3000; k++) {
      survives((b) => parseJson(b, { label: 'y' }), mutate(records, rng, alphabet));
      survives((b) => parseJson(b), mutate(arrays, rng, alphabet));
    }
  });

  it('.npy and .npz: 2000 byte mutations each', () => {
    const rng = new RandomState(3);
    const all = Array.from({ length: 256 }, (_, b) => b);
    const npy = new Uint8Array(readFileSync(new URL('../../fixtures/data/f8_4d_fortran_big.npy', import.meta.url)));
    const npz = new Uint8Array(readFileSync(new URL('../../fixtures/data/compressed.npz', import.meta.url)));
    for (let k = 0; k < 2000; k++) {
      survives((b) => parseNpy(b).toColumns(), mutate(npy, rng, all));
      survives((b) => [...parseNpz(b).values()].forEach((a) => (a.dtype.includes('U') ? a.strings() : a.toColumns())), mutate(npz, rng, all));
    }
  });
});

it('the mutation helper changes its input', () => {
  expect(mutate(text('abc'), new RandomState(0), [120])).not.toEqual(text('abc'));
});
