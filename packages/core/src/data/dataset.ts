import { Matrix } from '../matrix';
import { DataError, type DataLocation } from './errors';

/**
 * What every loader returns, examples as columns: X is (n_x, m); Y, when the data has labels, is
 * (n_y, m), one row for a label column. With categorical labels Y holds class indices into
 * `classNames`.
 */
export interface LoadedDataset {
  X: Matrix;
  Y?: Matrix;
  /** One name per row of X (CSV header, JSON keys), when the source names its features. */
  featureNames?: string[];
  /** `classNames[k]` is the name of class index k in Y. */
  classNames?: string[];
  /** The name of the label column or array, when known. */
  labelName?: string;
}

/**
 * The most classes a dataset may have: class names in a label column or a class list, or integer
 * labels for `--head multiclass`. Checked while loading, before anything sized by the number of
 * classes (a one-hot Y, a softmax layer) is allocated: one corrupted label byte must not become a
 * network of millions of outputs.
 */
export const MAX_CLASSES = 10_000;

/**
 * The class bound, checked here for every path: a class list (NPZ `classes`, HDF5 `list_classes`,
 * JSON `classNames`: classCountProblem), a name that would be one class too many (CSV and JSON label
 * columns, through ClassEncoder.overflow), and integer labels read as class indices (the CLI's
 * `--head multiclass`: classIndexProblem).
 */
function tooManyClasses(classCount: number): boolean {
  return classCount > MAX_CLASSES;
}

/** The message for a class list of more than MAX_CLASSES names, or undefined. */
export function classCountProblem(classCount: number, listName: string): string | undefined {
  return tooManyClasses(classCount) ? `${listName} lists ${classCount} classes; at most ${MAX_CLASSES} are supported` : undefined;
}

/**
 * The first integer label that would make more than MAX_CLASSES classes (one output per class up to
 * the largest label), as its example index j and its value, or undefined: checked before anything
 * sized by the number of classes is allocated. The caller names the file and the example.
 */
export function classIndexProblem(labels: ArrayLike<number>): { j: number; label: number; detail: string } | undefined {
  for (let j = 0; j < labels.length; j++) {
    const label = labels[j]!;
    if (tooManyClasses(label + 1)) {
      return { j, label, detail: `takes labels 0..${MAX_CLASSES - 1} (at most ${MAX_CLASSES} classes)` };
    }
  }
  return undefined;
}

/**
 * Checks one row of labels against a class list of C names: each an integer 0..C-1, and C at most
 * MAX_CLASSES. Returns a message (without location) for the first bad label and its example index,
 * or undefined when all fit. `listName` is how the list is named: `"classes"`, `classNames`.
 */
export function classLabelProblem(Y: Matrix, classCount: number, listName: string): { j: number; detail: string } | undefined {
  const tooMany = classCountProblem(classCount, listName);
  if (tooMany !== undefined) return { j: -1, detail: tooMany };
  if (Y.rows !== 1) return undefined;
  const labels = Y.data;
  for (let j = 0; j < labels.length; j++) {
    const v = labels[j]!;
    if (!(Number.isInteger(v) && v >= 0 && v < classCount)) {
      return { j, detail: `label ${String(v)} is not a class index; ${listName} lists ${classCount} class${classCount === 1 ? '' : 'es'} (labels 0..${classCount - 1})` };
    }
  }
  return undefined;
}

/** How a label column is read: numbers as they are, or names mapped to class indices. */
export type LabelType = 'auto' | 'numeric' | 'categorical';

/**
 * Maps class names to indices 0..C-1 in sorted order: numerically when every name is a number
 * (`'2' < '10'`), otherwise by UTF-16 code units (`'cat' < 'dog'`), as `np.unique` does. Sorted
 * order makes the indices independent of row order, so a shuffled copy of a file gets the same
 * classes. While reading, ids are handed out in first-seen order; `finish` renumbers them.
 */
export class ClassEncoder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** Whether `name` already has an id. */
  has(name: string): boolean {
    return this.ids.has(name);
  }

  /** The number of distinct names so far. */
  get size(): number {
    return this.names.length;
  }

  /**
   * The message when `name` would be one class too many (`'id10000' would be class 10001; at most
   * 10000 classes are supported`), or undefined; `shown` is the name as the caller's format quotes it.
   */
  overflow(name: string, shown: string): string | undefined {
    if (!tooManyClasses(this.names.length + 1) || this.ids.has(name)) return undefined;
    return `${shown} would be class ${this.names.length + 1}; at most ${MAX_CLASSES} classes are supported`;
  }

  /** The first-seen id of `name`. */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** Renumbers `labels[0..m)` (first-seen ids) to sorted order and returns the sorted names. */
  finish(labels: Float64Array, m: number): string[] {
    const numeric = this.names.every((name) => name.trim() !== '' && Number.isFinite(Number(name)));
    const order = this.names.map((_, k) => k);
    order.sort((a, b) => {
      const A = this.names[a]!;
      const B = this.names[b]!;
      if (numeric) return Number(A) - Number(B) || (A < B ? -1 : A > B ? 1 : 0);
      return A < B ? -1 : A > B ? 1 : 0;
    });
    const rank = new Float64Array(order.length);
    order.forEach((firstSeen, sorted) => (rank[firstSeen] = sorted));
    for (let j = 0; j < m; j++) labels[j] = rank[labels[j]!]!;
    return order.map((k) => this.names[k]!);
  }
}

/** Numpy-style shape text, `(209, 64, 64, 3)`, `(209,)`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * Lays an n-d array whose first axis indexes examples into examples-as-columns (n, m), flattening
 * each example in C order as numpy's `x.reshape(m, -1).T` does. `read(k)` returns the element at
 * flat index k of the stored order (C, or Fortran when `fortranOrder`). Each element is read once
 * and written straight to its final place, so no intermediate float64 copy exists.
 */
export function examplesToColumns(
  shape: readonly number[],
  fortranOrder: boolean,
  read: (flatIndex: number) => number,
  where: DataLocation,
): Matrix {
  if (shape.length === 0) {
    throw new DataError(where, `array ${JSON.stringify(where.dataset)} is a scalar; expected one example per entry of the first axis`);
  }
  checkExampleShape(shape, where);
  const m = shape[0]!;
  let n = 1;
  for (let a = 1; a < shape.length; a++) n *= shape[a]!;
  const out = new Float64Array(n * m);
  // A NaN or ±Infinity is refused where it is stored, as CSV refuses one in its cell.
  const finite = (k: number): number => {
    const v = read(k);
    if (v - v !== 0) nonFinite(shape, fortranOrder, k, v, where);
    return v;
  };
  if (!fortranOrder || shape.length <= 2) {
    if (!fortranOrder) {
      for (let j = 0; j < m; j++) {
        const base = j * n;
        for (let i = 0; i < n; i++) out[i * m + j] = finite(base + i);
      }
    } else {
      // Fortran (m, n) is stored column by column: already (n, m) row-major.
      for (let k = 0; k < n * m; k++) out[k] = finite(k);
    }
    return new Matrix(n, m, out);
  }
  // Fortran order, 3 or more axes: flat index j + m·g, g the Fortran index over the feature axes.
  const featureShape = shape.slice(1);
  const cStride = new Array<number>(featureShape.length);
  let stride = 1;
  for (let a = featureShape.length - 1; a >= 0; a--) {
    cStride[a] = stride;
    stride *= featureShape[a]!;
  }
  const index = new Array<number>(featureShape.length).fill(0);
  for (let g = 0; g < n; g++) {
    let i = 0;
    for (let a = 0; a < index.length; a++) i += index[a]! * cStride[a]!;
    const base = m * g;
    for (let j = 0; j < m; j++) out[i * m + j] = finite(base + j);
    for (let a = 0; a < index.length; a++) {
      if (++index[a]! < featureShape[a]!) break;
      index[a] = 0;
    }
  }
  return new Matrix(n, m, out);
}

/**
 * Refuses a shape with no elements before anything loops over it: (10^15, 0) declares no bytes, so
 * the size check against the file passes, but a loop over its 10^15 examples would never end.
 */
export function checkExampleShape(shape: readonly number[], where: DataLocation, kind: 'array' | 'dataset' = 'array'): void {
  if (shape.length === 0) return;
  const name = `${kind} ${JSON.stringify(where.dataset ?? 'X')}`;
  if (shape.slice(1).some((d) => d === 0)) {
    throw new DataError(where, `${name} has shape ${shapeText(shape)}: its examples have no features`);
  }
  if (shape[0] === 0) throw new DataError(where, `${name} has shape ${shapeText(shape)}: it has no examples`);
}

/** The DataError for a NaN or ±Infinity at flat storage index k: `element [1, 1] (example 1, feature 1) is NaN`. */
function nonFinite(shape: readonly number[], fortranOrder: boolean, k: number, value: number, where: DataLocation): never {
  const index = new Array<number>(shape.length).fill(0);
  let rest = k;
  if (fortranOrder) {
    for (let a = 0; a < shape.length; a++) {
      index[a] = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
    }
  } else {
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a] = rest % shape[a]!;
      rest = Math.floor(rest / shape[a]!);
    }
  }
  let feature = 0;
  for (let a = 1; a < shape.length; a++) feature = feature * shape[a]! + index[a]!;
  const name = where.dataset ?? 'X';
  throw new DataError(
    where,
    `array ${JSON.stringify(name)}: element [${index.join(', ')}] (example ${index[0]}, feature ${feature}) is ${String(value)}; NaN and Infinity are not allowed`,
  );
}
