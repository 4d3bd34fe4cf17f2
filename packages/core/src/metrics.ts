import { ShapeError, ValueError } from './errors';
import { argmaxColumn, Matrix } from './matrix';
import { assertFinite, assertMatrix } from './validate';

/*
 * Evaluation metrics over the course's shapes: one example per column.
 *
 * Classification arguments (`yTrue`, `yPred`) are either a (1, m) row of class indices 0, 1, …, C-1
 * (for binary tasks the 0/1 labels Y, or the predictions `A[L] > 0.5`), or a (C, m) matrix with
 * C ≥ 2 whose column-wise argmax is the class: one-hot labels, or softmax probabilities. Regression
 * arguments are (k, m): k outputs per example. Every function checks its arguments once, here at
 * the boundary: a non-Matrix or a NaN/Infinity entry is a ValueError, so is m = 0; mismatched
 * shapes are a ShapeError naming the function and both arguments.
 *
 * Conventions (written to agree with scikit-learn; fixtures/generate_metrics.py checks them with
 * numpy formulas):
 *  - a ratio whose denominator is 0 is 0 (scikit-learn's zero_division=0), never NaN;
 *  - logLoss clips probabilities to [eps, 1 - eps] with eps = 1e-15 (scikit-learn's classic value);
 *  - r2Score of a constant target is 1 when the prediction is perfect, else 0 (force_finite=True).
 *
 * One file because every metric goes through the same argument checks and class decoding at the top;
 * each metric itself is a few lines.
 */

/** How precision, recall and F1 are averaged over the classes. */
export type Average = 'macro' | 'weighted' | 'micro' | 'binary' | 'none';

/** Precision, recall and F1 of one class or one average. */
export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** The result of `precisionRecallF1`. */
export interface PrecisionRecallF1 {
  /** C: the classes are 0 … C-1. */
  numClasses: number;
  /** Per class c: precision[c], recall[c], f1[c], and support[c] (examples whose true class is c). */
  perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
  /** Every average (`binary` only when C ≤ 2: the scores of class 1). */
  averages: { macro: Scores; weighted: Scores; micro: Scores; binary?: Scores };
  /** The average requested in the options (default 'macro'). */
  average: Average;
  /** That average's precision; null with average 'none'. */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

// ---------------------------------------------------------------------------------------------
// Argument checks

/** Checks that `M` is a non-empty finite Matrix. */
function assertData(M: unknown, fn: string, name: string): asserts M is Matrix {
  assertMatrix(M, fn, name);
  if (M.rows === 0 || M.cols === 0) {
    throw new ValueError(
      `${fn}: ${name} is ${M.shapeString()}: ${M.cols === 0 ? 'there are no examples (m = 0)' : 'it has no rows'}; examples are columns`,
    );
  }
  assertFinite(M, fn, name);
}

/** Both arguments have m columns. */
function assertSameM(fn: string, a: Matrix, aName: string, b: Matrix, bName: string): void {
  if (a.cols !== b.cols) {
    throw new ShapeError(
      fn,
      bName,
      `${bName} is ${b.shapeString()} but ${aName} is ${a.shapeString()}; both need one column per example (m = ${a.cols})`,
    );
  }
}

/** Both arguments have the same shape (k, m). */
function assertSameShape(fn: string, yTrue: Matrix, yPred: Matrix): void {
  if (yTrue.rows !== yPred.rows || yTrue.cols !== yPred.cols) {
    throw new ShapeError(
      fn,
      'yPred',
      `yPred is ${yPred.shapeString()} but yTrue is ${yTrue.shapeString()}; both must be (k, m): k outputs, m examples`,
    );
  }
}

function assertNumClasses(value: unknown, fn: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValueError(`${fn}: numClasses must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * The class of each example: a (1, m) row is read as class indices (non-negative integers); a
 * (C, m) matrix with C ≥ 2 gives the argmax of each column (the first on ties, like np.argmax).
 */
function classIndices(M: Matrix, fn: string, name: string): Int32Array {
  const m = M.cols;
  const out = new Int32Array(m);
  if (M.rows === 1) {
    for (let j = 0; j < m; j++) {
      const v = M.data[j]!;
      if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) {
        throw new ValueError(
          `${fn}: ${name}[0, ${j}] is ${v}; a (1, m) row must hold class indices 0, 1, … ` +
            '(threshold sigmoid outputs first: predictions = A > 0.5; or pass (C, m) probabilities)',
        );
      }
      out[j] = v;
    }
    return out;
  }
  for (let j = 0; j < m; j++) out[j] = argmaxColumn(M, j);
  return out;
}

/**
 * Reads and checks the two label arguments of a classification metric and settles C: the given
 * `numClasses`, else the row count of a (C, m) argument, else (largest class index) + 1.
 */
function readClassification(
  fn: string,
  yTrue: unknown,
  yPred: unknown,
  numClassesOption?: unknown,
): { t: Int32Array; p: Int32Array; C: number; explicit: boolean } {
  assertData(yTrue, fn, 'yTrue');
  assertData(yPred, fn, 'yPred');
  assertSameM(fn, yTrue, 'yTrue', yPred, 'yPred');
  if (yTrue.rows > 1 && yPred.rows > 1 && yTrue.rows !== yPred.rows) {
    throw new ShapeError(
      fn,
      'yPred',
      `yPred is ${yPred.shapeString()} but yTrue is ${yTrue.shapeString()}; (C, m) arguments must agree on the number of classes C`,
    );
  }
  const numClasses = assertNumClasses(numClassesOption, fn);
  const t = classIndices(yTrue, fn, 'yTrue');
  const p = classIndices(yPred, fn, 'yPred');
  let C = Math.max(yTrue.rows > 1 ? yTrue.rows : 0, yPred.rows > 1 ? yPred.rows : 0);
  if (numClasses !== undefined) {
    if (C > 0 && C !== numClasses) {
      throw new ShapeError(fn, 'numClasses', `numClasses is ${numClasses} but the (C, m) arguments have C = ${C} rows`);
    }
    C = numClasses;
    for (const [labels, name] of [[t, 'yTrue'], [p, 'yPred']] as const) {
      for (let j = 0; j < labels.length; j++) {
        if (labels[j]! >= C) {
          throw new ValueError(`${fn}: ${name}[0, ${j}] is ${labels[j]} but numClasses is ${C} (classes 0 … ${C - 1})`);
        }
      }
    }
  } else if (C === 0) {
    for (let j = 0; j < t.length; j++) C = Math.max(C, t[j]! + 1, p[j]! + 1);
  }
  return { t, p, C, explicit: numClasses !== undefined || yTrue.rows > 1 || yPred.rows > 1 };
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * The fraction of examples classified correctly: (1/m) Σ_j [yTrue_j = yPred_j].
 *
 * @param yTrue (1, m) class indices, or (C, m) one-hot labels.
 * @param yPred (1, m) predicted classes (e.g. `A[L] > 0.5` as 0/1), or (C, m) probabilities.
 * @returns a number in [0, 1].
 */
export function accuracy(yTrue: Matrix, yPred: Matrix): number {
  const { t, p } = readClassification('accuracy', yTrue, yPred);
  let correct = 0;
  for (let j = 0; j < t.length; j++) if (t[j] === p[j]) correct++;
  return correct / t.length;
}

/**
 * The (C, C) confusion matrix N: N[i][k] is the number of examples of true class i predicted as
 * class k (rows true, columns predicted, as scikit-learn's `confusion_matrix` with labels 0 … C-1).
 *
 * @param yTrue (1, m) class indices, or (C, m) one-hot labels.
 * @param yPred (1, m) predicted classes, or (C, m) probabilities.
 * @param numClasses C; default: the rows of a (C, m) argument, else the largest index + 1. An index
 *   ≥ numClasses is a ValueError.
 */
export function confusionMatrix(yTrue: Matrix, yPred: Matrix, numClasses?: number): number[][] {
  const { t, p, C } = readClassification('confusionMatrix', yTrue, yPred, numClasses);
  return confusion(t, p, C);
}

function confusion(t: Int32Array, p: Int32Array, C: number): number[][] {
  const N = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (let j = 0; j < t.length; j++) N[t[j]!]![p[j]!]!++;
  return N;
}

/** a / b, with 0/0 (any x/0) defined as 0: scikit-learn's zero_division=0. */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Scores from counts: P = TP/(TP+FP), R = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN), each 0 when 0/0. */
function scores(TP: number, FP: number, FN: number): Scores {
  return { precision: ratio(TP, TP + FP), recall: ratio(TP, TP + FN), f1: ratio(2 * TP, 2 * TP + FP + FN) };
}

/**
 * Precision, recall and F1 per class and averaged. From the confusion matrix N (rows true), for
 * class c: TP = N[c][c], FP = Σ_i N[i][c] - TP, FN = Σ_k N[c][k] - TP, support = TP + FN, and
 *
 *   precision = TP / (TP + FP),  recall = TP / (TP + FN),  F1 = 2·TP / (2·TP + FP + FN)
 *
 * (F1 is the harmonic mean 2PR/(P + R) written in counts). A 0/0 is 0, never NaN, as with
 * scikit-learn's zero_division=0: a class never predicted has precision 0, a class absent from
 * yTrue has recall 0.
 *
 * Averages:
 *  - 'macro': the unweighted mean over classes. With `numClasses` given (or a (C, m) argument) the
 *    mean is over all C classes, as scikit-learn with labels=range(C); otherwise only over the
 *    classes that occur in yTrue or yPred, as scikit-learn's default. They differ only when a class
 *    index below the largest one never occurs.
 *  - 'weighted': the mean weighted by support (each class's share of yTrue).
 *  - 'micro': from the summed counts ΣTP, ΣFP, ΣFN; for single-label data all three equal accuracy.
 *  - 'binary': the scores of class 1 (the positive class); needs C ≤ 2.
 *  - 'none': no average; `precision`, `recall`, `f1` are null, see `perClass`.
 *
 * @param yTrue (1, m) class indices, or (C, m) one-hot labels.
 * @param yPred (1, m) predicted classes, or (C, m) probabilities.
 */
export function precisionRecallF1(
  yTrue: Matrix,
  yPred: Matrix,
  options: { numClasses?: number; average?: Average } = {},
): PrecisionRecallF1 {
  const fn = 'precisionRecallF1';
  if (options === null || typeof options !== 'object') throw new ValueError(`${fn}: options must be an object`);
  const average = options.average ?? 'macro';
  if (!['macro', 'weighted', 'micro', 'binary', 'none'].includes(average)) {
    throw new ValueError(`${fn}: average must be 'macro', 'weighted', 'micro', 'binary' or 'none', got ${JSON.stringify(average)}`);
  }
  const read = readClassification(fn, yTrue, yPred, options.numClasses);
  const { t, p, explicit } = read;
  let C = read.C;
  if (average === 'binary') {
    if (C > 2) {
      throw new ValueError(`${fn}: average 'binary' needs classes 0 and 1 only, but there are ${C} classes; use 'macro', 'weighted' or 'micro'`);
    }
    C = 2; // class 1 may be absent from both rows; its scores are then 0.
  }
  const N = confusion(t, p, C);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let sumTP = 0;
  let sumFP = 0;
  let sumFN = 0;
  const occurs: boolean[] = [];
  for (let c = 0; c < C; c++) {
    const TP = N[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < C; i++) {
      predicted += N[i]![c]!;
      actual += N[c]![i]!;
    }
    const s = scores(TP, predicted - TP, actual - TP);
    precision.push(s.precision);
    recall.push(s.recall);
    f1.push(s.f1);
    support.push(actual);
    occurs.push(predicted > 0 || actual > 0);
    sumTP += TP;
    sumFP += predicted - TP;
    sumFN += actual - TP;
  }
  const m = t.length;
  const macroClasses = [...Array(C).keys()].filter((c) => explicit || occurs[c]);
  const mean = (v: number[]) => macroClasses.reduce((s, c) => s + v[c]!, 0) / macroClasses.length;
  const weightedMean = (v: number[]) => v.reduce((s, x, c) => s + x * support[c]!, 0) / m;
  const averages: PrecisionRecallF1['averages'] = {
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    weighted: { precision: weightedMean(precision), recall: weightedMean(recall), f1: weightedMean(f1) },
    micro: scores(sumTP, sumFP, sumFN),
  };
  if (C <= 2) {
    averages.binary = C === 2 ? { precision: precision[1]!, recall: recall[1]!, f1: f1[1]! } : { precision: 0, recall: 0, f1: 0 };
  }
  const chosen = average === 'none' ? null : averages[average]!;
  return {
    numClasses: C,
    perClass: { precision, recall, f1, support },
    averages,
    average,
    precision: chosen ? chosen.precision : null,
    recall: chosen ? chosen.recall : null,
    f1: chosen ? chosen.f1 : null,
  };
}

/**
 * The cross-entropy of predicted probabilities, averaged over the m examples, with each probability
 * first clipped to [eps, 1 - eps] so that a confident mistake costs at most -log(eps) ≈ 34.5:
 *
 *   binary, probabilities (1, m) = P(y = 1):  L = -(1/m) Σ_j [ y_j·log(p_j) + (1 - y_j)·log(1 - p_j) ]
 *   C classes, probabilities (C, m):          L = -(1/m) Σ_j Σ_c Y[c, j]·log(P[c, j])
 *
 * The binary form is the course's cost J; unlike `computeCost` (which never clips) a prediction of
 * exactly 0 or 1 costs a finite amount here. For C classes, yTrue may be a (1, m) row of class
 * indices (then Y is its one-hot form) or a (C, m) matrix of one-hot (or soft) targets in [0, 1].
 * Probabilities must lie in [0, 1], and for C ≥ 2 each column must sum to 1 within 1e-6 (softmax
 * output); they are not renormalized.
 *
 * @param yTrue (1, m) labels (0/1 for binary), or (C, m) targets.
 * @param probabilities (1, m) sigmoid outputs A[L], or (C, m) softmax outputs.
 * @param options.eps the clipping bound, in (0, 0.5); default 1e-15 (scikit-learn's classic value).
 */
export function logLoss(yTrue: Matrix, probabilities: Matrix, options: { eps?: number } = {}): number {
  const fn = 'logLoss';
  assertData(yTrue, fn, 'yTrue');
  assertData(probabilities, fn, 'probabilities');
  assertSameM(fn, yTrue, 'yTrue', probabilities, 'probabilities');
  const eps = options.eps ?? 1e-15;
  if (typeof eps !== 'number' || !(eps > 0 && eps < 0.5)) {
    throw new ValueError(`${fn}: eps must be a number in (0, 0.5), got ${String(eps)}`);
  }
  const P = probabilities;
  const m = P.cols;
  const C = P.rows;
  for (let k = 0; k < P.data.length; k++) {
    const v = P.data[k]!;
    if (v < 0 || v > 1) {
      throw new ValueError(
        `${fn}: probabilities[${Math.floor(k / m)}, ${k % m}] is ${v}; probabilities must lie in [0, 1] (pass A[L], not Z[L])`,
      );
    }
  }
  const clip = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  let total = 0;
  if (C === 1) {
    if (yTrue.rows !== 1) {
      throw new ShapeError(fn, 'yTrue', `yTrue is ${yTrue.shapeString()} but probabilities is ${P.shapeString()}; binary labels are (1, m)`);
    }
    for (let j = 0; j < m; j++) {
      const y = yTrue.data[j]!;
      if (y !== 0 && y !== 1) throw new ValueError(`${fn}: yTrue[0, ${j}] is ${y}; binary labels must be 0 or 1`);
      // Clip p first, then take 1 - p, as scikit-learn does (it stacks [1 - p, p] after clipping).
      const p = clip(P.data[j]!);
      total += y === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return -total / m;
  }
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += P.data[c * m + j]!;
    if (Math.abs(sum - 1) > 1e-6) {
      throw new ValueError(`${fn}: column ${j} of probabilities sums to ${sum}; each column of a (C, m) softmax output must sum to 1`);
    }
  }
  if (yTrue.rows === 1) {
    for (let j = 0; j < m; j++) {
      const y = yTrue.data[j]!;
      if (!Number.isInteger(y) || y < 0 || y >= C) {
        throw new ValueError(`${fn}: yTrue[0, ${j}] is ${y}; class indices must be integers in 0 … ${C - 1} (C = ${C} rows of probabilities)`);
      }
      total += Math.log(clip(P.data[y * m + j]!));
    }
    return -total / m;
  }
  if (yTrue.rows !== C) {
    throw new ShapeError(
      fn,
      'yTrue',
      `yTrue is ${yTrue.shapeString()} but probabilities is ${P.shapeString()}; yTrue must be (C, m) one-hot or (1, m) class indices`,
    );
  }
  for (let k = 0; k < yTrue.data.length; k++) {
    const y = yTrue.data[k]!;
    if (y < 0 || y > 1) {
      throw new ValueError(`${fn}: yTrue[${Math.floor(k / m)}, ${k % m}] is ${y}; (C, m) targets must lie in [0, 1]`);
    }
    if (y !== 0) total += y * Math.log(clip(P.data[k]!));
  }
  return -total / m;
}

// ---------------------------------------------------------------------------------------------
// Regression

/** Reads two (k, m) regression arguments; returns k and m. */
function readRegression(fn: string, yTrue: unknown, yPred: unknown): { k: number; m: number } {
  assertData(yTrue, fn, 'yTrue');
  assertData(yPred, fn, 'yPred');
  assertSameShape(fn, yTrue, yPred);
  return { k: yTrue.rows, m: yTrue.cols };
}

/**
 * Mean squared error: for each output i, MSE_i = (1/m) Σ_j (Y[i, j] - Ŷ[i, j])², then the mean over
 * the k outputs (scikit-learn's multioutput='uniform_average').
 *
 * @param yTrue (k, m) targets. @param yPred (k, m) predictions.
 */
export function meanSquaredError(yTrue: Matrix, yPred: Matrix): number {
  const { k, m } = readRegression('meanSquaredError', yTrue, yPred);
  let total = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) {
      const d = yTrue.data[i * m + j]! - yPred.data[i * m + j]!;
      s += d * d;
    }
    total += s / m;
  }
  return total / k;
}

/**
 * Mean absolute error: MAE_i = (1/m) Σ_j |Y[i, j] - Ŷ[i, j]| per output, then the mean over the k
 * outputs.
 *
 * @param yTrue (k, m) targets. @param yPred (k, m) predictions.
 */
export function meanAbsoluteError(yTrue: Matrix, yPred: Matrix): number {
  const { k, m } = readRegression('meanAbsoluteError', yTrue, yPred);
  let total = 0;
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += Math.abs(yTrue.data[i * m + j]! - yPred.data[i * m + j]!);
    total += s / m;
  }
  return total / k;
}

/**
 * The coefficient of determination, per output i:
 *
 *   R²_i = 1 - SS_res / SS_tot,  SS_res = Σ_j (Y[i, j] - Ŷ[i, j])²,  SS_tot = Σ_j (Y[i, j] - ȳ_i)²
 *
 * then the mean over the k outputs (scikit-learn's uniform_average). 1 is a perfect fit, 0 is no
 * better than predicting the mean, and it can be negative. A constant target (every Y[i, j] of the
 * row equal, so SS_tot = 0 in exact arithmetic) scores 1 if predicted perfectly (SS_res = 0) and 0
 * otherwise, as scikit-learn's force_finite=True (which tests the rounded SS_tot instead). Needs
 * m ≥ 2 examples (R² of one example is undefined; scikit-learn returns NaN, this throws).
 *
 * @param yTrue (k, m) targets. @param yPred (k, m) predictions.
 */
export function r2Score(yTrue: Matrix, yPred: Matrix): number {
  const fn = 'r2Score';
  const { m } = readRegression(fn, yTrue, yPred);
  if (m < 2) throw new ValueError(`${fn}: R² needs at least 2 examples, got m = ${m}`);
  return meanR2(yTrue, yPred);
}

/**
 * R² averaged over the k rows of checked (k, m) targets and predictions, as `r2Score` defines it
 * (a constant row scores 1 if predicted perfectly, else 0); `Network.evaluate` uses it too, so that
 * both report the same R². For m = 1 every row is constant.
 */
export function meanR2(yTrue: Matrix, yPred: Matrix): number {
  const k = yTrue.rows;
  const m = yTrue.cols;
  let total = 0;
  for (let i = 0; i < k; i++) {
    let mean = 0;
    let constant = true;
    for (let j = 0; j < m; j++) {
      mean += yTrue.data[i * m + j]!;
      if (yTrue.data[i * m + j] !== yTrue.data[i * m]) constant = false;
    }
    mean /= m;
    let ssRes = 0;
    let ssTot = 0;
    for (let j = 0; j < m; j++) {
      const y = yTrue.data[i * m + j]!;
      const r = y - yPred.data[i * m + j]!;
      ssRes += r * r;
      ssTot += (y - mean) * (y - mean);
    }
    // Tested on the values, not on SS_tot = 0: the rounded mean of a constant row can differ from
    // the constant (0.1 three times averages to 0.10000000000000002), leaving SS_tot ≈ 1e-34.
    total += constant ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  return total / k;
}
