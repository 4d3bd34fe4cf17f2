import type { Backend, OperandStore } from './backend/backend';
import { type Architecture, isNormalized } from './architecture';
import { Matrix } from './matrix';

const EMPTY = new Matrix(0, 0);

/**
 * Buffers for one batch size m, reused across iterations so the training step does not allocate.
 * With `{ withGradients: false }` only the forward pass's buffers exist (Z, A and batch norm's Ẑ, Z̃, μ, s
 * and the loss terms): about half the memory, for inference, which never runs a backward pass.
 */
export class Workspace {
  readonly m: number;
  /** Whether the backward pass's buffers (D, dZ, dA, the gradients) exist; training needs them. */
  readonly withGradients: boolean;
  /** Z[l] (n[l], m): W·A_prev (+ b) */
  readonly Z: Matrix[] = [EMPTY];
  /** Ẑ[l] and Z̃[l] (n[l], m), batch-normalized layers only */
  readonly Zhat: Matrix[] = [EMPTY];
  readonly Ztilde: Matrix[] = [EMPTY];
  /** μ[l] and √(σ²[l] + ε) (n[l], 1) of the last forward pass, batch-normalized layers only */
  readonly mu: Matrix[] = [EMPTY];
  readonly std: Matrix[] = [EMPTY];
  /** A[l] (n[l], m); A[0] is set to X by each forward pass */
  readonly A: Matrix[] = [EMPTY];
  /** D[l] (n[l], m): the dropout mask of the last forward pass (1 kept, 0 dropped) */
  readonly D: Matrix[] = [EMPTY];
  /** Whether the last forward pass applied dropout to layer l. */
  readonly dropped: boolean[] = [false];
  /** A[l] before dropout scaled it (σ' and tanh' are computed from it); allocated on first use. */
  readonly Apre: Matrix[] = [EMPTY];
  /** dZ[l] (n[l], m) and, on batch-normalized layers, dZ̃[l] */
  readonly dZ: Matrix[] = [EMPTY];
  readonly dZtilde: Matrix[] = [EMPTY];
  /** dA[l] (n[l], m) for l = 1..L-1: dA[l] = W[l+1]ᵀ·dZ[l+1] */
  readonly dA: Matrix[] = [EMPTY];
  /** Gradients shaped like the parameters. */
  readonly dW: Matrix[] = [EMPTY];
  readonly db: (Matrix | null)[] = [null];
  readonly dgamma: (Matrix | null)[] = [null];
  readonly dbeta: (Matrix | null)[] = [null];
  /** Per-element loss terms (n_L·m) and a per-row scratch for batch-norm sums. */
  readonly lossTerms: Float64Array;
  /**
   * An input its owner promises not to change until it unpins it (`pinInput`): the passes then keep
   * it held from step to step instead of keeping it at each forward pass and releasing it after each
   * backward pass, so a backend with its own memory copies it once per training run, not per step.
   */
  pinned: Matrix | null = null;
  /** The backend's store for X (A[0]), made on first use (see `holdInput`), and its backend. */
  operands: OperandStore | null = null;
  private operandsBackend: Backend | null = null;
  /** The matrix `operands` holds now (kept and not yet released), or null. */
  private held: Matrix | null = null;

  constructor(arch: Architecture, m: number, options: { withGradients?: boolean } = {}) {
    this.m = m;
    const withGradients = options.withGradients ?? true;
    this.withGradients = withGradients;
    const { layers, dtype } = arch;
    const L = layers.length - 1;
    for (let l = 1; l <= L; l++) {
      const n = layers[l]!;
      const bn = isNormalized(arch, l);
      this.Z.push(new Matrix(n, m, dtype));
      this.Zhat.push(bn ? new Matrix(n, m, dtype) : EMPTY);
      this.Ztilde.push(bn ? new Matrix(n, m, dtype) : EMPTY);
      this.mu.push(bn ? new Matrix(n, 1, dtype) : EMPTY);
      this.std.push(bn ? new Matrix(n, 1, dtype) : EMPTY);
      this.A.push(new Matrix(n, m, dtype));
      this.dropped.push(false);
      this.Apre.push(EMPTY);
      // Dropout masks belong here too: only a training pass, which a backward pass follows, draws them.
      this.D.push(withGradients && l < L ? new Matrix(n, m, dtype) : EMPTY);
      this.dZ.push(withGradients ? new Matrix(n, m, dtype) : EMPTY);
      this.dZtilde.push(withGradients && bn ? new Matrix(n, m, dtype) : EMPTY);
      this.dA.push(withGradients && l < L ? new Matrix(n, m, dtype) : EMPTY);
      this.dW.push(withGradients ? new Matrix(n, layers[l - 1]!, dtype) : EMPTY);
      this.db.push(withGradients && !bn ? new Matrix(n, 1, dtype) : null);
      this.dgamma.push(withGradients && bn ? new Matrix(n, 1, dtype) : null);
      this.dbeta.push(withGradients && bn ? new Matrix(n, 1, dtype) : null);
    }
    this.lossTerms = new Float64Array(layers[L]! * m);
  }

  /**
   * Starts a pass on input X = A[0] with `backend`: X is the right operand of W[1]·X in the forward
   * pass and of dZ[1]·Xᵀ in the backward pass that must follow it on this workspace (which reads
   * A[0] as it was), so the workspace keeps X in the backend's operand store until `releaseInput`:
   * a backend that copies operands into its own memory (wasm) copies X once per step instead of
   * twice, or once per run when X is pinned. Keeping at every pass drops the previous copy, so X
   * (or a reused mini-batch buffer) may change freely between steps.
   */
  holdInput(backend: Backend, X: Matrix): void {
    this.A[0] = X; // A[0] = X
    if (this.operandsBackend !== backend) {
      this.operands?.release();
      this.operands = backend.createOperandStore?.() ?? null;
      this.operandsBackend = backend;
      this.held = null;
    }
    if (this.pinned === X && this.held === X) return; // still held from an earlier step
    this.operands?.keep(X);
    this.held = X;
  }

  /** The operand store to pass with a product whose right operand is M: X's while held, else none. */
  storeFor(M: Matrix): OperandStore | null {
    return M === this.held ? this.operands : null;
  }

  /** Ends this pass's hold on X (after its last use), unless X is pinned: then it stays held. */
  releaseInput(): void {
    if (this.held !== null && this.held === this.pinned) return;
    this.operands?.release();
    this.held = null;
  }

  /**
   * Forgets the last pass's input (A[0] = X), so a workspace kept for reuse does not keep its
   * caller's X alive; the next forward pass sets A[0] again.
   */
  detachInput(): void {
    this.A[0] = EMPTY;
  }

  /** The input of g[l]: Z̃[l] on batch-normalized layers, else Z[l]. */
  activationInput(l: number): Matrix {
    return this.Ztilde[l]!.size > 0 ? this.Ztilde[l]! : this.Z[l]!;
  }
}

/**
 * Promises that `X` will not change until `unpinInput(ws)`, so the passes on `ws` may keep a
 * backend's copy of it from one step to the next (the trainer pins the full batch for its run).
 */
export function pinInput(ws: Workspace, X: Matrix): void {
  ws.pinned = X;
}

/** Ends the promise of `pinInput` and drops any copy held for it. */
export function unpinInput(ws: Workspace): void {
  ws.pinned = null;
  ws.releaseInput();
}
