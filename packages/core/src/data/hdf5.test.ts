import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itWithSharedData } from '../test-support/shared-datasets';
import * as hdf5 from 'jsfive';
import { DataError } from './errors';
import { parseHdf5 } from './hdf5';

const dir = new URL('../../fixtures/data/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'))['chunked.h5'] as {
  X: { shape: number[]; data: number[] };
  Y: { data: number[] };
  classes: string[];
};

function sum(data: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < data.length; k++) s += data[k]!;
  return s;
}

describe('parseHdf5 (jsfive)', () => {
  it('reads a chunked, gzip + shuffle compressed dataset inside a group (h5py fixture)', () => {
    const { X, Y, classNames, labelName } = parseHdf5(fixture('chunked.h5'), { fileName: 'chunked.h5' });
    expect(X.shape).toEqual(expected.X.shape);
    expect(Array.from(X.data)).toEqual(expected.X.data);
    expect(Array.from(Y!.data)).toEqual(expected.Y.data);
    expect(classNames).toEqual(expected.classes);
    expect(labelName).toBe('group/y');
  });

  it('names the datasets when the one asked for is missing', () => {
    const error = (() => {
      try {
        parseHdf5(fixture('chunked.h5'), { fileName: 'chunked.h5', x: 'images' });
      } catch (e) {
        return e as DataError;
      }
    })()!;
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe('chunked.h5: no dataset named "images" for X; the file holds "classes", "group/X", "group/y"');
  });

  it('rejects a file that is not HDF5, and every truncation, with a DataError', () => {
    expect(() => parseHdf5(new Uint8Array(100), { fileName: 'zero.h5' })).toThrow(/^zero\.h5: not a readable HDF5 file/);
    // Each truncation either fails with a DataError or (when only unused tail bytes are cut) reads
    // exactly what the whole file holds; nothing else escapes.
    const bytes = fixture('chunked.h5');
    const whole = Array.from(parseHdf5(bytes).X.data);
    let failures = 0;
    for (let cut = 0; cut < bytes.length; cut += 3) {
      try {
        expect(Array.from(parseHdf5(bytes.subarray(0, cut)).X.data)).toEqual(whole);
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(2600);
  });
});

describe('the course cat files', () => {
  itWithSharedData('train_catvnoncat.h5 → X (12288, 209) as x.reshape(m, -1).T, pixel sum 264542077', (shared) => {
    const { X, Y, classNames } = parseHdf5(readFileSync(join(shared, 'train_catvnoncat.h5')), { fileName: 'train_catvnoncat.h5' });
    expect(X.shape).toEqual([12288, 209]);
    expect(sum(X.data)).toBe(264542077);
    expect(Y!.shape).toEqual([1, 209]);
    expect(sum(Y!.data)).toBe(72);
    expect(classNames).toEqual(['non-cat', 'cat']);
  });

  itWithSharedData('feature index is (row·64 + col)·3 + channel, as x.reshape(m, -1).T', (shared) => {
    const bytes = readFileSync(join(shared, 'train_catvnoncat.h5'));
    const { X } = parseHdf5(bytes);
    const raw = new hdf5.File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).get('train_set_x') as hdf5.Dataset;
    const x = raw.value as number[]; // (209, 64, 64, 3) in C order
    for (const [j, row, col, channel] of [[0, 0, 0, 0], [5, 10, 20, 2], [208, 63, 63, 1], [100, 31, 7, 0]] as const) {
      expect(X.get((row * 64 + col) * 3 + channel, j)).toBe(x[((j * 64 + row) * 64 + col) * 3 + channel]);
    }
  });

  itWithSharedData('test_catvnoncat.h5 → X (12288, 50), pixel sum 65969547', (shared) => {
    const { X, Y } = parseHdf5(readFileSync(join(shared, 'test_catvnoncat.h5')), { fileName: 'test_catvnoncat.h5' });
    expect(X.shape).toEqual([12288, 50]);
    expect(sum(X.data)).toBe(65969547);
    expect(sum(Y!.data)).toBe(33);
  });
});

describe('a class list whose declared size is corrupted (found by fuzz.test.ts)', () => {
  it('one byte of the "classes" dataspace (rank 1 → 3) declaring 2,097,164 names is refused from the shape, before jsfive reads them', () => {
    const file = fixture('chunked.h5').slice();
    // The dataspace message of "classes" (version 1, rank at +1): the byte fuzz.test.ts flipped.
    expect(file[7913]).toBe(1);
    file[7913] = 3;
    const started = performance.now();
    let error: unknown;
    try {
      parseHdf5(file, { x: 'group/X', y: 'group/y' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe('<input>: dataset "classes": "classes" lists 2097164 classes; at most 10000 are supported');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
