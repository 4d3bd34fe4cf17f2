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
   * Shapes: op(A) is (M, K), op(B) is (K, N), C is (M, N). `operands`, from this backend's
   * `createOperandStore`, may hold A or B (see OperandStore); other backends' stores are ignored.
   */
  gemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, C: Matrix, operands?: OperandStore | null): void;

  /**
   * Optional: a store for an operand that its caller keeps unchanged across several products, so a
   * backend whose kernels work on their own memory (WebAssembly) copies it in once instead of on
   * every product. The passes use one per Workspace for X (see propagation.ts).
   */
  createOperandStore?(): OperandStore;

  /** Z[i, j] += b[i, 0]: broadcasts the bias column b (n, 1) across the m columns of Z (n, m). */
  addBias(Z: Matrix, b: Matrix): void;

  /**
   * Row sums, one per row of A: out[i, 0] = Σ_j A[i, j], summing across the columns (in the passes,
   * over the m examples: db[l] = Σ_j dZ[l][:, j]): numpy's `np.sum(A, axis=1, keepdims=True)`. out
   * is (n, 1). (It was `sumColumns` up to 0.1, which read as column sums.) The reference sums each row
   * pairwise in numpy's order, so the result matches numpy's bit for bit.
   */
  rowSums(A: Matrix, out: Matrix): void;

  /** A = g(Z) element-wise. A may be Z itself. */
  activate(kind: Activation, Z: Matrix, A: Matrix, alpha: number): void;

  /**
   * dZ = dA ⊙ g'(Z) element-wise, where A = g(Z) is passed too so that sigmoid and tanh reuse it
   * (σ' = A(1 - A), tanh' = 1 - A²). dZ may be dA itself.
   */
  activateBackward(kind: Activation, dA: Matrix, Z: Matrix, A: Matrix, dZ: Matrix, alpha: number): void;

  /**
   * Optional fused pass: Z[i, j] += b[i, 0], then A = g(Z), in one sweep over Z (the forward pass's
   * Z[l] = W·A_prev + b, A[l] = g(Z[l]) without a second trip through memory). A may not be Z.
   * Must equal `addBias` followed by `activate` exactly; callers fall back to those when absent.
   */
  addBiasActivate?(kind: Activation, Z: Matrix, b: Matrix, A: Matrix, alpha: number): void;

  /**
   * A[:, j] = softmax(Z[:, j]) for every column j: exp(z - max z) / Σ exp(z - max z), so no exp
   * overflows. Z and A are (C, m); A may be Z itself.
   */
  softmaxColumns(Z: Matrix, A: Matrix): void;

  /**
   * out = (A - Y) / divisor element-wise: with divisor m, dZ[L] = (A[L] - Y)/m, the output layer's
   * gradient of every head (sigmoid with cross-entropy, softmax with categorical cross-entropy,
   * linear with squared error), the 1/m of the cost carried in from the start.
   */
  differenceOver(A: Matrix, Y: Matrix, divisor: number, out: Matrix): void;

  /** Y += alpha · X element-wise (the gradient-descent update W -= lr·dW is axpy(-lr, dW, W)). */
  axpy(alpha: number, X: Matrix, Y: Matrix): void;
}

/**
 * An explicit promise about one matrix, made by the code that owns it: between `keep(M)` and the
 * next `keep` or `release`, M's contents do not change, so products that are given this store may
 * read M from a copy the backend made on its first use. Nothing is inferred from object identity
 * alone: without the promise (no store, or after `release`), every product reads M.data afresh.
 */
export interface OperandStore {
  /** Holds M from now on (dropping whatever was held, and any copy of it, even if it was M itself). */
  keep(M: Matrix): void;
  /** Drops the held matrix and its copy: it may change from now on. */
  release(): void;
}
