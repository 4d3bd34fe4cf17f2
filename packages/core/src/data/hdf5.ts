import * as hdf5 from 'jsfive';
import type { Matrix } from '../matrix';
import { checkExampleShape, classCountProblem, classLabelProblem, examplesToColumns, shapeText, type LoadedDataset } from './dataset';
import { DataError } from './errors';
import { labelsToColumns } from './npy';
import { toBytes, type ByteInput } from './text';

export interface Hdf5Options {
  /** Name used in error messages; `<input>` when not given. */
  fileName?: string;
  /** Dataset holding X, examples on the first axis. Default: the one dataset named `X` or `x` (in any group), else the one ending in `_x`, else the only dataset. */
  x?: string;
  /** Dataset holding labels, (m,) or (m, n_y). Default: `Y`, `y`, or the one name ending in `_y`. */
  y?: string;
  /** Dataset of class names (strings). Default: `classes` or `list_classes` when present. */
  classes?: string;
}

/** Largest ratio of inflated to stored size that DEFLATE (HDF5's gzip filter) can produce. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Reads named datasets of an HDF5 file with jsfive (a pure-JavaScript HDF5 reader: synchronous,
 * takes an ArrayBuffer, same code in browsers and Node). X comes out as examples-as-columns,
 * `x.reshape(m, -1).T` in numpy terms, so the course's cat images (209, 64, 64, 3) become
 * (12288, 209) with feature index (row·64 + col)·3 + channel.
 */
export function parseHdf5(input: ByteInput, options: Hdf5Options = {}): LoadedDataset {
  const file = options.fileName ?? '<input>';
  try {
    return readHdf5(toBytes(input, file), file, options);
  } catch (error) {
    if (error instanceof DataError) throw error;
    // jsfive trusts the file's metadata: a corrupted object header or B-tree surfaces as a
    // TypeError ("undefined is not iterable"), a RangeError or a plain Error from deep inside it.
    throw new DataError({ file }, `cannot read the HDF5 structure (${messageOf(error)}); the file is corrupted or not HDF5`);
  }
}

function readHdf5(bytes: Uint8Array, file: string, options: Hdf5Options): LoadedDataset {
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  let root: hdf5.File;
  try {
    root = new hdf5.File(buffer, file);
  } catch (error) {
    throw new DataError({ file }, `not a readable HDF5 file: ${messageOf(error)}`);
  }
  const names = datasetNames(root, file);
  const list = names.map((n) => JSON.stringify(n)).join(', ') || 'none';
  const pick = (asked: string | undefined, defaults: string[], suffix: string | undefined, role: string, required: boolean): string | undefined => {
    if (asked !== undefined) {
      if (!names.includes(asked.replace(/^\//, ''))) throw new DataError({ file, dataset: asked }, `no dataset named ${JSON.stringify(asked)} for ${role}; the file holds ${list}`);
      return asked.replace(/^\//, '');
    }
    const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);
    for (const wanted of defaults) {
      const found = names.filter((name) => base(name) === wanted);
      if (found.length === 1) return found[0];
    }
    const bySuffix = suffix === undefined ? [] : names.filter((name) => base(name).toLowerCase().endsWith(suffix));
    if (bySuffix.length === 1) return bySuffix[0];
    if (required && names.length === 1) return names[0];
    if (required) throw new DataError({ file }, `which dataset is ${role}? pass the option x; the file holds ${list}`);
    return undefined;
  };
  const xName = pick(options.x, ['X', 'x'], '_x', 'X', true)!;
  const dataset: LoadedDataset = { X: readNumeric(root, xName, file, bytes.length).toColumns() };
  const yName = pick(options.y, ['Y', 'y'], '_y', 'Y', false);
  if (yName !== undefined) dataset.Y = labelsToColumns(readNumeric(root, yName, file, bytes.length), dataset.X.cols, file);
  const classesName = pick(options.classes, ['classes', 'list_classes'], undefined, 'the class names', false);
  if (classesName !== undefined) dataset.classNames = readStrings(root, classesName, file);
  if (classesName !== undefined && yName !== undefined) {
    const problem = classLabelProblem(dataset.Y!, dataset.classNames!.length, JSON.stringify(classesName));
    if (problem !== undefined) {
      const where = problem.j < 0 ? `dataset ${JSON.stringify(classesName)}` : `dataset ${JSON.stringify(yName)} [${problem.j}]`;
      throw new DataError({ file, dataset: problem.j < 0 ? classesName : yName }, `${where}: ${problem.detail}`);
    }
  }
  if (yName !== undefined) dataset.labelName = yName;
  return dataset;
}

/** Every dataset's path in the file, groups walked depth first (`group/name`). */
function datasetNames(root: hdf5.Group, file: string): string[] {
  const out: string[] = [];
  const walk = (group: hdf5.Group, prefix: string, depth: number) => {
    if (depth > 32) return;
    for (const key of group.keys) {
      let child: hdf5.Group | hdf5.Dataset;
      try {
        child = group.get(key);
      } catch (error) {
        throw new DataError({ file, dataset: prefix + key }, `cannot read ${JSON.stringify(prefix + key)}: ${messageOf(error)}`);
      }
      if (child instanceof hdf5.Dataset) out.push(prefix + key);
      else if (child instanceof hdf5.Group) walk(child, `${prefix}${key}/`, depth + 1);
    }
  };
  walk(root, '', 0);
  return out;
}

function datasetAt(root: hdf5.File, name: string, file: string): hdf5.Dataset {
  const node = root.get(name);
  if (!(node instanceof hdf5.Dataset)) throw new DataError({ file, dataset: name }, `${JSON.stringify(name)} is a group, not a dataset`);
  return node;
}

interface NumericArray {
  name: string;
  shape: number[];
  toColumns(): Matrix;
}

function readNumeric(root: hdf5.File, name: string, file: string, fileBytes: number): NumericArray {
  const dataset = datasetAt(root, name, file);
  const shape = [...dataset.shape];
  const where = { file, dataset: name };
  const dtype = dataset.dtype;
  const prefix = `dataset ${JSON.stringify(name)} ${shapeText(shape)}`;
  if (typeof dtype !== 'string' || !/^[<>|=]?[fiub]\d+$/.test(dtype)) {
    throw new DataError(where, `${prefix}: dtype ${JSON.stringify(dtype)} is not numeric`);
  }
  const itemSize = Number(/(\d+)$/.exec(dtype)![1]);
  let count = 1;
  for (const d of shape) count *= d;
  if (!Number.isSafeInteger(count * itemSize) || count * itemSize > fileBytes * MAX_DEFLATE_RATIO) {
    throw new DataError(where, `${prefix} ${dtype} declares ${count * itemSize} bytes, more than a ${fileBytes}-byte file can hold`);
  }
  checkExampleShape(shape, where, 'dataset');
  checkChunks(dataset, count, itemSize, fileBytes, where, `${prefix} ${dtype}`);
  let values: ArrayLike<number | bigint | string>;
  try {
    values = dataset.value;
  } catch (error) {
    throw new DataError(where, `${prefix} ${dtype}: cannot read the data (${messageOf(error)}); the file may be truncated`);
  }
  if (values.length !== count) {
    throw new DataError(where, `${prefix} declares ${count} elements but ${values.length} could be read; the file may be truncated`);
  }
  const read = (k: number): number => Number(values[k]);
  return { name, shape, toColumns: () => examplesToColumns(shape, false, read, where) };
}

/** Elements per chunk that jsfive may walk whatever the data's size (h5py's chunks are far smaller). */
const MAX_CHUNK_ELEMENTS = 1 << 20;

/**
 * jsfive walks every element of every chunk the B-tree lists, in JavaScript: a corrupted chunk
 * shape such as (6, 2, 2^31) would take minutes. A chunk may exceed the data only for resizable
 * datasets, and must be something the file's bytes could inflate to.
 */
function checkChunks(dataset: hdf5.Dataset, count: number, itemSize: number, fileBytes: number, where: { file: string; dataset: string }, prefix: string): void {
  const chunks = (dataset as unknown as { _dataobjects?: { chunks?: unknown } })._dataobjects?.chunks;
  if (chunks === null || chunks === undefined) return;
  const dims = Array.isArray(chunks) ? (chunks as unknown[]) : [];
  let elements = 1;
  for (const d of dims) elements *= typeof d === 'number' ? d : NaN;
  if (dims.length === 0 || !Number.isSafeInteger(elements) || elements < 1 || elements > Math.max(count, MAX_CHUNK_ELEMENTS) || elements * itemSize > fileBytes * MAX_DEFLATE_RATIO) {
    throw new DataError(where, `${prefix}: chunk shape (${dims.map(String).join(', ')}) is not possible for this data in a ${fileBytes}-byte file; the file is corrupted`);
  }
}

function readStrings(root: hdf5.File, name: string, file: string): string[] {
  const dataset = datasetAt(root, name, file);
  // The class list's size is checked from its declared shape, before jsfive decodes every string:
  // one corrupted dimension byte can declare millions of them (a 28-second read).
  const count = [...dataset.shape].reduce((n, d) => n * d, 1);
  const tooMany = classCountProblem(count, JSON.stringify(name));
  if (tooMany !== undefined) throw new DataError({ file, dataset: name }, `dataset ${JSON.stringify(name)}: ${tooMany}`);
  let values: ArrayLike<number | bigint | string>;
  try {
    values = dataset.value;
  } catch (error) {
    throw new DataError({ file, dataset: name }, `dataset ${JSON.stringify(name)}: cannot read the data (${messageOf(error)})`);
  }
  const out: string[] = [];
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (typeof value !== 'string') throw new DataError({ file, dataset: name }, `dataset ${JSON.stringify(name)} does not hold strings`);
    out.push(value.replace(/\0+$/, '')); // fixed-length strings are NUL-padded
  }
  return out;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
