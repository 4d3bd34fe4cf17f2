import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { assertFinite, assertMatrix } from '../validate';

/** A preprocessing step's parameters as plain data, for the model file. */
export type TransformerJSON =
  | { kind: 'scale'; factor: number }
  | { kind: 'divide'; divisor: number }
  | { kind: 'standardize'; mean: number[]; std: number[] }
  | { kind: 'minmax'; min: number[]; range: number[] };

/**
 * A fitted preprocessing step. Fit it on the training X only, then apply the same transformer to
 * the training, validation and test sets (and to new inputs at predict time).
 */
export interface Transformer {
  readonly kind: TransformerJSON['kind'];
  /** X (n_x, m) → transformed X (n_x, m); a new matrix. */
  transform(X: Matrix): Matrix;
  /** The inverse map, back to raw units. */
  inverse(X: Matrix): Matrix;
  toJSON(): TransformerJSON;
}

/** Something that learns a Transformer from training data. */
export interface Preprocessor {
  fit(X: Matrix): Transformer;
}

/** `X · factor`, e.g. `scale(1 / 255)` for 8-bit images as the course does. Nothing to learn. */
export function scale(factor: number): Preprocessor {
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor === 0) {
    throw new ValueError(`scale: factor must be a finite nonzero number, got ${String(factor)}`);
  }
  return {
    fit(X) {
      checkX('scale.fit', X);
      return new ScaleTransformer(factor);
    },
  };
}

/**
 * `X / divisor`, a true division as numpy's `X / 255` computes it: `divide(255)` reproduces the
 * course's image scaling bit for bit, where `scale(1 / 255)` differs in the last bit for 24 of the
 * 256 pixel values. Nothing to learn.
 */
export function divide(divisor: number): Preprocessor {
  if (typeof divisor !== 'number' || !Number.isFinite(divisor) || divisor === 0) {
    throw new ValueError(`divide: divisor must be a finite nonzero number, got ${String(divisor)}`);
  }
  return {
    fit(X) {
      checkX('divide.fit', X);
      return new DivideTransformer(divisor);
    },
  };
}

/**
 * `(X - μ) / σ` per feature (row), with μ the mean over the m examples and σ the population
 * standard deviation (ddof = 0, numpy's default): σ = sqrt(mean((X - μ)²)). A constant feature has
 * σ = 0; it is given σ = 1 so that it maps to 0 instead of dividing by zero.
 */
export function standardize(): Preprocessor {
  return {
    fit(X) {
      checkX('standardize.fit', X);
      const { rows: n, cols: m, data } = X;
      const mean = new Array<number>(n);
      const std = new Array<number>(n);
      const centered = new Float64Array(m);
      for (let i = 0; i < n; i++) {
        const row = data.subarray(i * m, (i + 1) * m);
        const mu = pairwiseSum(row, 0, m) / m;
        for (let j = 0; j < m; j++) {
          const d = row[j]! - mu;
          centered[j] = d * d;
        }
        const sigma = Math.sqrt(pairwiseSum(centered, 0, m) / m);
        mean[i] = mu;
        std[i] = sigma === 0 ? 1 : sigma;
      }
      return new StandardizeTransformer(mean, std);
    },
  };
}

/** `(X - min) / (max - min)` per feature, into [0, 1] on the training data; a constant feature gets range 1. */
export function minmax(): Preprocessor {
  return {
    fit(X) {
      checkX('minmax.fit', X);
      const { rows: n, cols: m, data } = X;
      const min = new Array<number>(n);
      const range = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (let j = 0; j < m; j++) {
          const v = data[i * m + j]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        min[i] = lo;
        range[i] = hi - lo === 0 ? 1 : hi - lo;
      }
      return new MinmaxTransformer(min, range);
    },
  };
}

/** Rebuilds a fitted transformer from its `toJSON()` data, checking every field. */
export function transformerFromJSON(json: unknown): Transformer {
  const fn = 'transformerFromJSON';
  if (typeof json !== 'object' || json === null) throw new ValueError(`${fn}: expected an object, got ${json === null ? 'null' : typeof json}`);
  const record = json as Record<string, unknown>;
  switch (record.kind) {
    case 'scale': {
      const factor = record.factor;
      if (typeof factor !== 'number' || !Number.isFinite(factor) || factor === 0) throw new ValueError(`${fn}: scale.factor must be a finite nonzero number`);
      return new ScaleTransformer(factor);
    }
    case 'divide': {
      const divisor = record.divisor;
      if (typeof divisor !== 'number' || !Number.isFinite(divisor) || divisor === 0) throw new ValueError(`${fn}: divide.divisor must be a finite nonzero number`);
      return new DivideTransformer(divisor);
    }
    case 'standardize': {
      const mean = finiteList(record.mean, `${fn}: standardize.mean`);
      const std = finiteList(record.std, `${fn}: standardize.std`, true);
      if (mean.length !== std.length) throw new ValueError(`${fn}: standardize.mean has ${mean.length} entries but std has ${std.length}`);
      return new StandardizeTransformer(mean, std);
    }
    case 'minmax': {
      const min = finiteList(record.min, `${fn}: minmax.min`);
      const range = finiteList(record.range, `${fn}: minmax.range`, true);
      if (min.length !== range.length) throw new ValueError(`${fn}: minmax.min has ${min.length} entries but range has ${range.length}`);
      return new MinmaxTransformer(min, range);
    }
    default:
      throw new ValueError(`${fn}: unknown kind ${JSON.stringify(record.kind)}; expected 'scale', 'divide', 'standardize' or 'minmax'`);
  }
}

class ScaleTransformer implements Transformer {
  readonly kind = 'scale' as const;
  constructor(readonly factor: number) {}

  transform(X: Matrix): Matrix {
    checkX('scale.transform', X);
    return map(X, (v) => v * this.factor);
  }

  inverse(X: Matrix): Matrix {
    checkX('scale.inverse', X);
    return map(X, (v) => v / this.factor);
  }

  toJSON(): TransformerJSON {
    return { kind: 'scale', factor: this.factor };
  }
}

class DivideTransformer implements Transformer {
  readonly kind = 'divide' as const;
  constructor(readonly divisor: number) {}

  transform(X: Matrix): Matrix {
    checkX('divide.transform', X);
    return map(X, (v) => v / this.divisor);
  }

  inverse(X: Matrix): Matrix {
    checkX('divide.inverse', X);
    return map(X, (v) => v * this.divisor);
  }

  toJSON(): TransformerJSON {
    return { kind: 'divide', divisor: this.divisor };
  }
}

/** Per-feature affine map X[i, j] → (X[i, j] - shift[i]) / divisor[i]. */
abstract class AffineTransformer implements Transformer {
  abstract readonly kind: 'standardize' | 'minmax';
  constructor(
    protected readonly shift: readonly number[],
    protected readonly divisor: readonly number[],
  ) {}

  transform(X: Matrix): Matrix {
    this.check(`${this.kind}.transform`, X);
    const { rows: n, cols: m } = X;
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const s = this.shift[i]!;
      const d = this.divisor[i]!;
      for (let j = 0; j < m; j++) out[i * m + j] = (X.data[i * m + j]! - s) / d;
    }
    return new Matrix(n, m, out);
  }

  inverse(X: Matrix): Matrix {
    this.check(`${this.kind}.inverse`, X);
    const { rows: n, cols: m } = X;
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      const s = this.shift[i]!;
      const d = this.divisor[i]!;
      for (let j = 0; j < m; j++) out[i * m + j] = X.data[i * m + j]! * d + s;
    }
    return new Matrix(n, m, out);
  }

  abstract toJSON(): TransformerJSON;

  private check(fn: string, X: Matrix): void {
    assertMatrix(X, fn, 'X');
    if (X.rows !== this.shift.length) {
      throw new ShapeError(fn, 'X', `X is ${X.shapeString()} but the transformer was fitted on n_x = ${this.shift.length} features, (${this.shift.length}, m)`);
    }
  }
}

class StandardizeTransformer extends AffineTransformer {
  readonly kind = 'standardize' as const;
  toJSON(): TransformerJSON {
    return { kind: 'standardize', mean: [...this.shift], std: [...this.divisor] };
  }
}

class MinmaxTransformer extends AffineTransformer {
  readonly kind = 'minmax' as const;
  toJSON(): TransformerJSON {
    return { kind: 'minmax', min: [...this.shift], range: [...this.divisor] };
  }
}

function checkX(fn: string, X: Matrix): void {
  assertMatrix(X, fn, 'X');
  if (X.cols === 0) throw new ValueError(`${fn}: X has no examples (m = 0)`);
  assertFinite(X, fn, 'X');
}

function map(X: Matrix, f: (v: number) => number): Matrix {
  const out = new Float64Array(X.data.length);
  for (let k = 0; k < out.length; k++) out[k] = f(X.data[k]!);
  return new Matrix(X.rows, X.cols, out);
}

function finiteList(value: unknown, what: string, positive = false): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0))) {
    throw new ValueError(`${what} must be an array of finite${positive ? ' positive' : ''} numbers`);
  }
  return [...(value as number[])];
}

/**
 * numpy's pairwise summation (`pairwise_sum` in its reduction loops): blocks of up to 128 summed
 * with 8 accumulators, larger spans split in halves; so means and deviations round as numpy's do.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = -0;
    for (let k = 0; k < n; k++) s += a[start + k]!;
    return s;
  }
  if (n <= 128) {
    const r = [a[start]!, a[start + 1]!, a[start + 2]!, a[start + 3]!, a[start + 4]!, a[start + 5]!, a[start + 6]!, a[start + 7]!];
    let k = 8;
    for (; k < n - (n % 8); k += 8) {
      for (let q = 0; q < 8; q++) r[q]! += a[start + k + q]!;
    }
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; k < n; k++) s += a[start + k]!;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}
