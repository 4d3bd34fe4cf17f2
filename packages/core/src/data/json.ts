// JSON data files (records, or { X, Y, classNames } arrays) into examples-as-columns, with every
// message at the line and column of the offending value. One file because the two layouts share the
// path-to-position mapping, the structure check (duplicate keys) and the value readers; the class
// encoding is dataset.ts's, where JSON text goes wrong json-syntax.ts's.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { jsonSyntaxError, lineColumn } from '../json-syntax';
import { Matrix } from '../matrix';
import { ClassEncoder, classLabelProblem, type LabelType, type LoadedDataset } from './dataset';
import { DataError, type DataErrorCode } from './errors';
import { decodeText, toBytes, type ByteInput } from './text';

export interface JsonOptions {
  /** Name used in error messages; `<input>` when not given. */
  fileName?: string;
  /** Records form: the key holding the label. Without it every key is a feature. */
  label?: string;
  /** `'auto'` (default): categorical when the first label is a string. */
  labelType?: LabelType;
}

type Path = (string | number)[];

/**
 * Parses JSON data into examples-as-columns. Two shapes are accepted:
 *
 * - an array of records, `[{"x1": 0.5, "x2": 1, "y": "cat"}, …]`: every record has the same keys;
 *   features are the keys of the first record in their order, minus `label`;
 * - `{"X": [[…], …], "Y": […]}`: X is samples-by-features (m, n_x), one inner array per example,
 *   as numpy's `X.T.tolist()` writes it; Y is a list of m labels (numbers or class names) or m
 *   rows of n_y numbers. Optional `featureNames` and `classNames` arrays are kept.
 *
 * Errors carry the line and column of the offending value.
 */
export function parseJson(input: string | ByteInput, options: JsonOptions = {}): LoadedDataset {
  const file = options.fileName ?? '<input>';
  let text = typeof input === 'string' ? input : decodeText(toBytes(input, file), file);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const duplicate = checkStructure(text, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw syntaxError(text, file);
  }
  // After JSON.parse, so that a syntax error before the duplicate is the one reported.
  if (duplicate !== undefined) {
    const first = lineColumn(text, duplicate.firstOffset);
    throw new DataError(
      { file, ...lineColumn(text, duplicate.offset) },
      `duplicate key ${JSON.stringify(duplicate.key)} in one object (first at ${first.line}:${first.column}); keys must be unique: JSON keeps only the last value, so one of them would be lost`,
    );
  }
  const fail = (path: Path, detail: string, code?: DataErrorCode): never => {
    throw new DataError({ file, ...positionOf(text, path) }, `${pathText(path)}: ${detail}`, code);
  };
  if (Array.isArray(data)) return fromRecords(data, options, fail);
  if (isObject(data) && 'X' in data) return fromArrays(data, options, fail);
  if (text.trim() === '') throw new DataError({ file, line: 1, column: 1 }, 'the file is empty');
  return fail([], 'expected an array of records or an object with "X" (and "Y")');
}

type Fail = (path: Path, detail: string, code?: DataErrorCode) => never;

/** Deeper than any dataset (records: 2, X/Y arrays: 3) by far; the parsers below recurse. */
const MAX_DEPTH = 64;

/** The first key repeated within one object: its offset and the offset of its first use. */
interface DuplicateKey {
  key: string;
  offset: number;
  firstOffset: number;
}

/**
 * One pass over the characters, skipping strings, before anything recursive (JSON.parse,
 * jsonc-parser's tree for error positions) sees the text:
 *  - refuses nesting deeper than MAX_DEPTH: 20,000 `[` would otherwise end in "Maximum call stack
 *    size exceeded";
 *  - finds the first key repeated within one object, which JSON.parse resolves silently by keeping
 *    the last value (`{"x": 1, "x": 5}` is `{x: 5}`), as duplicate CSV column names would feed one
 *    column to two inputs. Returned rather than thrown, so that the caller reports a syntax error
 *    first when there is one.
 */
function checkStructure(text: string, file: string): DuplicateKey | undefined {
  // One entry per open container: the keys seen so far with their offsets (an object) or null (an array).
  const open: (ObjectKeys | null)[] = [];
  let duplicate: DuplicateKey | undefined;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 34) {
      // a string: skip to its closing quote (an unterminated one is JSON.parse's error to report)
      const start = p;
      let escaped = false;
      for (p++; p < text.length; p++) {
        const d = text.charCodeAt(p);
        if (d === 92) {
          p++;
          escaped = true;
        } else if (d === 34) break;
      }
      const keys = open[open.length - 1];
      if (duplicate === undefined && keys && nextNonSpace(text, p + 1) === 58) {
        const key = keyText(text, start, p, escaped);
        const first = key === undefined ? undefined : keys.add(key, start);
        if (key !== undefined && first !== undefined) duplicate = { key, offset: start, firstOffset: first };
      }
    } else if (c === 91 || c === 123) {
      open.push(c === 123 ? new ObjectKeys() : null);
      if (open.length > MAX_DEPTH) {
        throw new DataError(
          { file, ...lineColumn(text, p) },
          `nested deeper than ${MAX_DEPTH} levels of arrays and objects; a dataset needs at most 3`,
        );
      }
    } else if (c === 93 || c === 125) {
      open.pop();
    }
  }
  return duplicate;
}

/**
 * The keys of one object so far. A dataset's objects are records of a few keys, so a list searched
 * in order is cheaper than a Map per record; past 16 keys a Map takes over.
 */
class ObjectKeys {
  private readonly names: string[] = [];
  private readonly offsets: number[] = [];
  private map: Map<string, number> | undefined;

  /** Adds `key` at `offset`; returns the offset of its first use when it is already there. */
  add(key: string, offset: number): number | undefined {
    if (this.map !== undefined) {
      const first = this.map.get(key);
      if (first === undefined) this.map.set(key, offset);
      return first;
    }
    const k = this.names.indexOf(key);
    if (k >= 0) return this.offsets[k];
    this.names.push(key);
    this.offsets.push(offset);
    if (this.names.length > 16) this.map = new Map(this.names.map((name, i) => [name, this.offsets[i]!]));
    return undefined;
  }
}

/** The character code of the first non-whitespace character at or after `p` (NaN at the end). */
function nextNonSpace(text: string, p: number): number {
  let c = text.charCodeAt(p);
  while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++p);
  return c;
}

/** The key between the quotes at `start` and `end`, unescaped; undefined when its escapes are invalid (JSON.parse reports it). */
function keyText(text: string, start: number, end: number, escaped: boolean): string | undefined {
  if (!escaped) return text.slice(start + 1, end);
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

function fromRecords(records: unknown[], options: JsonOptions, fail: Fail): LoadedDataset {
  if (records.length === 0) fail([], 'the array of records is empty');
  const first = records[0];
  if (!isObject(first)) fail([0], `expected a record (an object), got ${typeName(first)}`);
  const keys = Object.keys(first as object);
  const label = options.label;
  if (label !== undefined && !keys.includes(label)) {
    fail([0], `no key ${JSON.stringify(label)} for the label; the keys are ${keys.map((k) => JSON.stringify(k)).join(', ')}`, 'labelNotFound');
  }
  const featureNames = keys.filter((key) => key !== label);
  const n = featureNames.length;
  const m = records.length;
  const X = new Float64Array(n * m);
  const Y = label !== undefined ? new Float64Array(m) : undefined;
  const categorical = label !== undefined && isCategorical((first as Record<string, unknown>)[label], options.labelType, [0, label], fail);
  const classes = new ClassEncoder();
  for (let j = 0; j < m; j++) {
    const record = records[j];
    if (!isObject(record)) fail([j], `expected a record (an object), got ${typeName(record)}`);
    const r = record as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const key = featureNames[i]!;
      if (!Object.prototype.hasOwnProperty.call(r, key)) fail([j], `missing key ${JSON.stringify(key)} (record 0 has it)`);
      X[i * m + j] = numberAt(r[key], [j, key], fail);
    }
    if (label !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(r, label)) fail([j], `missing label key ${JSON.stringify(label)}`);
      Y![j] = categorical ? classAt(r[label], [j, label], classes, fail) : numberAt(r[label], [j, label], fail);
    }
    const count = Object.keys(r).length;
    if (count !== keys.length) {
      const extra = Object.keys(r).find((key) => !keys.includes(key))!;
      fail([j, extra], `unexpected key ${JSON.stringify(extra)}: record 0 has only ${keys.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
  const dataset: LoadedDataset = { X: new Matrix(n, m, X), featureNames };
  if (Y !== undefined) {
    if (categorical) dataset.classNames = classes.finish(Y, m);
    dataset.Y = new Matrix(1, m, Y);
    dataset.labelName = label;
  }
  return dataset;
}

function fromArrays(data: Record<string, unknown>, options: JsonOptions, fail: Fail): LoadedDataset {
  for (const key of Object.keys(data)) {
    if (!['X', 'Y', 'featureNames', 'classNames', 'labelName'].includes(key)) {
      fail([key], `unknown key; expected "X", "Y", "featureNames", "classNames" or "labelName"`);
    }
  }
  const samples = data.X;
  if (!Array.isArray(samples) || samples.length === 0) fail(['X'], 'X must be a non-empty array of examples, each an array of numbers');
  const rows = samples as unknown[];
  const m = rows.length;
  if (!Array.isArray(rows[0])) fail(['X', 0], `expected an example (an array of numbers), got ${typeName(rows[0])}`);
  const n = (rows[0] as unknown[]).length;
  const X = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    const row = rows[j];
    if (!Array.isArray(row)) fail(['X', j], `expected an example (an array of numbers), got ${typeName(row)}`);
    if ((row as unknown[]).length !== n) fail(['X', j], `example has ${(row as unknown[]).length} features but example 0 has ${n}`);
    for (let i = 0; i < n; i++) X[i * m + j] = numberAt((row as unknown[])[i], ['X', j, i], fail);
  }
  const dataset: LoadedDataset = { X: new Matrix(n, m, X) };
  if (data.featureNames !== undefined) dataset.featureNames = stringList(data.featureNames, 'featureNames', n, fail);
  if (data.labelName !== undefined) {
    if (typeof data.labelName !== 'string') fail(['labelName'], 'labelName must be a string');
    dataset.labelName = data.labelName as string;
  }
  if (data.Y === undefined) return dataset;
  const labels = data.Y;
  if (!Array.isArray(labels)) fail(['Y'], `Y must be an array of m = ${m} labels, got ${typeName(labels)}`);
  const list = labels as unknown[];
  if (list.length !== m) fail(['Y'], `Y has ${list.length} entries but X has m = ${m} examples`);
  if (Array.isArray(list[0])) {
    const k = (list[0] as unknown[]).length;
    const Y = new Float64Array(k * m);
    for (let j = 0; j < m; j++) {
      const row = list[j];
      if (!Array.isArray(row) || row.length !== k) fail(['Y', j], `expected an array of ${k} numbers like Y[0]`);
      for (let i = 0; i < k; i++) Y[i * m + j] = numberAt((row as unknown[])[i], ['Y', j, i], fail);
    }
    dataset.Y = new Matrix(k, m, Y);
    return dataset;
  }
  const Y = new Float64Array(m);
  const categorical = isCategorical(list[0], options.labelType, ['Y', 0], fail);
  const classes = new ClassEncoder();
  for (let j = 0; j < m; j++) Y[j] = categorical ? classAt(list[j], ['Y', j], classes, fail) : numberAt(list[j], ['Y', j], fail);
  if (categorical) dataset.classNames = classes.finish(Y, m);
  else if (data.classNames !== undefined) dataset.classNames = stringList(data.classNames, 'classNames', undefined, fail);
  dataset.Y = new Matrix(1, m, Y);
  if (!categorical && dataset.classNames !== undefined) {
    const problem = classLabelProblem(dataset.Y, dataset.classNames.length, 'classNames');
    if (problem !== undefined) fail(problem.j < 0 ? ['classNames'] : ['Y', problem.j], problem.detail);
  }
  return dataset;
}

function isCategorical(firstLabel: unknown, type: LabelType | undefined, path: Path, fail: Fail): boolean {
  if (type === undefined || type === 'auto') return typeof firstLabel === 'string';
  if (type === 'categorical') return true;
  if (type === 'numeric') return false;
  return fail(path, `labelType must be 'auto', 'numeric' or 'categorical', got ${JSON.stringify(type)}`);
}

function numberAt(value: unknown, path: Path, fail: Fail): number {
  if (typeof value === 'number') return value; // JSON has no NaN or Infinity
  if (typeof value === 'string') return fail(path, `${JSON.stringify(value)} is a string, not a number`);
  return fail(path, `expected a number, got ${typeName(value)}`);
}

function classAt(value: unknown, path: Path, classes: ClassEncoder, fail: Fail): number {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return fail(path, `expected a class name, got ${typeName(value)}`);
  const name = String(value);
  const tooMany = classes.overflow(name, JSON.stringify(value));
  if (tooMany !== undefined) fail(path, tooMany);
  return classes.id(name);
}

function stringList(value: unknown, key: string, length: number | undefined, fail: Fail): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail([key], `${key} must be an array of strings`);
  const list = value as string[];
  if (length !== undefined && list.length !== length) fail([key], `${key} has ${list.length} names but X has n_x = ${length} features`);
  return list;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
}

/** `[13].x2`, `X[4][1]`, or `(top level)`. */
function pathText(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, k) => (typeof part === 'number' ? `[${part}]` : k === 0 ? part : `.${part}`)).join('');
}

/** Line and column of the value at `path`, found with jsonc-parser (only on the way to an error). */
function positionOf(text: string, path: Path): { line: number; column: number } {
  const root = parseTree(text);
  const node = root === undefined ? undefined : path.length === 0 ? root : findNodeAtLocation(root, path);
  return lineColumn(text, node?.offset ?? 0);
}

function syntaxError(text: string, file: string): DataError {
  if (text.trim() === '') return new DataError({ file, line: 1, column: 1 }, 'the file is empty');
  const { code, line, column } = jsonSyntaxError(text);
  return new DataError({ file, line, column }, `invalid JSON (${code})`);
}
