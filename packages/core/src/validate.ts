import { ShapeError, ValueError } from './errors';
import { Matrix } from './matrix';

/** Throws unless `value` is a Matrix; names the function and argument. */
export function assertMatrix(value: unknown, fn: string, name: string): asserts value is Matrix {
  if (!(value instanceof Matrix)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new ValueError(`${fn}: ${name} must be a Matrix, got ${got}${Array.isArray(value) ? ' (use Matrix.from or Matrix.fromSamples)' : ''}`);
  }
}

/**
 * Throws a ShapeError unless `M` is (rows, cols). A string instead of a number leaves that axis free
 * and names it in the message, e.g. `assertShape(X, 2, 'm', ...)` → "X is (3, 400) but should be (2, m)".
 */
export function assertShape(
  M: Matrix,
  rows: number | string,
  cols: number | string,
  fn: string,
  name: string,
  why = '',
): void {
  if ((typeof rows === 'number' && M.rows !== rows) || (typeof cols === 'number' && M.cols !== cols)) {
    throw new ShapeError(fn, name, `${name} is ${M.shapeString()} but should be (${rows}, ${cols})${why ? ` ${why}` : ''}`);
  }
}

/**
 * The one check of a batch of inputs X (n_x, m), examples in columns: a Matrix, at least one example,
 * n_x rows when `nx` is given (a network's layers[0]), every entry finite.
 */
export function assertInputs(X: unknown, nx: number | null, fn: string, name = 'X'): asserts X is Matrix {
  assertMatrix(X, fn, name);
  if (X.cols === 0) throw new ValueError(`${fn}: ${name} has no examples (m = 0); ${name} is (n_x, m) with one example per column`);
  if (nx !== null) assertShape(X, nx, 'm', fn, name, `(n_x = layers[0] = ${nx}; examples are columns)`);
  assertFinite(X, fn, name);
}

/** Throws a ValueError naming the first NaN or ±Infinity entry of `M`. */
export function assertFinite(M: Matrix, fn: string, name: string): void {
  const d = M.data;
  // v·0 is 0 for finite v and NaN for ±Infinity or NaN, so one sum finds any non-finite entry
  // cheaply (this runs over all of X on every fit); the loop below then locates it.
  let probe = 0;
  for (let k = 0; k < d.length; k++) probe += d[k]! * 0;
  if (probe === 0) return;
  for (let k = 0; k < d.length; k++) {
    const v = d[k]!;
    if (!Number.isFinite(v)) {
      const i = Math.floor(k / M.cols);
      const j = k % M.cols;
      throw new ValueError(`${fn}: ${name}[${i}, ${j}] is ${v}; every entry must be a finite number`);
    }
  }
}

/** Checks Y is a (1, m) Matrix of 0/1 labels; `why` explains where m comes from. */
export function assertBinaryLabels(fn: string, Y: unknown, m: number, why: string): asserts Y is Matrix {
  assertMatrix(Y, fn, 'Y');
  assertShape(Y, 1, m, fn, 'Y', why);
  const y = Y.data;
  for (let j = 0; j < y.length; j++) {
    if (y[j] !== 0 && y[j] !== 1) {
      throw new ValueError(`${fn}: Y[0, ${j}] is ${y[j]}; binary labels must be 0 or 1`);
    }
  }
}

/** A positive finite number, or a ValueError naming the option. */
export function positiveNumber(value: unknown, fn: string, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValueError(`${fn}: ${name} must be a positive finite number, got ${String(value)}`);
  }
  return value;
}

/** An integer ≥ min, or a ValueError naming the option. */
export function integerAtLeast(value: unknown, min: number, fn: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${fn}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

/** Rejects option keys outside `known` (catches typos such as `learningrate`). */
export function assertKnownOptions(options: object, known: readonly string[], fn: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(`${fn}: unknown option ${JSON.stringify(key)}; known options are ${known.join(', ')}`);
    }
  }
}
