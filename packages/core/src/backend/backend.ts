import type { Activation } from '../activations';
import type { Matrix } from '../matrix';

/**
 * The kernels every layer of the engine is built from. Callers (the model code) validate shapes once
 * at the public boundary; a backend trusts its arguments: shapes agree, outputs do not alias inputs
 * unless a method says so. Every backend must pass `backend/conformance.test.ts`.
 */
export interface Backend {
  readonly name: string;

  /**
   * C = op(A) · op(B), overwriting C, where op(X) is X or Xᵀ as the flags say.
   * Shapes: op(A) is (M, K), op(B) is (K, N), C is (M, N).
   */
  gemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, C: Matrix): void;

  /** Z[i, j] += b[i, 0]: broadcasts the bias column b (n, 1) across the m columns of Z (n, m). */
  addBias(Z: Matrix, b: Matrix): void;

  /**
   * out[i, 0] = Σ_j A[i, j]: numpy's `np.sum(A, axis=1, keepdims=True)`. out is (n, 1). The reference
   * sums each row pairwise in numpy's order, so the result matches numpy's bit for bit.
   */
  sumColumns(A: Matrix, out: Matrix): void;

  /** A = g(Z) element-wise. A may be Z itself. */
  activate(kind: Activation, Z: Matrix, A: Matrix, alpha: number): void;

  /**
   * dZ = dA ⊙ g'(Z) element-wise, where A = g(Z) is passed too so that sigmoid and tanh reuse it
   * (σ' = A(1 - A), tanh' = 1 - A²). dZ may be dA itself.
   */
  activateBackward(kind: Activation, dA: Matrix, Z: Matrix, A: Matrix, dZ: Matrix, alpha: number): void;

  /**
   * A[:, j] = softmax(Z[:, j]) for every column j: exp(z - max z) / Σ exp(z - max z), so no exp
   * overflows. Z and A are (C, m); A may be Z itself.
   */
  softmaxColumns(Z: Matrix, A: Matrix): void;

  /** out = (A - Y) / divisor element-wise: dZ[L] = (A[L] - Y) / m of a sigmoid head. */
  differenceOver(A: Matrix, Y: Matrix, divisor: number, out: Matrix): void;

  /** Y += alpha · X element-wise (the gradient-descent update W -= lr·dW is axpy(-lr, dW, W)). */
  axpy(alpha: number, X: Matrix, Y: Matrix): void;
}
