import type { OutputHead } from './activations';
import type { Backend } from './backend/backend';
import { pairwiseSum } from './backend/pairwise-sum';
import { ShapeError, ValueError } from './errors';
import { argmaxColumn, type FloatArray, Matrix } from './matrix';
import { assertFinite, assertMatrix } from './validate';

/**
 * The output heads: each pairs A[L] = g[L](Z[L]) with a loss whose derivative through g[L] is
 * dZ[L] = (A[L] - Y)/m, so the backward pass starts the same way for all three:
 *   sigmoid: A = σ(Z), loss = -Σ [y·log a + (1-y)·log(1-a)]      (binary, or independent 0/1 outputs)
 *   softmax: A[:, j] = softmax(Z[:, j]), loss = -Σ_j Σ_k y_kj·log a_kj  (one-hot Y, C ≥ 2 classes)
 *   linear:  A = Z, loss = ½·Σ (a - y)²                           (regression, any number of outputs)
 * The cost is the loss summed over a batch divided by its m (plus the L2 penalty, if any).
 */

/** A[L] = g[L](Z[L]). */
export function headForward(backend: Backend, head: OutputHead, Z: Matrix, A: Matrix): void {
  if (head === 'sigmoid') backend.activate('sigmoid', Z, A, 0);
  else if (head === 'softmax') backend.softmaxColumns(Z, A);
  else backend.activate('linear', Z, A, 0);
}

/**
 * The loss summed over every example of the batch (not divided by m). Log terms are computed from
 * A[L] as the course does whenever that log is finite, so unsaturated runs reproduce numpy's numbers;
 * where a probability has rounded to exactly 0 or 1 the term comes from Z[L] instead
 * (log σ(z) = -softplus(-z), log(1 - σ(z)) = -softplus(z), log softmax_k = z_k - logsumexp z), so a
 * saturated prediction costs a finite amount. Sums are numpy's pairwise sums.
 * `scratch` must hold at least rows·m values.
 */
export function headLossSum(head: OutputHead, AL: Matrix, ZL: Matrix, Y: Matrix, scratch: Float64Array): number {
  const a = AL.data;
  const z = ZL.data;
  const y = Y.data;
  const n = a.length;
  if (head === 'sigmoid') {
    for (let k = 0; k < n; k++) {
      const ak = a[k]!;
      if (y[k] === 1) scratch[k] = ak > 0 ? Math.log(ak) : -softplus(-z[k]!);
      else scratch[k] = ak < 1 ? Math.log(1 - ak) : -softplus(z[k]!);
    }
    return -pairwiseSum(scratch, 0, n);
  }
  if (head === 'softmax') {
    const m = AL.cols;
    for (let k = 0; k < n; k++) {
      if (y[k] === 0) {
        scratch[k] = 0;
        continue;
      }
      const ak = a[k]!;
      scratch[k] = y[k]! * (ak > 0 ? Math.log(ak) : logSoftmax(z, AL.rows, m, k));
    }
    return -pairwiseSum(scratch, 0, n);
  }
  for (let k = 0; k < n; k++) {
    const d = a[k]! - y[k]!;
    scratch[k] = d * d;
  }
  return pairwiseSum(scratch, 0, n) / 2;
}

/**
 * An upper bound of headLossSum for a sigmoid or softmax head, from Z[L] and Y alone with no log or
 * exp (so a step can tell cheaply that its cost is small without computing it):
 *   sigmoid: loss = softplus(-z) (y = 1) or softplus(z) (y = 0), and softplus(x) ≤ max(x, 0) + ln 2;
 *   softmax: loss_j = Σ_i y_ij·(logsumexp(z_j) - z_ij), and logsumexp(z_j) ≤ max_i z_ij + ln C.
 * NaN or Infinity when some z is not finite (or the bound overflows).
 */
export function headLossBound(head: 'sigmoid' | 'softmax', ZL: Matrix, Y: Matrix): number {
  const z = ZL.data;
  const y = Y.data;
  let bound = 0;
  if (head === 'sigmoid') {
    for (let k = 0; k < z.length; k++) bound += Math.max(y[k] === 1 ? -z[k]! : z[k]!, 0);
    return bound + z.length * Math.LN2;
  }
  const C = ZL.rows;
  const m = ZL.cols;
  const logC = Math.log(C);
  for (let j = 0; j < m; j++) {
    let max = -Infinity;
    for (let i = 0; i < C; i++) max = Math.max(max, z[i * m + j]!);
    for (let i = 0; i < C; i++) {
      const yij = y[i * m + j]!;
      if (yij !== 0) bound += yij * (max - z[i * m + j]! + logC);
    }
  }
  return bound;
}

/** log softmax(z[:, j])_i for the flat index k = i·m + j, computed stably from Z. */
function logSoftmax(z: FloatArray, C: number, m: number, k: number): number {
  const j = k % m;
  let max = -Infinity;
  for (let i = 0; i < C; i++) max = Math.max(max, z[i * m + j]!);
  let sum = 0;
  for (let i = 0; i < C; i++) sum += Math.exp(z[i * m + j]! - max);
  return z[k]! - max - Math.log(sum);
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^(-|x|)). */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Checks the labels for a head and returns them as the (n_L, m) matrix the loss needs:
 *   sigmoid: Y is (n_L, m) of 0/1.
 *   softmax: Y is one-hot (C, m), or a (1, m) row of class indices 0..C-1 (encoded to one-hot here).
 *   linear:  Y is (n_L, m) of finite numbers.
 */
export function encodeTargets(head: OutputHead, Y: unknown, nL: number, m: number, fn: string): Matrix {
  assertMatrix(Y, fn, 'Y');
  if (head === 'softmax' && Y.rows === 1 && nL > 1) {
    if (Y.cols !== m) throw new ShapeError(fn, 'Y', `Y is ${Y.shapeString()} but should be (1, ${m}) class indices or (${nL}, ${m}) one-hot, to match X`);
    const out = new Matrix(nL, m);
    for (let j = 0; j < m; j++) {
      const c = Y.data[j]!;
      if (!Number.isInteger(c) || c < 0 || c >= nL) {
        throw new ValueError(`${fn}: Y[0, ${j}] is ${c}; class indices must be integers from 0 to ${nL - 1} (C = layers[L] = ${nL})`);
      }
      out.data[c * m + j] = 1;
    }
    return out;
  }
  if (Y.rows !== nL || Y.cols !== m) {
    const expected = head === 'softmax' ? `(${nL}, ${m}) one-hot or (1, ${m}) class indices` : `(${nL}, ${m})`;
    throw new ShapeError(fn, 'Y', `Y is ${Y.shapeString()} but should be ${expected} (n_L = ${nL}, m = ${m} from X)`);
  }
  if (head === 'linear') {
    assertFinite(Y, fn, 'Y');
    return Y;
  }
  const y = Y.data;
  for (let k = 0; k < y.length; k++) {
    if (y[k] !== 0 && y[k] !== 1) {
      const where = `Y[${Math.floor(k / m)}, ${k % m}] is ${y[k]}`;
      throw new ValueError(
        head === 'sigmoid' ? `${fn}: ${where}; binary labels must be 0 or 1` : `${fn}: ${where}; one-hot labels must be 0 or 1`,
      );
    }
  }
  if (head === 'softmax') {
    for (let j = 0; j < m; j++) {
      let ones = 0;
      for (let i = 0; i < nL; i++) ones += y[i * m + j]!;
      if (ones !== 1) throw new ValueError(`${fn}: column ${j} of the one-hot Y has ${ones} ones; each example needs exactly one`);
    }
  }
  return Y;
}

/** Predicted labels from A[L]: 0/1 for sigmoid (a > 0.5), the arg-max row (1, m) for softmax, A itself for linear. */
export function headPredict(head: OutputHead, AL: Matrix): Matrix {
  if (head === 'linear') return AL.clone();
  if (head === 'sigmoid') return new Matrix(AL.rows, AL.cols, AL.data.map((p) => (p > 0.5 ? 1 : 0)));
  const m = AL.cols;
  const out = new Matrix(1, m);
  for (let j = 0; j < m; j++) out.data[j] = argmaxColumn(AL, j);
  return out;
}

/**
 * The fraction of correct predictions: per entry for sigmoid (a > 0.5 against 0/1 labels), per
 * example for softmax (arg-max against the one-hot label). NaN for the linear head.
 */
export function headAccuracy(head: OutputHead, AL: Matrix, T: Matrix): number {
  if (head === 'linear') return Number.NaN;
  const a = AL.data;
  const t = T.data;
  if (head === 'sigmoid') {
    let correct = 0;
    for (let k = 0; k < a.length; k++) if ((a[k]! > 0.5 ? 1 : 0) === t[k]) correct++;
    return correct / a.length;
  }
  const m = AL.cols;
  let correct = 0;
  for (let j = 0; j < m; j++) if (t[argmaxColumn(AL, j) * m + j] === 1) correct++;
  return correct / m;
}
