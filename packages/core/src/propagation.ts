import type { Architecture, ParameterSet } from './architecture';
import { isNormalized } from './architecture';
import type { Backend, OperandStore } from './backend/backend';
import { batchNormBackward, batchNormForward, type BatchNormMode } from './batch-norm';
import { headForward, headLossSum } from './heads';
import { Matrix } from './matrix';
import type { RandomState } from './random';
import type { Workspace } from './workspace';

export type { Architecture, ParameterSet } from './architecture';
export { isNormalized } from './architecture';
export type { BatchNormStatistics } from './batch-norm';
export { pinInput, unpinInput, Workspace } from './workspace';

/**
 * The vectorized L-layer passes of docs/derivation.md, on a Workspace's preallocated buffers. Each
 * product and sum below is a named step with the equation it computes. Everything here trusts its
 * inputs: the public API (Network, the functional API, the trainer) validates shapes and values first.
 *
 * Layers are indexed l = 1..L as in the course, with A[0] = X. Hidden layer l computes
 * Z[l] = W[l]·A[l-1] + b[l] (with batch norm, Z[l] = W[l]·A[l-1] and Z̃[l] = γ[l]·Ẑ + β[l], see
 * batch-norm.ts), A[l] = g[l](Z[l] or Z̃[l]), then inverted dropout. The output layer is always
 * Z[L] = W[L]·A[L-1] + b[L], A[L] = head(Z[L]).
 */

/** How a forward pass runs: `pass: 'train'` uses batch statistics (and may update the running ones) and dropout; `'infer'` neither. */
export interface ForwardMode extends BatchNormMode {
  /** keepProb[l] for hidden layers; 1 (or missing) means no dropout. Training mode only. */
  keepProb?: readonly number[] | null;
  /** Source of dropout masks. */
  rng?: RandomState | null;
}

export const INFERENCE: ForwardMode = { pass: 'infer', statistics: null };

/** Z = W·A_prev: a layer's linear part before its bias (the store may hold A_prev = X). */
function linearForward(backend: Backend, W: Matrix, A_prev: Matrix, Z: Matrix, store: OperandStore | null): void {
  backend.gemm(false, false, W, A_prev, Z, store);
}

/** dW = dZ·A_prevᵀ (the store may hold A_prev = X). */
function weightGradient(backend: Backend, dZ: Matrix, A_prev: Matrix, dW: Matrix, store: OperandStore | null): void {
  backend.gemm(false, true, dZ, A_prev, dW, store);
}

/** dA_prev = Wᵀ·dZ. */
function previousActivationGradient(backend: Backend, W: Matrix, dZ: Matrix, dA_prev: Matrix): void {
  backend.gemm(true, false, W, dZ, dA_prev);
}

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
  if (mode.pass === 'train' && !ws.withGradients) throw new Error('forwardPass: a training pass needs a workspace with gradient buffers');
  ws.holdInput(backend, X); // A[0] = X, kept in the backend's store until the backward pass is done with it
  for (let l = 1; l <= L; l++) {
    const A_prev = ws.A[l - 1]!;
    const Z = ws.Z[l]!;
    const A = ws.A[l]!;
    const g = arch.activations[l]!;
    linearForward(backend, params.W[l]!, A_prev, Z, ws.storeFor(A_prev)); // Z[l] = W[l]·A[l-1]
    if (l === L) {
      backend.addBias(Z, params.b[L]!); // Z[L] += b[L]
      headForward(backend, arch.output, Z, A); // A[L] = σ(Z[L]), softmax(Z[L]) or Z[L]
      break;
    }
    if (isNormalized(arch, l)) {
      batchNormForward(arch, params, ws, l, mode); // Z̃[l] = γ[l]·(Z[l] − μ)/√(σ² + ε) + β[l]
      backend.activate(g, ws.Ztilde[l]!, A, arch.leakyReluAlpha); // A[l] = g[l](Z̃[l])
    } else if (backend.addBiasActivate) {
      backend.addBiasActivate(g, Z, params.b[l]!, A, arch.leakyReluAlpha); // Z[l] += b[l]; A[l] = g[l](Z[l])
    } else {
      backend.addBias(Z, params.b[l]!); // Z[l] += b[l]
      backend.activate(g, Z, A, arch.leakyReluAlpha); // A[l] = g[l](Z[l])
    }
    const keep = mode.pass === 'train' && mode.keepProb ? (mode.keepProb[l] ?? 1) : 1;
    ws.dropped[l] = keep < 1;
    if (keep < 1) {
      if (ws.Apre[l]!.size === 0) ws.Apre[l] = new Matrix(A.rows, ws.m, A.dtype);
      ws.Apre[l]!.data.set(A.data);
      applyDropout(A, ws.D[l]!, keep, mode.rng!); // D[l] = rand < keep; A[l] = A[l]·D[l]/keep
    }
  }
  if (mode.pass === 'infer') ws.releaseInput(); // no backward pass follows an inference pass
  return ws.A[L]!;
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
 * Backpropagation (docs/derivation.md, sections 2 and 3), with the cost's 1/m carried in from the
 * start: dZ[L] = (A[L] − Y)/m for every head; then for l = L..1, dW[l] = dZ[l]·A[l-1]ᵀ (+ (λ/m)·W[l]),
 * db[l] = Σ_j dZ[l][:, j], and below the first layer dA[l-1] = W[l]ᵀ·dZ[l] (masked like its dropout),
 * dZ[l-1] = dA[l-1] ⊙ g'(Z[l-1]) (through batch norm where used). dA[0] is never formed: no parameter
 * needs it. Fills the workspace's gradients; must follow forwardPass (training mode) on the same workspace.
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
  backend.differenceOver(ws.A[L]!, Y, m, ws.dZ[L]!); // dZ[L] = (A[L] − Y)/m, for every head
  for (let l = L; l >= 1; l--) {
    const A_prev = ws.A[l - 1]!;
    const dZ = ws.dZ[l]!;
    const dW = ws.dW[l]!;
    weightGradient(backend, dZ, A_prev, dW, ws.storeFor(A_prev)); // dW[l] = dZ[l]·A[l-1]ᵀ
    if (l2 > 0) backend.axpy(l2 / m, params.W[l]!, dW); // dW[l] += (λ/m)·W[l]
    const db = ws.db[l];
    if (db) backend.rowSums(dZ, db); // db[l] = Σ_j dZ[l][:, j] (np.sum(dZ, axis=1, keepdims=True))
    if (l > 1) backPropagateInto(backend, arch, params, ws, l - 1, keepProb);
  }
  ws.releaseInput(); // X's last use in this step was dW[1] = dZ[1]·Xᵀ
}

/** From dZ[h+1] to dZ[h] of hidden layer h: through W[h+1], layer h's dropout, activation and batch norm. */
function backPropagateInto(
  backend: Backend,
  arch: Architecture,
  params: ParameterSet,
  ws: Workspace,
  h: number,
  keepProb: readonly number[] | null,
): void {
  const dA = ws.dA[h]!;
  const g = arch.activations[h]!;
  previousActivationGradient(backend, params.W[h + 1]!, ws.dZ[h + 1]!, dA); // dA[l-1] = W[l]ᵀ·dZ[l], l = h + 1
  if (ws.dropped[h]) unDropout(dA, ws.D[h]!, keepProb![h]!); // dA[h] = dA[h]·D[h]/keep
  const A = ws.dropped[h] ? ws.Apre[h]! : ws.A[h]!; // g(Z[h]) before dropout scaled it
  if (isNormalized(arch, h)) {
    backend.activateBackward(g, dA, ws.Ztilde[h]!, A, ws.dZtilde[h]!, arch.leakyReluAlpha); // dZ̃[h] = dA[h] ⊙ g'(Z̃[h])
    batchNormBackward(params, ws, h); // dγ[h], dβ[h] and dZ[h] through the normalization
  } else {
    backend.activateBackward(g, dA, ws.Z[h]!, A, ws.dZ[h]!, arch.leakyReluAlpha); // dZ[h] = dA[h] ⊙ g'(Z[h])
  }
}

/** dA = dA·D / keep: the same mask and scale as the forward pass. */
function unDropout(dA: Matrix, D: Matrix, keep: number): void {
  const g = dA.data;
  const d = D.data;
  for (let k = 0; k < g.length; k++) g[k] = (g[k]! * d[k]!) / keep;
}
