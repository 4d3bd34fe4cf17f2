// Issue 13, item 6: inputs that used to hang or escape as raw internal errors (RangeError
// "Maximum call stack size exceeded", "Invalid typed array length", jsfive's TypeErrors). Each must
// finish quickly with a DataError naming the file and where.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../random';
import { LineBreakCounter, parseCsv, parseCsvChunks } from './csv';
import { DataError } from './errors';
import { parseHdf5 } from './hdf5';
import { parseJson } from './json';
import { npyDataset, parseNpy, parseNpz } from './npy';
import { dataError } from '../test-support/data-error';

/** A version 1.0 .npy with this header dict and `data` after it. */
function npy(dict: string, data: number[] = []): Uint8Array {
  const text = dict.padEnd(118, ' ') + '\n';
  return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0, ...Array.from(text, (c) => c.charCodeAt(0)), ...data]);
}

const f8 = (values: number[]) => Array.from(new Uint8Array(Float64Array.from(values).buffer));

describe('.npy shapes with no elements are refused at once, not looped over', () => {
  it.each([
    ['(1000000000000000, 0)', 'its examples have no features'],
    ['(4290000000, 0)', 'its examples have no features'],
    ['(0, 1000000000000000)', 'it has no examples'],
    ['(3, 0, 1000000000000)', 'its examples have no features'],
  ])('shape %s', (shape, why) => {
    const started = Date.now();
    const error = dataError(() => npyDataset(npy(`{'descr': '<f8', 'fortran_order': True, 'shape': ${shape}, }`), { fileName: 'empty.npy' }));
    expect(error.message).toBe(`empty.npy: array "X" has shape ${shape}: ${why}`);
    expect(error.dataset).toBe('X');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('NaN and Infinity in binary data are refused where they are, as CSV refuses them', () => {
  it('names the array, the element and the example', () => {
    const error = dataError(() => npyDataset(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f8([1, 2, 3, 4, Number.NaN, 6])), { fileName: 'x.npy' }));
    expect(error.message).toBe('x.npy: array "X": element [1, 1] (example 1, feature 1) is NaN; NaN and Infinity are not allowed');
    expect(dataError(() => npyDataset(npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", f8([0, 0, 0, 0, 0, 0, 0, -Infinity])))).message).toBe(
      '<input>: array "X": element [1, 1, 1] (example 1, feature 3) is -Infinity; NaN and Infinity are not allowed',
    );
  });
});

describe('JSON nested deeper than any dataset is refused with its position', () => {
  it.each([
    ['an array', '['.repeat(20000) + ']'.repeat(20000)],
    ['X', '{"X": ' + '['.repeat(20000) + ']'.repeat(20000) + '}'],
    ['unbalanced', '{"X": ' + '['.repeat(20000) + ']'.repeat(19999) + '}'],
    ['records', '[' + '{"a":'.repeat(20000) + '1' + '}'.repeat(20000) + ']'],
  ])('%s', (_name, text) => {
    const error = dataError(() => parseJson(`\n${text}`, { fileName: 'deep.json' }));
    expect(error.message).toMatch(/^deep\.json:2:\d+: nested deeper than 64 levels of arrays and objects; a dataset needs at most 3$/);
    expect(error.column).toBeLessThanOrEqual(6 + 65 * 5);
  });
  it('brackets inside strings do not count', () => {
    expect(parseJson(`[{"x": 1, "y": "${'['.repeat(100)}"}]`, { label: 'y' }).classNames).toEqual(['['.repeat(100)]);
  });
});

describe('CSV: X is bounded by the bytes present, not by line breaks alone', () => {
  const header = Array.from({ length: 20000 }, (_, i) => `c${i}`).join(',');
  it('a 20,000-column header and 1,000,000 blank lines: the header-only error, quickly', () => {
    const text = `${header}\n${'\n'.repeat(1_000_000)}`;
    expect(dataError(() => parseCsv(text, { fileName: 'wide.csv' })).message).toBe('wide.csv:1:1: a header row but no data rows');
    expect(dataError(() => parseCsv(new TextEncoder().encode(text.replace(/\n/g, '\r\n')), { fileName: 'wide.csv' })).message).toBe(
      'wide.csv:1:1: a header row but no data rows',
    );
  });
  it('the same streamed with a LineBreakCounter, as loadDataset does', () => {
    const bytes = new TextEncoder().encode(`${header}\n${'x\n'.repeat(500_000)}`);
    const counter = new LineBreakCounter();
    counter.add(bytes.subarray(0, 1000));
    counter.add(bytes.subarray(1000));
    expect(dataError(() => parseCsvChunks([bytes.subarray(0, 777), bytes.subarray(777)], counter, { fileName: 'wide.csv', header: true })).message).toBe(
      'wide.csv:2:2: row has 1 field but the header has 20000',
    );
  });
  it('a plain file still loads with its blank lines, any line ending', () => {
    for (const newline of ['\n', '\r\n', '\r']) {
      const text = ['a,b', '', '1,2', '', '', '3,4', ''].join(newline);
      const counter = new LineBreakCounter();
      const bytes = new TextEncoder().encode(text);
      counter.add(bytes);
      for (const dataset of [parseCsv(text), parseCsv(bytes), parseCsvChunks([bytes], counter), parseCsvChunks([bytes], counter.recordBound())]) {
        expect(dataset.X.toArray()).toEqual([
          [1, 3],
          [2, 4],
        ]);
      }
    }
  });
});

describe('HDF5: broken metadata is a DataError, never a TypeError or a hang', () => {
  const file = new Uint8Array(readFileSync(new URL('../../fixtures/data/chunked.h5', import.meta.url)));
  it('every byte of the first 4 KiB (superblock, object headers, B-trees) flipped', () => {
    const rng = new RandomState(13);
    for (let at = 0; at < Math.min(file.length, 4096); at++) {
      const bad = file.slice();
      bad[at] ^= 1 << rng.nextInterval(7);
      const started = Date.now();
      try {
        parseHdf5(bad, { fileName: 'm.h5' });
      } catch (error) {
        if (!(error instanceof DataError)) throw new Error(`byte ${at}: ${String(error)}`, { cause: error });
        expect(error.message.startsWith('m.h5')).toBe(true);
      }
      expect(Date.now() - started, `byte ${at}`).toBeLessThan(2000);
    }
  });
});

it('parseNpz still reads what it read before', () => {
  expect(parseNpz(new Uint8Array(readFileSync(new URL('../../fixtures/data/arrays.npz', import.meta.url)))).size).toBe(3);
  expect(parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", f8([1, 2]))).toColumns().shape).toEqual([2, 1]);
});
