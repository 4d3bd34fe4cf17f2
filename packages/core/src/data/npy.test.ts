import { readFileSync } from 'node:fs';
import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { npyDataset, npzDataset, parseNpy, parseNpz } from './npy';
import { dataError } from '../test-support/data-error';

const dir = new URL('../../fixtures/data/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<
  string,
  { dtype: string; fortran: boolean; shape: number[]; X: { shape: number[]; data: number[] } }
>;

describe('parseNpy against numpy', () => {
  const names = Object.keys(expected).filter((name) => name.endsWith('.npy'));
  it('covers every dtype, byte order, memory order and format version', () => {
    const dtypes = new Set(names.map((name) => expected[name]!.dtype));
    for (const d of ['<f8', '>f8', '>f4', '|i1', '>i2', '<i4', '<i8', '>i8', '|u1', '>u2', '<u4', '<u8', '|b1']) expect(dtypes).toContain(d);
    expect(names.some((name) => expected[name]!.fortran && expected[name]!.shape.length === 4)).toBe(true);
  });
  it.each(names)('%s equals x.reshape(m, -1).T', (name) => {
    const want = expected[name]!;
    const array = parseNpy(fixture(name), { fileName: name });
    expect(array.dtype).toBe(want.dtype);
    expect(array.shape).toEqual(want.shape);
    expect(array.fortranOrder).toBe(want.fortran);
    const X = array.toColumns();
    expect(X.shape).toEqual(want.X.shape);
    expect(Array.from(X.data)).toEqual(want.X.data);
  });
  it('makes a dataset of one .npy', () => {
    expect(npyDataset(fixture('u1_4d_c.npy')).X.shape).toEqual([12, 4]);
  });
});

describe('parseNpz', () => {
  const want = expected['arrays.npz'] as unknown as { X: { shape: number[]; data: number[] }; Y: { data: number[] }; classes: string[] };
  it.each(['arrays.npz', 'compressed.npz'])('%s (stored and deflated entries)', (name) => {
    const { X, Y, classNames } = npzDataset(fixture(name), { fileName: name, y: 'y' });
    expect(X.shape).toEqual(want.X.shape);
    expect(Array.from(X.data)).toEqual(want.X.data);
    expect(Array.from(Y!.data)).toEqual(want.Y.data);
    expect(classNames).toEqual(want.classes);
    expect([...parseNpz(fixture(name)).keys()].sort()).toEqual(['X', 'classes', 'y']);
  });
  it('names the arrays when the one asked for is missing', () => {
    expect(dataError(() => npzDataset(fixture('arrays.npz'), { fileName: 'a.npz', x: 'images' })).message).toBe(
      'a.npz: no array named "images" for X; the archive holds "X", "y", "classes"',
    );
  });
  it('refuses an entry declaring more than DEFLATE can produce, before inflating', () => {
    const zip = zipSync({ 'x.npy': fixture('f8_c.npy') }, { level: 6 });
    // Patch the central directory's uncompressed size (offset 24 in the entry) to 1 GB.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const central = zip.findIndex((_, k) => view.getUint32(k, true) === 0x02014b50);
    view.setUint32(central + 24, 1e9, true);
    expect(dataError(() => parseNpz(zip, { fileName: 'bomb.npz' })).message).toMatch(/^bomb\.npz: array "x": zip entry declares 1000000000 bytes from \d+ compressed bytes, more than the file can hold$/);
  });
  it('reports a damaged archive', () => {
    expect(dataError(() => parseNpz(new Uint8Array([1, 2, 3]), { fileName: 'bad.npz' })).message).toMatch(/^bad\.npz: not a readable \.npz \(zip\) archive/);
    expect(deflateSync(new Uint8Array(4)).length).toBeGreaterThan(0);
  });
});

describe('parseNpy errors name the array and shape', () => {
  it('declared size larger than the file', () => {
    expect(dataError(() => parseNpy(fixture('truncated.npy'), { fileName: 'truncated.npy', name: 'x' })).message).toBe(
      'truncated.npy: array "x": declares shape (1000, 3) <f8 = 24000 bytes of data but the file holds only 120',
    );
  });
  it('every truncation of a file is an error, never a crash', () => {
    const bytes = fixture('f8_4d_fortran_big.npy');
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => parseNpy(bytes.subarray(0, cut), { fileName: 'cut.npy' }).toColumns()).toThrow(DataError);
    }
  });
  it('bad magic, version, dtype and header', () => {
    const header = (dict: string) => {
      const text = `${dict}`.padEnd(118, ' ') + '\n';
      return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0, ...Array.from(text, (c) => c.charCodeAt(0))]);
    };
    expect(dataError(() => parseNpy(new Uint8Array(20), { fileName: 'z.npy' })).message).toBe('z.npy: array "array": not a .npy file (no \\x93NUMPY magic)');
    expect(dataError(() => parseNpy(header("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"))).message).toMatch(/dtype \|O \(Python objects, pickled\) is not supported/);
    expect(dataError(() => parseNpy(header("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }"))).message).toMatch(/dtype <c16 is not supported/);
    expect(dataError(() => parseNpy(header("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }"))).message).toMatch(/structured/);
    expect(dataError(() => parseNpy(header("{'descr': '<f8', 'shape': (2,), }"))).message).toMatch(/malformed header/);
    expect(dataError(() => parseNpy(header("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }"))).message).toMatch(/declares shape \(99999999999, 99999999999\)/);
  });
});

describe('parseNpz checks the CRC-32 of every member it reads, as numpy does (issue 13, item 5)', () => {
  const member = (zip: Uint8Array, name: string) => {
    // The member's data starts after its local header (30 bytes + name + extra).
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const local = zip.findIndex((_, k) => view.getUint32(k, true) === 0x04034b50 && new TextDecoder().decode(zip.subarray(k + 30, k + 30 + view.getUint16(k + 26, true))) === name);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    return { start, end: start + view.getUint32(local + 18, true) };
  };
  it('a flipped byte in a stored member is "Bad CRC-32", never different data', () => {
    const zip = fixture('arrays.npz');
    const { start, end } = member(zip, 'X.npy');
    expect(end - start).toBe(416);
    for (let at = start; at < end; at++) {
      const bad = zip.slice();
      bad[at] ^= 0x40;
      const error = dataError(() => npzDataset(bad, { fileName: 'a.npz', y: 'y' }));
      expect(error.message).toMatch(/^a\.npz: array "X": Bad CRC-32 for file "X\.npy" \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\): the archive is corrupted$/);
      expect(error.dataset).toBe('X');
    }
  });
  it('every flipped byte of a deflated member is refused or changes nothing', () => {
    const zip = fixture('compressed.npz');
    const good = npzDataset(zip, { y: 'y' });
    const { start, end } = member(zip, 'X.npy');
    let refused = 0;
    for (let at = start; at < end; at++) {
      for (const flip of [0x01, 0x10, 0x80]) {
        const bad = zip.slice();
        bad[at] ^= flip;
        try {
          const got = npzDataset(bad, { y: 'y' });
          expect(Array.from(got.X.data)).toEqual(Array.from(good.X.data));
        } catch (error) {
          expect(error).toBeInstanceOf(DataError);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
  it('fflate-made archives (stored and deflated, with data descriptors or not) still load', () => {
    for (const level of [0, 6] as const) {
      const zip = zipSync({ 'x.npy': fixture('f8_c.npy'), 'y.npy': fixture('labels_1d.npy') }, { level });
      expect(parseNpz(zip).get('x')!.toColumns().shape).toEqual(parseNpy(fixture('f8_c.npy')).toColumns().shape);
    }
  });
});

describe('parseNpz refuses sizes larger than the file (found by fuzz.test.ts)', () => {
  it('a compressed size of 2 GB in a 1 kB archive is refused at once, before inflating or allocating', () => {
    const zip = fixture('compressed.npz').slice();
    const view = new DataView(zip.buffer);
    // The central directory's first entry: compressed size at +20, uncompressed size at +24.
    const central = zip.findIndex((_, k) => k + 4 <= zip.length && view.getUint32(k, true) === 0x02014b50);
    view.setUint32(central + 20, 1_997_671_058, true);
    view.setUint32(central + 24, 1_311_362_123, true);
    const started = performance.now();
    expect(dataError(() => parseNpz(zip)).message).toMatch(/^<input>: array "\w+": zip entry declares 1997671058 compressed bytes but the file has \d+$/);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
