// Preprocessing: scale, divide, standardize, minmax and featureExpansion, each a Preprocessor that
// fits a Transformer, and transformerFromJSON, which rebuilds any of them from the model file. One
// file because every step is a short fit/apply pair and the JSON reader must know them all; the
// term syntax of the feature expansion lives in feature-terms.ts.
import { pairwiseSum } from '../backend/pairwise-sum';
import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { assertInputs, assertMatrix } from '../validate';
import { featureOpNeeds, parseFeatureTerm, type FeatureOp } from './feature-terms';

/** A preprocessing step's parameters as plain data, for the model file. */
export type TransformerJSON =
  | { kind: 'scale'; factor: number }
  | { kind: 'divide'; divisor: number }
  | { kind: 'standardize'; mean: number[]; std: number[] }
  | { kind: 'minmax'; min: number[]; range: number[] }
  /** A feature expansion: `inputs` raw features in, one row per term out (see featureExpansion). */
  | { kind: 'features'; terms: string[]; inputs: number };

/**
 * A fitted preprocessing step. Fit it on the training X only, then apply the same transformer to
 * the training, validation and test sets (and to new inputs at predict time).
 */
export interface Transformer {
  readonly kind: TransformerJSON['kind'];
  /**
   * X (n_x, m) → transformed X; a new matrix. (n_x, m) for the scalers; (terms.length, m) for a
   * feature expansion, the one kind that changes the number of rows.
   */
  transform(X: Matrix): Matrix;
  /**
   * The inverse map, back to raw units. A feature expansion has one only when it keeps every raw
   * feature as a term xI (it then picks those rows back out); otherwise it throws a ValueError.
   */
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
        // Finite inputs as large as 1e200 overflow the sum of squares: σ = Infinity would map the
        // feature to 0 for every example, silently.
        if (!Number.isFinite(sigma)) throw overflowError('standardize.fit', i, row, 'its mean or standard deviation');
        mean[i] = mu;
        std[i] = sigma === 0 ? 1 : sigma;
      }
      return new StandardizeTransformer(mean, std);
    },
  };
}

/** A fitted statistic of feature i that overflows float64 although every value is finite. */
function overflowError(fn: string, i: number, row: ArrayLike<number>, what: string): ValueError {
  let largest = 0;
  for (let j = 0; j < row.length; j++) largest = Math.max(largest, Math.abs(row[j]!));
  return ValueError.about(fn, `X[${i}]`, `feature ${i}: ${what} overflows float64 (its values reach ±${largest.toPrecision(4)}); scale the inputs down first`);
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
        if (!Number.isFinite(hi - lo)) throw overflowError('minmax.fit', i, data.subarray(i * m, (i + 1) * m), 'its range (max − min)');
        min[i] = lo;
        range[i] = hi - lo === 0 ? 1 : hi - lo;
      }
      return new MinmaxTransformer(min, range);
    },
  };
}

/**
 * Expands the raw features into the given terms, TensorFlow Playground's input features: row t of
 * the result is term t computed on each example (column) of X (n_x, m) → (terms.length, m):
 *   'xI'      X[I]            the raw feature itself, copied exactly
 *   'xI^2'    X[I] · X[I]     (a product, not Math.pow, so it rounds as numpy's x * x does)
 *   'xI*xJ'   X[I] · X[J]     I < J
 *   'sin(xI)' sin X[I]        Math.sin; 'cos(xI)' likewise
 * with I, J the 1-based raw features (x1 is row 0 of X). FEATURE_TERMS lists TF Playground's seven
 * for 2-D data. Nothing is learned; `fit(X)` checks that every term names one of X's n_x features
 * and records n_x. Fit it first, on raw X, then fit scalers (standardize, minmax) on its output,
 * so that x1 and x1² reach the network on comparable scales.
 *
 * The expansion has no inverse in general (sin is not one-to-one, and x1² forgets the sign of
 * x1): `inverse` works only when every raw feature is kept as a term xI, and then returns those
 * rows; otherwise it throws a ValueError. Throws a ValueError now for an empty list, a repeated
 * term or one that is not a term.
 */
export function featureExpansion(terms: readonly string[]): Preprocessor {
  const ops = parseTerms(terms, 'featureExpansion');
  const list = [...terms];
  return {
    fit(X) {
      checkX('featureExpansion.fit', X);
      const problem = termBeyond(list, ops, X.rows);
      if (problem) throw ValueError.about('featureExpansion.fit', 'X', `${problem} but X has n_x = ${X.rows} features (rows)`);
      return new FeatureTransformer(list, ops, X.rows);
    },
  };
}

/** Parses a list of terms; throws a ValueError starting with `fn` for anything that is not a non-empty list of distinct terms. */
function parseTerms(terms: unknown, fn: string): FeatureOp[] {
  if (!Array.isArray(terms) || terms.length === 0) {
    throw ValueError.about(fn, 'terms', `expected a non-empty array of terms such as ['x1', 'x2', 'x1^2', 'x1*x2', 'sin(x1)'], got ${Array.isArray(terms) ? '[]' : terms === null ? 'null' : typeof terms}`);
  }
  const seen = new Map<string, number>();
  return terms.map((term: unknown, k) => {
    const op = parseFeatureTerm(term);
    if (typeof op === 'string') throw ValueError.about(fn, `terms[${k}]`, op, { argumentInMessage: true });
    const first = seen.get(term as string);
    // A repeated term would give the network two identical input rows: always a mistake.
    if (first !== undefined) throw ValueError.about(fn, `terms[${k}]`, `'${term as string}' is given twice (terms[${first}] and terms[${k}])`, { argumentInMessage: true });
    seen.set(term as string, k);
    return op;
  });
}

/** The first term that reads a feature beyond n_x, as "term 'x3' (terms[2]) names raw feature 3", or null. */
function termBeyond(terms: readonly string[], ops: readonly FeatureOp[], nx: number): string | null {
  const k = ops.findIndex((op) => featureOpNeeds(op) > nx);
  return k < 0 ? null : `term '${terms[k]!}' (terms[${k}]) names raw feature ${featureOpNeeds(ops[k]!)}`;
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
    case 'features': {
      const inputs = record.inputs;
      if (typeof inputs !== 'number' || !Number.isSafeInteger(inputs) || inputs < 1) throw new ValueError(`${fn}: features.inputs must be a positive integer (the raw n_x)`);
      const terms = record.terms as string[];
      const ops = parseTerms(terms, `${fn}: features`);
      const problem = termBeyond(terms, ops, inputs);
      if (problem) throw new ValueError(`${fn}: features: ${problem} but inputs is ${inputs}`);
      return new FeatureTransformer([...terms], ops, inputs);
    }
    default:
      throw new ValueError(`${fn}: unknown kind ${JSON.stringify(record.kind)}; expected 'scale', 'divide', 'standardize', 'minmax' or 'features'`);
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

/** featureExpansion(terms).fit(X): `inputs` raw rows in, one row per term out. */
class FeatureTransformer implements Transformer {
  readonly kind = 'features' as const;
  constructor(
    readonly terms: readonly string[],
    private readonly ops: readonly FeatureOp[],
    readonly inputs: number,
  ) {}

  transform(X: Matrix): Matrix {
    const fn = 'features.transform';
    assertMatrix(X, fn, 'X');
    if (X.rows !== this.inputs) {
      throw new ShapeError(fn, 'X', `X is ${X.shapeString()} but the expansion [${this.terms.join(', ')}] was fitted on n_x = ${this.inputs} features, (${this.inputs}, m)`);
    }
    const m = X.cols;
    const src = X.data;
    const out = new Float64Array(this.ops.length * m);
    this.ops.forEach((op, t) => {
      const row = t * m;
      const a = op.i * m;
      switch (op.op) {
        case 'identity':
          for (let j = 0; j < m; j++) out[row + j] = src[a + j]!;
          break;
        case 'square':
          for (let j = 0; j < m; j++) out[row + j] = src[a + j]! * src[a + j]!;
          break;
        case 'product': {
          const b = op.j * m;
          for (let j = 0; j < m; j++) out[row + j] = src[a + j]! * src[b + j]!;
          break;
        }
        case 'sin':
          for (let j = 0; j < m; j++) out[row + j] = Math.sin(src[a + j]!);
          break;
        case 'cos':
          for (let j = 0; j < m; j++) out[row + j] = Math.cos(src[a + j]!);
          break;
      }
    });
    return new Matrix(this.ops.length, m, out);
  }

  /**
   * (terms.length, m) → (n_x, m), defined only when every raw feature xI is itself a term: raw row
   * I is then the row of term xI. Squares, products and sines cannot be undone (x1² has lost the
   * sign of x1, sin is periodic), so without every xI there is no raw X to return.
   */
  inverse(X: Matrix): Matrix {
    const fn = 'features.inverse';
    assertMatrix(X, fn, 'X');
    if (X.rows !== this.ops.length) {
      throw new ShapeError(fn, 'X', `X is ${X.shapeString()} but the expansion makes ${this.ops.length} features, (${this.ops.length}, m)`);
    }
    const rowOf = new Array<number>(this.inputs).fill(-1);
    this.ops.forEach((op, t) => {
      if (op.op === 'identity') rowOf[op.i] = t;
    });
    const missing = rowOf.findIndex((t) => t < 0);
    if (missing >= 0) {
      throw new ValueError(
        `${fn}: the expansion [${this.terms.join(', ')}] does not keep raw feature x${missing + 1} as a term, and squares, products and sines cannot be undone; keep the raw X instead`,
      );
    }
    const m = X.cols;
    const out = new Float64Array(this.inputs * m);
    rowOf.forEach((t, i) => out.set(X.data.subarray(t * m, (t + 1) * m), i * m));
    return new Matrix(this.inputs, m, out);
  }

  toJSON(): TransformerJSON {
    return { kind: 'features', terms: [...this.terms], inputs: this.inputs };
  }
}

function checkX(fn: string, X: Matrix): void {
  assertInputs(X, null, fn);
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
