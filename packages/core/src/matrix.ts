import { ShapeError, ValueError, formatShape } from './errors';

/**
 * A dense 2-D float64 matrix stored row-major: element (i, j) lives at `data[i * cols + j]`.
 * In the course's shapes, X is (n_x, m) with one example per column, W[l] is (n[l], n[l-1]) and
 * b[l] is (n[l], 1).
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  /** A (rows, cols) matrix of zeros, or a view over `data` (not copied) of length rows·cols. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new ValueError(`Matrix: rows and cols must be non-negative integers, got (${rows}, ${cols})`);
    }
    if (data !== undefined) {
      if (!(data instanceof Float64Array)) {
        throw new ValueError('Matrix: data must be a Float64Array');
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

  /** A (rows, cols) matrix with every element equal to `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    const out = new Matrix(rows, cols);
    out.data.fill(value);
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
    const out = new Float64Array(rows * cols);
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
    const out = new Float64Array(this.rows * width);
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
