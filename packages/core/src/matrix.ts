import { ShapeError, ValueError, formatShape } from './errors';

/** The element type of a Matrix: float64 (the default, the course's numbers) or float32. */
export type DType = 'float32' | 'float64';

/** The storage of a Matrix: a Float64Array for float64, a Float32Array for float32. */
export type FloatArray = Float64Array | Float32Array;

/** The dtypes, for validation and option lists. */
export const DTYPES: readonly DType[] = ['float64', 'float32'];

/** A zero-filled array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** The dtype of an array's elements. */
function dtypeOf(data: FloatArray): DType {
  return data instanceof Float32Array ? 'float32' : 'float64';
}

/**
 * A dense 2-D matrix stored row-major: element (i, j) lives at `data[i * cols + j]`, a Float64Array
 * (dtype float64, the default) or a Float32Array (dtype float32: every stored element is rounded to
 * float32, like numpy's `astype(np.float32)`). In the course's shapes, X is (n_x, m) with one example
 * per column, W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1).
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: FloatArray;

  /**
   * A (rows, cols) matrix of zeros of `dtype` (default float64), or a view over `data` (not copied)
   * of length rows·cols, whose dtype it takes.
   */
  constructor(rows: number, cols: number, data?: FloatArray | DType) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ValueError(`Matrix: rows and cols must be non-negative integers, got (${rows}, ${cols})`);
    }
    if (typeof data === 'string') {
      if (data !== 'float64' && data !== 'float32') {
        throw new ValueError(`Matrix: dtype must be 'float64' or 'float32', got ${JSON.stringify(data)}`);
      }
      data = allocate(data, rows * cols);
    } else if (data !== undefined) {
      if (!(data instanceof Float64Array) && !(data instanceof Float32Array)) {
        throw new ValueError('Matrix: data must be a Float64Array or a Float32Array');
      }
      if (data.length !== rows * cols) {
        throw new ShapeError(
          'Matrix',
          'data',
          `data has ${data.length} elements but the shape ${formatShape(rows, cols)} needs ${rows * cols}`,
        );
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** Builds a matrix from its rows: `Matrix.from([[1, 2, 3], [4, 5, 6]])` is (2, 3). */
  static from(rows: readonly (readonly number[])[]): Matrix {
    if (!Array.isArray(rows)) throw new ValueError('Matrix.from: expected an array of rows');
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0]!.length;
    const data = new Float64Array(r * c);
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      if (!Array.isArray(row) || row.length !== c) {
        throw new ShapeError(
          'Matrix.from',
          'rows',
          `row ${i} has ${Array.isArray(row) ? row.length : 'no'} elements but row 0 has ${c}`,
        );
      }
      for (let j = 0; j < c; j++) data[i * c + j] = row[j]!;
    }
    return new Matrix(r, c, data);
  }

  /**
   * Builds X from m samples of n features each, putting examples in columns: the result is (n, m),
   * what numpy's `np.array(samples).T` gives.
   */
  static fromSamples(samples: readonly (readonly number[])[]): Matrix {
    if (!Array.isArray(samples)) throw new ValueError('Matrix.fromSamples: expected an array of samples');
    const m = samples.length;
    const n = m === 0 ? 0 : samples[0]!.length;
    const data = new Float64Array(n * m);
    for (let j = 0; j < m; j++) {
      const sample = samples[j]!;
      if (!Array.isArray(sample) || sample.length !== n) {
        throw new ShapeError(
          'Matrix.fromSamples',
          'samples',
          `sample ${j} has ${Array.isArray(sample) ? sample.length : 'no'} features but sample 0 has ${n}`,
        );
      }
      for (let i = 0; i < n; i++) data[i * m + j] = sample[i]!;
    }
    return new Matrix(n, m, data);
  }

  /** A (rows, cols) matrix of `dtype` (default float64) with every element equal to `value`. */
  static full(rows: number, cols: number, value: number, dtype: DType = 'float64'): Matrix {
    const out = new Matrix(rows, cols, dtype);
    out.data.fill(value);
    return out;
  }

  /** 'float64' or 'float32': the element type of `data`. */
  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /**
   * This matrix with elements of `dtype`: itself when it already is (no copy), else a converted copy
   * (float64 → float32 rounds each element to nearest, numpy's `astype(np.float32)`).
   */
  astype(dtype: DType): Matrix {
    if (dtype === this.dtype) return this;
    const out = new Matrix(this.rows, this.cols, dtype);
    out.data.set(this.data);
    return out;
  }

  /** The shape as `[rows, cols]`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    this.checkIndex('get', i, j);
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.checkIndex('set', i, j);
    this.data[i * this.cols + j] = v;
  }

  /** The rows as plain arrays. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return out;
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The transpose, (cols, rows), as a new matrix. */
  transpose(): Matrix {
    const { rows, cols, data } = this;
    const out = allocate(this.dtype, rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
    }
    return new Matrix(cols, rows, out);
  }

  /** Columns `start` to `end - 1` as a new (rows, end - start) matrix, like numpy's `X[:, start:end]`. */
  sliceColumns(start: number, end: number): Matrix {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.cols || start > end) {
      throw new ValueError(`Matrix.sliceColumns: [${start}, ${end}) is outside 0..${this.cols}`);
    }
    const width = end - start;
    const out = allocate(this.dtype, this.rows * width);
    for (let i = 0; i < this.rows; i++) {
      out.set(this.data.subarray(i * this.cols + start, i * this.cols + end), i * width);
    }
    return new Matrix(this.rows, width, out);
  }

  /** `rows×cols` as text, for messages. */
  shapeString(): string {
    return formatShape(this.rows, this.cols);
  }

  toString(): string {
    return `Matrix${this.shapeString()} ${JSON.stringify(this.toArray())}`;
  }

  private checkIndex(method: string, i: number, j: number): void {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new ValueError(`Matrix.${method}: index (${i}, ${j}) is outside a ${this.shapeString()} matrix`);
    }
  }
}

/**
 * The row of the largest entry of column j of M: np.argmax(M[:, j]), the first on ties. The class a
 * softmax output A[L] (C, m) or a one-hot label matrix names for example j.
 */
export function argmaxColumn(M: Matrix, j: number): number {
  const { rows, cols, data } = M;
  let best = 0;
  for (let i = 1; i < rows; i++) if (data[i * cols + j]! > data[best * cols + j]!) best = i;
  return best;
}
