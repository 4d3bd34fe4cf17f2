/**
 * Evaluation of a large set in column blocks, so that memory stays bounded whatever m is.
 */
import type { Evaluation, Network } from './network';
import { Matrix } from './matrix';
import { integerAtLeast } from './validate';

/**
 * Elements of the forward workspace (n_1 + … + n_L) × batch one evaluation block may use: 2^22
 * float64 values, 32 MB for Z and as much for A. Sets whose whole pass fits are evaluated in one
 * piece, exactly as `Network.evaluate`.
 */
export const EVALUATION_BLOCK_ELEMENTS = 1 << 22;

export interface BatchedEvaluationOptions {
  /** Examples per block; by default as many as keep the workspace within EVALUATION_BLOCK_ELEMENTS. */
  batchSize?: number;
  /**
   * Called with each block of X's columns (X itself when the set is one piece) and the index of its
   * first column, before the block's progress is reported: for what else a caller needs of the same
   * block (its predictions, say) within the same bounded memory.
   */
  onBlock?: (block: Matrix, start: number) => void;
  /** Called after each block with the examples done so far and m. */
  onProgress?: (done: number, m: number) => void;
}

/** The default examples per block of evaluateInBatches for `network`: as many as keep its workspace within EVALUATION_BLOCK_ELEMENTS. */
export function evaluationBatchSize(network: Network): number {
  const units = network.layers.slice(1).reduce((sum, n) => sum + n, 0) * (network.batchNorm ? 2 : 1);
  return Math.max(1, Math.floor(EVALUATION_BLOCK_ELEMENTS / units));
}

/**
 * `network.evaluate(X, Y)` for X (n_x, m) and Y (n_y, m), one block of columns at a time: the same
 * measures with the workspace of one block instead of all m examples. When the whole set fits in
 * one block the result is `network.evaluate(X, Y)` itself, bit for bit. Across blocks
 * J = (1/m)·Σ_blocks loss_block, accuracy = correct/total, MSE and MAE are the totals over m, and R²
 * is 1 − SS_res/SS_tot per output against the mean of all m labels (averaged over outputs, a
 * constant output counting 1 when predicted exactly and 0 otherwise, as meanR2): equal to the one-piece
 * values up to the rounding of the sums' order.
 */
export function evaluateInBatches(network: Network, X: Matrix, Y: Matrix, options: BatchedEvaluationOptions = {}): Evaluation {
  const m = X.cols;
  const batch = options.batchSize ?? evaluationBatchSize(network);
  integerAtLeast(batch, 1, 'evaluateInBatches', 'batchSize');
  if (m <= batch || X.cols !== Y.cols) {
    // One piece (and the shape errors, in Network.evaluate's own words).
    const whole = network.evaluate(X, Y);
    options.onBlock?.(X, 0);
    options.onProgress?.(m, m);
    return whole;
  }
  // Accuracy counts entries of A[L] for sigmoid (every output), examples for softmax.
  const entries = network.output === 'sigmoid' ? network.layers[network.layers.length - 1]! : 1;
  const totals = new BlockTotals(network.output === 'linear', entries, Y);
  for (let start = 0; start < m; start += batch) {
    const end = Math.min(m, start + batch);
    const Xb = columnBlock(X, start, end);
    const Yb = columnBlock(Y, start, end);
    const { cost, accuracy } = network.evaluate(Xb, Yb);
    totals.add(cost, accuracy, end - start, network.output === 'linear' ? network.predict(Xb) : undefined, Yb);
    options.onBlock?.(Xb, start);
    options.onProgress?.(end, m);
  }
  return totals.result(m);
}

/** Columns start..end-1 of M: numpy's `M[:, start:end]`, a copy. */
export function columnBlock(M: Matrix, start: number, end: number): Matrix {
  const width = end - start;
  const out = new Matrix(M.rows, width, M.dtype);
  for (let i = 0; i < M.rows; i++) out.data.set(M.data.subarray(i * M.cols + start, i * M.cols + end), i * width);
  return out;
}

/** The running sums behind a batched evaluation. */
class BlockTotals {
  private loss = 0;
  private correct = 0;
  private squared = 0;
  private absolute = 0;
  private readonly residual: Float64Array;
  private readonly mean: Float64Array;
  private readonly constant: boolean[];

  constructor(
    private readonly regression: boolean,
    private readonly entries: number,
    private readonly Y: Matrix,
  ) {
    this.residual = new Float64Array(Y.rows);
    this.mean = new Float64Array(Y.rows);
    this.constant = [];
    for (let i = 0; i < Y.rows; i++) {
      const row = Y.data.subarray(i * Y.cols, (i + 1) * Y.cols);
      let sum = 0;
      for (let j = 0; j < row.length; j++) sum += row[j]!;
      this.mean[i] = sum / row.length;
      this.constant.push(row.every((y) => y === row[0]));
    }
  }

  add(cost: number, accuracy: number, mb: number, AL: Matrix | undefined, Yb: Matrix): void {
    this.loss += cost * mb;
    if (!this.regression) {
      // accuracy = correct / (entries · mb) exactly, so the count is recovered as an integer.
      this.correct += Math.round(accuracy * mb * this.entries);
      return;
    }
    const a = AL!.data;
    const t = Yb.data;
    for (let k = 0; k < a.length; k++) {
      const d = a[k]! - t[k]!;
      this.squared += d * d;
      this.absolute += Math.abs(d);
      this.residual[Math.floor(k / mb)]! += d * d;
    }
  }

  result(m: number): Evaluation {
    const cost = this.loss / m;
    if (!this.regression) return { cost, accuracy: this.correct / (m * this.entries) };
    const entries = m * this.Y.rows;
    let r2 = 0;
    for (let i = 0; i < this.Y.rows; i++) {
      const row = this.Y.data.subarray(i * m, (i + 1) * m);
      let total = 0;
      for (let j = 0; j < m; j++) total += (row[j]! - this.mean[i]!) ** 2;
      r2 += this.constant[i] ? (this.residual[i] === 0 ? 1 : 0) : 1 - this.residual[i]! / total;
    }
    return { cost, accuracy: Number.NaN, mse: this.squared / entries, mae: this.absolute / entries, r2: r2 / this.Y.rows };
  }
}
