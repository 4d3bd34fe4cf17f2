// NumPy's .npy and .npz files: the header, every dtype's element reader, the zip archive and the
// choice of the X, Y and classes arrays. One file because .npz is a zip of .npy arrays read by the
// same header and element code; the layout into examples-as-columns is dataset.ts's.
import { unzipSync } from 'fflate';
import type { Matrix } from '../matrix';
import { classLabelProblem, examplesToColumns, shapeText, type LoadedDataset } from './dataset';
import { DataError } from './errors';
import { toBytes, type ByteInput } from './text';

/**
 * One array from a `.npy` file, its elements still in the file's bytes. `toColumns` lays it out
 * as examples-as-columns (n, m), first axis = examples, each example flattened in C order.
 */
export interface NpyArray {
  name: string;
  /** numpy's dtype string, e.g. `<f8`, `|u1`, `>i4`. */
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
  /** Element k in storage order, as a number (int64 beyond 2^53 rounds as numpy's astype(float64) does). */
  read(k: number): number;
  /** The elements as strings, for `S`/`U` arrays (e.g. class names). */
  strings(): string[];
  toColumns(): Matrix;
}

interface DtypeInfo {
  size: number;
  kind: 'f' | 'i' | 'u' | 'b' | 'S' | 'U';
  littleEndian: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Reads one `.npy` array (format versions 1, 2 and 3): bool, int8..int64, uint8..uint64, float32,
 * float64, and byte/unicode strings; little or big endian; C or Fortran order. The declared shape
 * is checked against the bytes present before anything is allocated.
 */
export function parseNpy(input: ByteInput, options: { fileName?: string; name?: string } = {}): NpyArray {
  const file = options.fileName ?? '<input>';
  const name = options.name ?? 'array';
  const bytes = toBytes(input, file);
  const where = { file, dataset: name };
  const fail = (detail: string): never => {
    throw new DataError(where, `array ${JSON.stringify(name)}: ${detail}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) fail('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('truncated header');
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    return fail(`unsupported .npy format version ${major}.${bytes[7]}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail(`the header declares ${headerLength} bytes but the file ends after ${bytes.length - headerStart}`);
  const header = decodeHeader(bytes.subarray(headerStart, dataStart), major);
  const { descr, fortranOrder, shape } = parseHeader(header, fail);
  const info = parseDtype(descr, fail);
  let count = 1;
  for (const d of shape) count *= d;
  const needed = count * info.size;
  const available = bytes.length - dataStart;
  if (!Number.isSafeInteger(needed) || needed > available) {
    fail(`declares shape ${shapeText(shape)} ${descr} = ${needed} bytes of data but the file holds only ${available}`);
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, needed);
  const read = reader(data, info, fail);
  return {
    name,
    dtype: descr,
    shape,
    fortranOrder,
    read,
    strings: () => readStrings(bytes.subarray(dataStart, dataStart + needed), info, count, fail),
    toColumns: () => examplesToColumns(shape, fortranOrder, read, where),
  };
}

export interface NpzOptions {
  fileName?: string;
  /** The array holding X (samples first). Default: `X`, or `x`, or the only array. */
  x?: string;
  /** The array holding labels, (m,) or (m, n_y). Default: `Y` or `y` when present. */
  y?: string;
  /** An array of class names (strings). Default: `classes` or `list_classes` when present. */
  classes?: string;
}

/** Maximum ratio of inflated to deflated size that DEFLATE can produce. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Reads the arrays of a `.npz` archive (numpy's `savez` and `savez_compressed`: zip entries
 * stored or deflated). Only the entries asked for are inflated; an entry declaring more bytes than
 * DEFLATE could produce from its compressed size is refused before inflating. Every member read is
 * checked against the CRC-32 the archive records for it, as numpy does ("Bad CRC-32 for file …").
 */
export function parseNpz(input: ByteInput, options: { fileName?: string; names?: string[] } = {}): Map<string, NpyArray> {
  const file = options.fileName ?? '<input>';
  const bytes = toBytes(input, file);
  const wanted = options.names;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        const name = entry.name.replace(/\.npy$/, '');
        if (wanted !== undefined && !wanted.includes(name)) return false;
        if (entry.compression !== 0 && entry.compression !== 8) {
          throw new DataError({ file, dataset: name }, `array ${JSON.stringify(name)}: zip compression method ${entry.compression} is not supported (only stored and deflate)`);
        }
        // A corrupted size field can claim more compressed bytes than the whole file: inflating up
        // to that claim would allocate gigabytes from a few bytes.
        if (entry.size > bytes.length) {
          throw new DataError({ file, dataset: name }, `array ${JSON.stringify(name)}: zip entry declares ${entry.size} compressed bytes but the file has ${bytes.length}`);
        }
        const limit = entry.compression === 0 ? entry.size : entry.size * MAX_DEFLATE_RATIO + 1024;
        if (entry.originalSize > limit) {
          throw new DataError({ file, dataset: name }, `array ${JSON.stringify(name)}: zip entry declares ${entry.originalSize} bytes from ${entry.size} compressed bytes, more than the file can hold`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError({ file }, `not a readable .npz (zip) archive: ${(error as Error).message}`);
  }
  const crcs = centralDirectoryCrcs(bytes);
  const arrays = new Map<string, NpyArray>();
  for (const [entryName, data] of Object.entries(entries)) {
    const name = entryName.replace(/\.npy$/, '');
    const stored = crcs.get(entryName);
    const computed = crc32(data);
    if (stored === undefined || stored !== computed) {
      const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
      throw new DataError(
        { file, dataset: name },
        `array ${JSON.stringify(name)}: Bad CRC-32 for file ${JSON.stringify(entryName)} (stored ${stored === undefined ? 'none' : hex(stored)}, computed ${hex(computed)}): the archive is corrupted`,
      );
    }
    arrays.set(name, parseNpy(data, { fileName: file, name }));
  }
  return arrays;
}

/**
 * The CRC-32 of each member as the zip's central directory records it (numpy's zipfile checks the
 * same field). Sizes and offsets were already checked by fflate; a directory that cannot be walked
 * yields no CRCs, so every member is then refused.
 */
function centralDirectoryCrcs(bytes: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let k = bytes.length - 22; k >= 0 && k >= bytes.length - 22 - 0xffff; k--) {
    if (view.getUint32(k, true) === 0x06054b50) {
      end = k;
      break;
    }
  }
  if (end === -1) return out;
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if ((count === 0xffff || offset === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === 0x07064b50) {
    const zip64End = Number(view.getBigUint64(end - 20 + 8, true));
    if (zip64End + 56 <= bytes.length && view.getUint32(zip64End, true) === 0x06064b50) {
      count = Number(view.getBigUint64(zip64End + 32, true));
      offset = Number(view.getBigUint64(zip64End + 48, true));
    }
  }
  const decoder = new (globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } }).TextDecoder();
  for (let e = 0; e < count && offset + 46 <= bytes.length; e++) {
    if (view.getUint32(offset, true) !== 0x02014b50) break;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.length) break;
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    // A name listed twice (a tampered archive) keeps no CRC: fflate keeps one of the two bodies.
    if (out.has(name)) out.set(name, -1);
    else out.set(name, view.getUint32(offset + 16, true));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, zip's), as zlib.crc32 computes it. */
function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let k = 0; k < bytes.length; k++) crc = table[(crc ^ bytes[k]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A `.npy` file as a dataset: X from the array (first axis = examples), no labels. */
export function npyDataset(input: ByteInput, options: { fileName?: string } = {}): LoadedDataset {
  return { X: parseNpy(input, { ...options, name: 'X' }).toColumns() };
}

/** A `.npz` archive as a dataset: X, and Y and class names when present (see NpzOptions). */
export function npzDataset(input: ByteInput, options: NpzOptions = {}): LoadedDataset {
  const file = options.fileName ?? '<input>';
  const arrays = parseNpz(input, { fileName: file });
  const names = [...arrays.keys()];
  const list = names.map((n) => JSON.stringify(n)).join(', ') || 'none';
  const pick = (asked: string | undefined, defaults: string[], role: string, required: boolean): NpyArray | undefined => {
    if (asked !== undefined) {
      const array = arrays.get(asked);
      if (array === undefined) throw new DataError({ file, dataset: asked }, `no array named ${JSON.stringify(asked)} for ${role}; the archive holds ${list}`);
      return array;
    }
    for (const name of defaults) if (arrays.has(name)) return arrays.get(name);
    if (required && names.length === 1) return arrays.get(names[0]!);
    if (required) throw new DataError({ file }, `which array is ${role}? pass the option x; the archive holds ${list}`);
    return undefined;
  };
  const xArray = pick(options.x, ['X', 'x'], 'X', true)!;
  const dataset: LoadedDataset = { X: xArray.toColumns() };
  const yArray = pick(options.y, ['Y', 'y'], 'Y', false);
  if (yArray !== undefined) dataset.Y = labelsToColumns(yArray, dataset.X.cols, file);
  const classArray = pick(options.classes, ['classes', 'list_classes'], 'the class names', false);
  if (classArray !== undefined) dataset.classNames = classArray.strings();
  if (classArray !== undefined && yArray !== undefined) {
    const problem = classLabelProblem(dataset.Y!, dataset.classNames!.length, JSON.stringify(classArray.name));
    if (problem !== undefined) {
      const where = problem.j < 0 ? `array ${JSON.stringify(classArray.name)}` : `array ${JSON.stringify(yArray.name)} [${problem.j}]`;
      throw new DataError({ file, dataset: problem.j < 0 ? classArray.name : yArray.name }, `${where}: ${problem.detail}`);
    }
  }
  return dataset;
}

/** Y (n_y, m) from an (m,) or (m, n_y) array, checked against X's m. */
export function labelsToColumns(array: { name: string; shape: number[]; toColumns(): Matrix }, m: number, file: string): Matrix {
  if (array.shape[0] !== m) {
    throw new DataError({ file, dataset: array.name }, `array ${JSON.stringify(array.name)} has shape ${shapeText(array.shape)} but X has m = ${m} examples (first axis)`);
  }
  return array.toColumns();
}

function decodeHeader(bytes: Uint8Array, major: number): string {
  let text = '';
  if (major === 3) {
    const Decoder = (globalThis as unknown as { TextDecoder: new () => { decode(b: Uint8Array): string } }).TextDecoder;
    return new Decoder().decode(bytes);
  }
  for (let k = 0; k < bytes.length; k++) text += String.fromCharCode(bytes[k]!);
  return text;
}

/** Parses the header's Python dict literal, `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(header: string, fail: (detail: string) => never): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const order = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined) {
    if (/'descr'\s*:\s*\[/.test(header)) fail('structured (record) dtypes are not supported');
    fail(`malformed header ${JSON.stringify(header.trim())}`);
  }
  if (order === undefined || shapeMatch === undefined) fail(`malformed header ${JSON.stringify(header.trim())}`);
  const shape = shapeMatch!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+L?$/.test(s) ? parseInt(s, 10) : fail(`malformed shape (${shapeMatch})`)));
  return { descr: descr!, fortranOrder: order === 'True', shape };
}

function parseDtype(descr: string, fail: (detail: string) => never): DtypeInfo {
  const match = /^([<>|=])([fiubSU])(\d+)$/.exec(descr);
  if (match === null) {
    if (descr.includes('O')) fail(`dtype ${descr} (Python objects, pickled) is not supported`);
    fail(`dtype ${descr} is not supported (float32/64, int8..64, uint8..64, bool, S, U)`);
  }
  const [, order, kind, sizeText] = match!;
  const size = Number(sizeText);
  const numericSizes: Record<string, number[]> = { f: [4, 8], i: [1, 2, 4, 8], u: [1, 2, 4, 8], b: [1] };
  if (kind !== 'S' && kind !== 'U' && !numericSizes[kind!]!.includes(size)) fail(`dtype ${descr} is not supported`);
  // '=' is native order; every platform that runs this is little-endian.
  return { size: kind === 'U' ? size * 4 : size, kind: kind as DtypeInfo['kind'], littleEndian: order !== '>' };
}

function reader(data: DataView, info: DtypeInfo, fail: (detail: string) => never): (k: number) => number {
  const le = info.littleEndian;
  switch (`${info.kind}${info.size}`) {
    case 'f8':
      return (k) => data.getFloat64(k * 8, le);
    case 'f4':
      return (k) => data.getFloat32(k * 4, le);
    case 'i1':
      return (k) => data.getInt8(k);
    case 'i2':
      return (k) => data.getInt16(k * 2, le);
    case 'i4':
      return (k) => data.getInt32(k * 4, le);
    case 'i8':
      return (k) => Number(data.getBigInt64(k * 8, le));
    case 'u1':
    case 'b1':
      return (k) => data.getUint8(k);
    case 'u2':
      return (k) => data.getUint16(k * 2, le);
    case 'u4':
      return (k) => data.getUint32(k * 4, le);
    case 'u8':
      return (k) => Number(data.getBigUint64(k * 8, le));
    default:
      return () => fail(`a string array (${info.kind}${info.size}) cannot be read as numbers`);
  }
}

function readStrings(bytes: Uint8Array, info: DtypeInfo, count: number, fail: (detail: string) => never): string[] {
  if (info.kind !== 'S' && info.kind !== 'U') fail('expected an array of strings (dtype S or U)');
  const out: string[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < count; k++) {
    let text = '';
    if (info.kind === 'S') {
      for (let b = 0; b < info.size; b++) {
        const code = bytes[k * info.size + b]!;
        if (code === 0) break;
        text += String.fromCharCode(code);
      }
    } else {
      for (let c = 0; c < info.size / 4; c++) {
        const code = view.getUint32(k * info.size + c * 4, info.littleEndian);
        if (code === 0) break;
        if (code > 0x10ffff) fail(`element ${k} holds an invalid code point ${code}`);
        text += String.fromCodePoint(code);
      }
    }
    out.push(text);
  }
  return out;
}
