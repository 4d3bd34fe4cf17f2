/**
 * Fuzzing of every parser from a seed corpus of real files in the repo (and the files ann itself
 * writes), mutated by fast-check: bit flips, byte overwrites, insertions, deletions, truncations and
 * duplicated runs. Each input must either parse or throw the parser's documented error (DataError
 * for data, ModelFileError for model files and ONNX), and finish within TIME_BOUND_MS. A short run
 * is part of `npm test`; `pnpm fuzz` runs ANN_FUZZ_RUNS inputs per parser (docs/reliability.md).
 * A failure prints fast-check's seed; rerun it with ANN_FUZZ_SEED=<seed>.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './data/csv';
import { DataError } from './data/errors';
import { parseHdf5 } from './data/hdf5';
import { parseJson } from './data/json';
import { npyDataset, npzDataset, parseNpy, parseNpz } from './data/npy';
import { ModelFileError } from './model/errors';
import { Model } from './model/model';
import { modelCases } from './model/test-models';
import { exportOnnx } from './onnx/export';
import { importOnnx } from './onnx/import';

const RUNS = Number(process.env.ANN_FUZZ_RUNS ?? 150);
const SEED = process.env.ANN_FUZZ_SEED !== undefined ? Number(process.env.ANN_FUZZ_SEED) : undefined;
/** The slowest any one input may take (ms): far above a parse of these small files (a few ms). */
export const TIME_BOUND_MS = 2000;

const file = (path: string) => new Uint8Array(readFileSync(new URL(path, import.meta.url)));
const text = (s: string) => new TextEncoder().encode(s);

type Edit = { kind: 'flip' | 'set' | 'insert' | 'delete' | 'truncate' | 'duplicate'; at: number; byte: number; length: number };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate', 'duplicate'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 64 }),
});

/** `seed` with `edits` applied; positions wrap around the current length. */
export function mutate(seed: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let bytes = Array.from(seed);
  for (const { kind, at, byte, length } of edits) {
    const k = bytes.length === 0 ? 0 : at % bytes.length;
    if (kind === 'flip' && bytes.length > 0) bytes[k] = bytes[k]! ^ (1 << (byte & 7));
    else if (kind === 'set' && bytes.length > 0) bytes[k] = byte;
    else if (kind === 'insert') bytes.splice(k, 0, byte);
    else if (kind === 'delete') bytes.splice(k, length);
    else if (kind === 'truncate') bytes = bytes.slice(0, k);
    else if (kind === 'duplicate') bytes.splice(k, 0, ...bytes.slice(k, k + length));
  }
  return Uint8Array.from(bytes);
}

/** Mutants of the corpus: a seed file and 1–4 edits (a few dozen on the long run's share). */
const mutants = (corpus: Uint8Array[]) =>
  fc.tuple(fc.integer({ min: 0, max: corpus.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([k, edits]) => mutate(corpus[k]!, edits));

function fuzz(corpus: Uint8Array[], parse: (bytes: Uint8Array) => unknown, documented: new (...args: never[]) => Error): void {
  // The unmutated corpus parses: the seeds are valid files, so mutants explore near real ones.
  for (const seed of corpus) parse(seed);
  fc.assert(
    fc.property(mutants(corpus), (bytes) => {
      const started = performance.now();
      try {
        parse(bytes);
      } catch (error) {
        if (!(error instanceof documented)) throw new Error(`${documented.name} expected, got ${String(error)}`, { cause: error });
      }
      expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
    }),
    { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
  );
}

const models = modelCases().map((c) => c.model);

describe(`fuzzing every parser (${RUNS} mutants each)`, () => {
  it('CSV (parseCsv, with and without a label column)', () => {
    const corpus = [
      text('x1,x2,label\n1.5,-2,cat\n"3",4e-3,dog\n5,6,"c""at"\r\n'),
      text('a;b;c\n1;2;3\n4;5;6\n'),
      text('x1\tx2\ty\n0.1\t0.2\t1\n0.3\t0.4\t0\n'),
      text(`x1,x2,y\n${Array.from({ length: 40 }, (_, k) => `${Math.sin(k)},${Math.cos(k)},${k % 2}`).join('\n')}\n`),
    ];
    fuzz(corpus.slice(1), (b) => parseCsv(b), DataError);
    fuzz(corpus.slice(0, 1), (b) => parseCsv(b, { label: 'label' }), DataError);
  });

  it('JSON (records and arrays)', () => {
    fuzz([text('[{"x1": 1, "x2": -2.5, "y": "a"}, {"x1": 3, "x2": 4, "y": "b"}]')], (b) => parseJson(b, { label: 'y' }), DataError);
    fuzz([text('{"X": [[1, 2], [3, 4]], "Y": [0, 1]}')], (b) => parseJson(b), DataError);
  });

  it('NPY (the fixtures numpy wrote)', () => {
    const names = ['f8_c', 'f8_fortran', 'f4_big', 'i1', 'u2_big', 'b1', 'labels_1d', 'u1_4d_fortran'];
    fuzz(names.map((n) => file(`../fixtures/data/${n}.npy`)), (b) => (parseNpy(b).toColumns(), npyDataset(b)), DataError);
  });

  it('NPZ (stored and deflated, CRC-checked)', () => {
    fuzz([file('../fixtures/data/arrays.npz'), file('../fixtures/data/compressed.npz')], (b) => [...parseNpz(b).values()].forEach((a) => (a.dtype.includes('U') ? a.strings() : a.toColumns())), DataError);
    fuzz([file('../fixtures/data/arrays.npz')], (b) => npzDataset(b), DataError);
  });

  it('HDF5 (h5py’s chunked file)', () => {
    fuzz([file('../fixtures/data/chunked.h5')], (b) => parseHdf5(b, { x: 'group/X', y: 'group/y' }), DataError);
  });

  it('the model file (Model.parse) from every test model', () => {
    fuzz(models.map((m) => text(m.serialize())), (b) => Model.parse(new TextDecoder().decode(b), 'fuzz.json'), ModelFileError);
  });

  it('ONNX (importOnnx) from PyTorch’s files and ann’s own exports', () => {
    const corpus = [...['torch_regression', 'torch_sigmoid', 'torch_softmax_bn'].map((n) => file(`./onnx/fixtures/${n}.onnx`)), ...models.slice(0, 3).map((m) => exportOnnx(m))];
    fuzz(corpus, (b) => importOnnx(b, 'fuzz.onnx'), ModelFileError);
  });
});
