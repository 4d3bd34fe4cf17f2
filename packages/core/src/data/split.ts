import { ShapeError, ValueError } from '../errors';
import { allocate, type FloatArray, Matrix } from '../matrix';
import { RandomState } from '../random';
import { assertMatrix } from '../validate';

export interface SplitOptions {
  /** Fraction of the m examples held out for testing, in (0, 1); m_test = ceil(testFraction · m). */
  testFraction: number;
  /** Fraction held out for validation (default 0); m_val = ceil(validationFraction · m). */
  validationFraction?: number;
  /** Seed of the permutation, `np.random.RandomState(seed).permutation(m)`. */
  seed: number;
  /** Keep each class's share in every part (Y must be (1, m) class labels). */
  stratify?: boolean;
}

export interface Split {
  XTrain: Matrix;
  YTrain: Matrix;
  XTest: Matrix;
  YTest: Matrix;
  /** Present when `validationFraction` > 0. */
  XValidation?: Matrix;
  YValidation?: Matrix;
  /** Column indices of the original X in each part, in the order they appear there. */
  trainIndices: number[];
  testIndices: number[];
  validationIndices: number[];
}

/**
 * Seeded train / (validation /) test split of examples-as-columns, in numpy terms:
 *
 *     perm = np.random.RandomState(seed).permutation(m)
 *     test, val, train = perm[:m_test], perm[m_test:m_test + m_val], perm[m_test + m_val:]
 *
 * (the same indices as scikit-learn's `ShuffleSplit` and unstratified `train_test_split` with
 * `random_state=seed`). Stratified: the same permutation, walked per class; class c gives its
 * first round(share · count_c) examples (largest remainders settle the totals) to test, then to
 * validation; each part keeps the permutation's order.
 */
export function trainTestSplit(X: Matrix, Y: Matrix, options: SplitOptions): Split {
  const fn = 'trainTestSplit';
  assertMatrix(X, fn, 'X');
  assertMatrix(Y, fn, 'Y');
  const m = X.cols;
  if (Y.cols !== m) throw new ShapeError(fn, 'Y', `Y is ${Y.shapeString()} but X is ${X.shapeString()}; both need m = ${m} columns`);
  const { testFraction, seed, stratify = false } = options;
  const validationFraction = options.validationFraction ?? 0;
  fraction(testFraction, 'testFraction', false);
  fraction(validationFraction, 'validationFraction', true);
  const mTest = Math.ceil(testFraction * m);
  const mVal = Math.ceil(validationFraction * m);
  if (mTest + mVal >= m) {
    throw new ValueError(`${fn}: testFraction ${testFraction} and validationFraction ${validationFraction} of m = ${m} leave no training examples`);
  }
  const perm = new RandomState(seed).permutation(m);
  let test: number[];
  let validation: number[];
  let train: number[];
  if (!stratify) {
    test = perm.slice(0, mTest);
    validation = perm.slice(mTest, mTest + mVal);
    train = perm.slice(mTest + mVal);
  } else {
    if (Y.rows !== 1) throw new ShapeError(fn, 'Y', `stratify needs class labels Y (1, m), got ${Y.shapeString()}`);
    [test, validation, train] = stratifiedParts(perm, Y.data, mTest, mVal);
  }
  const split: Split = {
    XTrain: takeColumns(X, train),
    YTrain: takeColumns(Y, train),
    XTest: takeColumns(X, test),
    YTest: takeColumns(Y, test),
    trainIndices: train,
    testIndices: test,
    validationIndices: validation,
  };
  if (mVal > 0) {
    split.XValidation = takeColumns(X, validation);
    split.YValidation = takeColumns(Y, validation);
  }
  return split;
}

/** Columns `indices` of M, in that order: numpy's `M[:, indices]`. */
export function takeColumns(M: Matrix, indices: readonly number[]): Matrix {
  const { rows, cols, data } = M;
  const width = indices.length;
  const out = allocate(M.dtype, rows * width);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < width; k++) out[i * width + k] = data[i * cols + indices[k]!]!;
  }
  return new Matrix(rows, width, out);
}

/**
 * One-hot encoding: labels (1, m) of class indices 0..C-1 → (C, m) with a 1 in row labels[j] of
 * column j, as the softmax output layer expects.
 */
export function oneHot(labels: Matrix, C: number): Matrix {
  const fn = 'oneHot';
  assertMatrix(labels, fn, 'labels');
  if (labels.rows !== 1) throw new ShapeError(fn, 'labels', `labels is ${labels.shapeString()} but should be (1, m)`);
  if (!Number.isInteger(C) || C < 1) throw new ValueError(`${fn}: C must be an integer ≥ 1, got ${String(C)}`);
  const m = labels.cols;
  const out = new Float64Array(C * m);
  for (let j = 0; j < m; j++) {
    const c = labels.data[j]!;
    if (!Number.isInteger(c)) throw new ValueError(`${fn}: labels[0, ${j}] is ${c}; class labels must be integers 0..${C - 1}`);
    if (c < 0 || c >= C) throw new ValueError(`${fn}: labels[0, ${j}] is ${c}, outside 0..${C - 1} for C = ${C} classes`);
    out[c * m + j] = 1;
  }
  return new Matrix(C, m, out);
}

function fraction(value: unknown, name: string, zeroAllowed: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value >= 1 || value < 0 || (!zeroAllowed && value === 0)) {
    throw new ValueError(`trainTestSplit: ${name} must be a number in ${zeroAllowed ? '[0, 1)' : '(0, 1)'}, got ${String(value)}`);
  }
}

/** Per-class quotas by largest remainder, so that the parts have exactly mTest and mVal examples. */
function stratifiedParts(perm: number[], labels: FloatArray, mTest: number, mVal: number): [number[], number[], number[]] {
  const m = perm.length;
  const members = new Map<number, number[]>();
  for (const j of perm) {
    const c = labels[j]!;
    let list = members.get(c);
    if (list === undefined) members.set(c, (list = []));
    list.push(j);
  }
  const classes = [...members.keys()].sort((a, b) => a - b);
  const quota = (total: number, available: Map<number, number>): Map<number, number> => {
    const left = [...available.values()].reduce((a, b) => a + b, 0);
    const exact = classes.map((c) => (total * available.get(c)!) / left);
    const take = exact.map(Math.floor);
    let remaining = total - take.reduce((a, b) => a + b, 0);
    const order = classes.map((_, k) => k).sort((a, b) => exact[b]! - take[b]! - (exact[a]! - take[a]!) || a - b);
    for (const k of order) {
      if (remaining === 0) break;
      if (take[k]! < available.get(classes[k]!)!) {
        take[k]!++;
        remaining--;
      }
    }
    return new Map(classes.map((c, k) => [c, take[k]!]));
  };
  const counts = new Map(classes.map((c) => [c, members.get(c)!.length]));
  const testQuota = quota(mTest, counts);
  const afterTest = new Map(classes.map((c) => [c, counts.get(c)! - testQuota.get(c)!]));
  const valQuota = quota(mVal, afterTest);
  const part = new Int8Array(m); // 0 train, 1 test, 2 validation, by example index
  for (const c of classes) {
    const list = members.get(c)!;
    const t = testQuota.get(c)!;
    const v = valQuota.get(c)!;
    for (let k = 0; k < list.length; k++) part[list[k]!] = k < t ? 1 : k < t + v ? 2 : 0;
  }
  const test: number[] = [];
  const validation: number[] = [];
  const train: number[] = [];
  for (const j of perm) (part[j] === 1 ? test : part[j] === 2 ? validation : train).push(j);
  return [test, validation, train];
}
