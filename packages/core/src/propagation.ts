import type { Activation, OutputHead } from './activations';
import type { Backend, OperandStore } from './backend/backend';
import { pairwiseSum } from './backend/pairwise-sum';
import { headForward, headLossSum } from './heads';
import { type DType, Matrix } from './matrix';
import type { RandomState } from './random';

/**
 * The vectorized L-layer passes on preallocated buffers. Everything here trusts its inputs: the
 * public API (Network, the functional API, the trainer) validates shapes and values before calling in.
 *
 * Arrays are indexed by layer l = 1..L (index 0 unused, or A[0] = X), as in the course.
 * Hidden layer l computes Z[l] = W[l]·A[l-1] + b[l] (or, with batch normalization, Z[l] = W[l]·A[l-1],
 * Ẑ = (Z - μ)/√(σ² + ε), Z̃[l] = γ[l]·Ẑ + β[l]), then A[l] = g[l](Z̃ or Z), then inverted dropout.
 * The output layer is always Z[L] = W[L]·A[L-1] + b[L], A[L] = head(Z[L]).
 */

/** Layer sizes n[0..L], hidden activations, the head, batch norm, leaky slope. */
export interface Architecture {
  readonly layers: readonly number[];
  /** activations[l] for hidden layers l = 1..L-1; entries 0 and L are unused. */
  readonly activations: readonly Activation[];
  readonly output: OutputHead;
  readonly batchNorm: boolean;
  readonly batchNormEpsilon: number;
  readonly leakyReluAlpha: number;
  /** The element type of the parameters and of every buffer of the passes. */
  readonly dtype: DType;
}

/** W[l] (n[l], n[l-1]); b[l] (n[l], 1), or γ[l], β[l] (n[l], 1) on batch-normalized hidden layers. */
export interface ParameterSet {
  readonly W: Matrix[];
  readonly b: (Matrix | null)[];
  readonly gamma: (Matrix | null)[];
  readonly beta: (Matrix | null)[];
}

/** Running mean and variance of Z per batch-normalized layer, for inference. */
export interface BatchNormStatistics {
  readonly mean: (Matrix | null)[];
  readonly variance: (Matrix | null)[];
}

/** True for a hidden layer that is batch-normalized. */
export function isNormalized(arch: Architecture, l: number): boolean {
  return arch.batchNorm && l < arch.layers.length - 1;
}

const EMPTY = new Matrix(0, 0);

/**
 * Buffers for one batch size m, reused across iterations so the training step does not allocate.
 * With `{ backward: false }` only the forward pass's buffers exist (Z, A and batch norm's Ẑ, Z̃, μ, s
 * and the loss terms): about half the memory, for inference, which never runs a backward pass.
 */
export class Workspace {
  readonly m: number;
  /** Whether the backward pass's buffers (D, dZ, dA, the gradients) exist; training needs them. */
  readonly backward: boolean;
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
   * The backend's store for X (A[0]) from a forward pass to the end of its backward pass, and the
   * backend it came from; made on first use (see `operandStoreFor`).
   */
  operands: OperandStore | null = null;
  operandsBackend: Backend | null = null;
  /** The matrix `operands` holds now (kept and not yet released), or null. */
  held: Matrix | null = null;
  /**
   * An input its owner promises not to change until it unpins it (`pinInput`): the passes then keep
   * it held from step to step instead of keeping it at each forward pass and releasing it after each
   * backward pass, so a backend with its own memory copies it once per training run, not per step.
   */
  pinned: Matrix | null = null;

  constructor(arch: Architecture, m: number, options: { backward?: boolean } = {}) {
    this.m = m;
    const backward = options.backward ?? true;
    this.backward = backward;
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
      this.D.push(backward && l < L ? new Matrix(n, m, dtype) : EMPTY);
      this.dZ.push(backward ? new Matrix(n, m, dtype) : EMPTY);
      this.dZtilde.push(backward && bn ? new Matrix(n, m, dtype) : EMPTY);
      this.dA.push(backward && l < L ? new Matrix(n, m, dtype) : EMPTY);
      this.dW.push(backward ? new Matrix(n, layers[l - 1]!, dtype) : EMPTY);
      this.db.push(backward && !bn ? new Matrix(n, 1, dtype) : null);
      this.dgamma.push(backward && bn ? new Matrix(n, 1, dtype) : null);
      this.dbeta.push(backward && bn ? new Matrix(n, 1, dtype) : null);
    }
    this.lossTerms = new Float64Array(layers[L]! * m);
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
 * The workspace's operand store on `backend` (null if the backend has none). X is the same for the
 * products W[1]·X of a forward pass and dZ[1]·Xᵀ of the backward pass that must follow it on the
 * same workspace (that pass reads A[0] = X as it was), so the forward pass keeps X in the store and
 * the backward pass releases it after its last use: a backend that copies operands into its own
 * memory copies X once per step instead of twice. keep() at every forward pass drops the previous
 * copy, so X (or a reused mini-batch buffer) may change freely between steps.
 */
function operandStoreFor(ws: Workspace, backend: Backend): OperandStore | null {
  if (ws.operandsBackend !== backend) {
    ws.operands?.release();
    ws.operands = backend.createOperandStore?.() ?? null;
    ws.operandsBackend = backend;
    ws.held = null;
  }
  return ws.operands;
}

/** Holds X in the store for this pass, unless it is pinned and already held from an earlier pass. */
function holdInput(ws: Workspace, operands: OperandStore | null, X: Matrix): void {
  if (ws.pinned === X && ws.held === X) return;
  operands?.keep(X);
  ws.held = X;
}

/**
 * The store to pass with a product whose right operand is A[k]: the workspace's store for A[0] = X
 * (held from the forward pass to the end of the backward pass), none for the layers' own buffers.
 */
function storeOf(ws: Workspace, backend: Backend, k: number): OperandStore | null {
  return k === 0 && ws.operandsBackend === backend ? ws.operands : null;
}

/** Ends this pass's hold on X, unless X is pinned (then it stays held for the next step). */
function releaseInput(ws: Workspace): void {
  if (ws.held !== null && ws.held === ws.pinned) return;
  ws.operands?.release();
  ws.held = null;
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
  releaseInput(ws);
}

/** How a forward pass runs: training mode uses batch statistics (and may update the running ones) and dropout. */
export interface ForwardMode {
  training: boolean;
  /** Running statistics to read (inference) or to update (training, when `updateStatistics`). */
  statistics: BatchNormStatistics | null;
  updateStatistics?: boolean;
  momentum?: number;
  /** keepProb[l] for hidden layers; 1 (or missing) means no dropout. Training mode only. */
  keepProb?: readonly number[] | null;
  /** Source of dropout masks. */
  rng?: RandomState | null;
}

export const INFERENCE: ForwardMode = { training: false, statistics: null };

/** The forward pass over all layers. Returns A[L]. */
export function forwardPass(
  backend: Backend,
  arch: Architecture,
  params: ParameterSet,
  X: Matrix,
  ws: Workspace,
  mode: ForwardMode,
): Matrix {
  const L = arch.layers.length - 1;
  if (mode.training && !ws.backward) throw new Error('forwardPass: a training pass needs a workspace with backward buffers');
  ws.A[0] = X; // A[0] = X
  holdInput(ws, operandStoreFor(ws, backend), X);
  for (let l = 1; l <= L; l++) {
    const Z = ws.Z[l]!;
    const g = arch.activations[l]!;
    backend.gemm(false, false, params.W[l]!, ws.A[l - 1]!, Z, storeOf(ws, backend, l - 1)); // Z[l] = W[l]·A[l-1]
    if (l === L) {
      backend.addBias(Z, params.b[L]!); // Z[L] += b[L]
      headForward(backend, arch.output, Z, ws.A[L]!); // A[L] = σ(Z[L]), softmax(Z[L]) or Z[L]
      break;
    }
    if (isNormalized(arch, l)) {
      batchNormForward(arch, params, ws, l, mode); // Z̃[l] = γ[l]·(Z[l] - μ)/√(σ² + ε) + β[l]
      backend.activate(g, ws.activationInput(l), ws.A[l]!, arch.leakyReluAlpha); // A[l] = g[l](Z̃[l])
    } else if (backend.addBiasActivate) {
      backend.addBiasActivate(g, Z, params.b[l]!, ws.A[l]!, arch.leakyReluAlpha); // Z[l] += b[l]; A[l] = g[l](Z[l])
    } else {
      backend.addBias(Z, params.b[l]!); // Z[l] += b[l]
      backend.activate(g, Z, ws.A[l]!, arch.leakyReluAlpha); // A[l] = g[l](Z[l])
    }
    const keep = mode.training && mode.keepProb ? (mode.keepProb[l] ?? 1) : 1;
    ws.dropped[l] = keep < 1;
    if (keep < 1) {
      if (ws.Apre[l]!.size === 0) ws.Apre[l] = new Matrix(ws.A[l]!.rows, ws.m, ws.A[l]!.dtype);
      ws.Apre[l]!.data.set(ws.A[l]!.data);
      applyDropout(ws.A[l]!, ws.D[l]!, keep, mode.rng!); // D[l] = rand < keep; A[l] = A[l]·D[l]/keep
    }
  }
  if (!mode.training) releaseInput(ws); // no backward pass follows an inference pass
  return ws.A[L]!;
}

/**
 * Ẑ = (Z - μ)/√(σ² + ε), Z̃ = γ·Ẑ + β, with μ and σ² (population variance) over the batch's columns
 * in training mode, or the running statistics in inference mode.
 */
function batchNormForward(arch: Architecture, params: ParameterSet, ws: Workspace, l: number, mode: ForwardMode): void {
  const Z = ws.Z[l]!;
  const z = Z.data;
  const zhat = ws.Zhat[l]!.data;
  const zt = ws.Ztilde[l]!.data;
  const mu = ws.mu[l]!.data;
  const std = ws.std[l]!.data;
  const gamma = params.gamma[l]!.data;
  const beta = params.beta[l]!.data;
  const m = Z.cols;
  const eps = arch.batchNormEpsilon;
  for (let i = 0; i < Z.rows; i++) {
    const row = i * m;
    let mean: number;
    let variance: number;
    if (mode.training) {
      mean = pairwiseSum(z, row, m) / m;
      // the squared deviations go through zhat as scratch, summed in numpy's order
      for (let j = 0; j < m; j++) {
        const d = z[row + j]! - mean;
        zhat[row + j] = d * d;
      }
      variance = pairwiseSum(zhat, row, m) / m;
      if (mode.updateStatistics && mode.statistics) {
        const momentum = mode.momentum ?? 0.9;
        const runMean = mode.statistics.mean[l]!.data;
        const runVar = mode.statistics.variance[l]!.data;
        runMean[i] = momentum * runMean[i]! + (1 - momentum) * mean;
        runVar[i] = momentum * runVar[i]! + (1 - momentum) * variance;
      }
    } else {
      mean = mode.statistics!.mean[l]!.data[i]!;
      variance = mode.statistics!.variance[l]!.data[i]!;
    }
    const s = Math.sqrt(variance + eps);
    mu[i] = mean;
    std[i] = s;
    const g = gamma[i]!;
    const b = beta[i]!;
    for (let j = 0; j < m; j++) {
      const h = (z[row + j]! - mean) / s;
      zhat[row + j] = h;
      zt[row + j] = g * h + b;
    }
  }
}

/** Inverted dropout: D = rand(shape) < keep (drawn row-major); A = A·D / keep. */
function applyDropout(A: Matrix, D: Matrix, keep: number, rng: RandomState): void {
  const a = A.data;
  const d = D.data;
  for (let k = 0; k < a.length; k++) {
    const kept = rng.nextDouble() < keep ? 1 : 0;
    d[k] = kept;
    a[k] = (a[k]! * kept) / keep;
  }
}

/** The loss summed over the batch (not divided by m); must follow forwardPass on the same workspace. */
export function lossSum(arch: Architecture, ws: Workspace, Y: Matrix): number {
  const L = arch.layers.length - 1;
  return headLossSum(arch.output, ws.A[L]!, ws.Z[L]!, Y, ws.lossTerms);
}

/** The L2 penalty of the cost on m examples: (λ/2m)·Σ_l ‖W[l]‖²_F (0 without L2). */
export function l2Penalty(l2: number, m: number, params: ParameterSet): number {
  return l2 > 0 ? (l2 / (2 * m)) * sumSquaredWeights(params) : 0;
}

/** Σ_l ‖W[l]‖²_F, for the L2 penalty (λ/2m)·Σ_l ‖W[l]‖²_F. */
function sumSquaredWeights(params: ParameterSet): number {
  let total = 0;
  for (let l = 1; l < params.W.length; l++) {
    const w = params.W[l]!.data;
    let sum = 0;
    for (let k = 0; k < w.length; k++) sum += w[k]! * w[k]!;
    total += sum;
  }
  return total;
}

/**
 * Backpropagation with the 1/m carried in dA[L]: dZ[L] = (A[L] - Y)/m for every head; then for
 * l = L..1: dW[l] = dZ[l]·A[l-1]ᵀ (+ (λ/m)·W[l]), db[l] = Σ_columns dZ[l], dA[l-1] = W[l]ᵀ·dZ[l],
 * dA[l-1] masked like its dropout, and dZ[l-1] = dA[l-1] ⊙ g'(Z[l-1]) (through batch norm where used).
 * Fills the workspace's gradients; must follow forwardPass (training mode) on the same workspace.
 */
export function backwardPass(
  backend: Backend,
  arch: Architecture,
  params: ParameterSet,
  Y: Matrix,
  ws: Workspace,
  l2 = 0,
  keepProb: readonly number[] | null = null,
): void {
  const L = arch.layers.length - 1;
  const { m } = ws;
  backend.differenceOver(ws.A[L]!, Y, m, ws.dZ[L]!); // dZ[L] = (A[L] - Y)/m, for every head
  for (let l = L; l >= 1; l--) {
    const dZ = ws.dZ[l]!;
    const dW = ws.dW[l]!;
    backend.gemm(false, true, dZ, ws.A[l - 1]!, dW, storeOf(ws, backend, l - 1)); // dW[l] = dZ[l]·A[l-1]ᵀ
    if (l2 > 0) backend.axpy(l2 / m, params.W[l]!, dW); // dW[l] += (λ/m)·W[l]
    const db = ws.db[l];
    if (db) backend.sumColumns(dZ, db); // db[l] = Σ_j dZ[l][:, j], the sum over the m examples (np.sum(dZ, axis=1))
    if (l === 1) break;
    const h = l - 1; // the hidden layer below
    const dA = ws.dA[h]!;
    const g = arch.activations[h]!;
    backend.gemm(true, false, params.W[l]!, dZ, dA); // dA[l-1] = W[l]ᵀ·dZ[l]
    if (ws.dropped[h]) unDropout(dA, ws.D[h]!, keepProb![h]!); // dA[l-1] = dA[l-1]·D[l-1]/keep
    const A = ws.dropped[h] ? ws.Apre[h]! : ws.A[h]!;
    if (isNormalized(arch, h)) {
      backend.activateBackward(g, dA, ws.Ztilde[h]!, A, ws.dZtilde[h]!, arch.leakyReluAlpha); // dZ̃[l-1] = dA[l-1] ⊙ g'(Z̃[l-1])
      batchNormBackward(params, ws, h); // dγ, dβ and dZ[l-1] through the normalization
    } else {
      backend.activateBackward(g, dA, ws.Z[h]!, A, ws.dZ[h]!, arch.leakyReluAlpha); // dZ[l-1] = dA[l-1] ⊙ g'(Z[l-1])
    }
  }
  releaseInput(ws); // X's last use in this step was dW[1] = dZ[1]·Xᵀ
}

/** dA = dA·D / keep: the same mask and scale as the forward pass. */
function unDropout(dA: Matrix, D: Matrix, keep: number): void {
  const g = dA.data;
  const d = D.data;
  for (let k = 0; k < g.length; k++) g[k] = (g[k]! * d[k]!) / keep;
}

/**
 * Through Z̃ = γ·Ẑ + β and Ẑ = (Z - μ)/s: dγ = Σ dZ̃⊙Ẑ, dβ = Σ dZ̃, dẐ = dZ̃·γ,
 * dZ = (1/m)(1/s)·(m·dẐ - Σ dẐ - Ẑ·Σ(dẐ⊙Ẑ)) (sums over the batch's columns).
 */
function batchNormBackward(params: ParameterSet, ws: Workspace, l: number): void {
  const dzt = ws.dZtilde[l]!.data;
  const zhat = ws.Zhat[l]!.data;
  const dz = ws.dZ[l]!.data;
  const gamma = params.gamma[l]!.data;
  const std = ws.std[l]!.data;
  const dgamma = ws.dgamma[l]!.data;
  const dbeta = ws.dbeta[l]!.data;
  const m = ws.m;
  const rows = ws.dZ[l]!.rows;
  for (let i = 0; i < rows; i++) {
    const row = i * m;
    // dz serves as scratch for the element-wise products, summed in numpy's order
    for (let j = 0; j < m; j++) dz[row + j] = dzt[row + j]! * zhat[row + j]!;
    dgamma[i] = pairwiseSum(dz, row, m);
    dbeta[i] = pairwiseSum(dzt, row, m);
    const g = gamma[i]!;
    for (let j = 0; j < m; j++) dz[row + j] = dzt[row + j]! * g; // dẐ
    const sumDzhat = pairwiseSum(dz, row, m);
    for (let j = 0; j < m; j++) dzt[row + j] = dz[row + j]! * zhat[row + j]!; // dzt is free now
    const sumDzhatZhat = pairwiseSum(dzt, row, m);
    const c = (1 / m) * (1 / std[i]!);
    for (let j = 0; j < m; j++) dz[row + j] = c * (m * dz[row + j]! - sumDzhat - zhat[row + j]! * sumDzhatZhat);
  }
}
