import type { Activation } from './activations';
import type { Backend } from './backend/backend';
import { pairwiseSum } from './backend/pairwise-sum';
import { Matrix } from './matrix';

/**
 * The vectorized L-layer passes on preallocated buffers. Everything here trusts its inputs: the
 * public API (Network, the functional API) validates shapes and values before calling in.
 *
 * Arrays are indexed by layer l = 1..L (index 0 unused, or A[0] = X), as in the course.
 */

/** Layer sizes n[0..L], the activation of each layer 1..L (g[L] is the output's), leaky slope. */
export interface Architecture {
  readonly layers: readonly number[];
  readonly activations: readonly Activation[]; // activations[l] for l = 1..L; activations[0] unused
  readonly leakyReluAlpha: number;
}

/** W[l] (n[l], n[l-1]) and b[l] (n[l], 1) for l = 1..L. */
export interface ParameterSet {
  readonly W: Matrix[];
  readonly b: Matrix[];
}

/** Buffers for one batch size m, reused across iterations so the training step does not allocate. */
export class Workspace {
  readonly m: number;
  /** Z[l] (n[l], m) */
  readonly Z: Matrix[] = [];
  /** A[l] (n[l], m); A[0] is set to X by each forward pass */
  readonly A: Matrix[] = [];
  /** dZ[l] (n[l], m) */
  readonly dZ: Matrix[] = [];
  /** dA[l] (n[l], m) for l = 1..L-1: dA[l] = W[l+1]ᵀ·dZ[l+1] */
  readonly dA: Matrix[] = [];
  /** dW[l], db[l]: the gradients, shaped like the parameters */
  readonly dW: Matrix[] = [];
  readonly db: Matrix[] = [];

  constructor(layers: readonly number[], m: number) {
    this.m = m;
    const L = layers.length - 1;
    const empty = new Matrix(0, 0);
    this.Z.push(empty);
    this.A.push(empty);
    this.dZ.push(empty);
    this.dA.push(empty);
    this.dW.push(empty);
    this.db.push(empty);
    for (let l = 1; l <= L; l++) {
      const n = layers[l]!;
      this.Z.push(new Matrix(n, m));
      this.A.push(new Matrix(n, m));
      this.dZ.push(new Matrix(n, m));
      this.dA.push(l < L ? new Matrix(n, m) : empty);
      this.dW.push(new Matrix(n, layers[l - 1]!));
      this.db.push(new Matrix(n, 1));
    }
  }
}

/** Z[l] = W[l]·A[l-1] + b[l]; A[l] = g[l](Z[l]) for l = 1..L. Returns A[L]. */
export function forwardPass(backend: Backend, arch: Architecture, params: ParameterSet, X: Matrix, ws: Workspace): Matrix {
  const L = arch.layers.length - 1;
  ws.A[0] = X;
  for (let l = 1; l <= L; l++) {
    backend.gemm(false, false, params.W[l]!, ws.A[l - 1]!, ws.Z[l]!);
    backend.addBias(ws.Z[l]!, params.b[l]!);
    backend.activate(arch.activations[l]!, ws.Z[l]!, ws.A[l]!, arch.leakyReluAlpha);
  }
  return ws.A[L]!;
}

/**
 * Binary cross-entropy J = -(1/m) Σ [y·log(a) + (1-y)·log(1-a)] for labels in {0, 1}.
 *
 * Each example contributes only its own term (the other is multiplied by 0), computed as the course
 * does from a = A[L] whenever that log is finite, so unsaturated runs reproduce numpy's numbers; where
 * a has rounded to exactly 0 or 1, the term comes from z = Z[L] instead, as
 * log(a) = -softplus(-z) and log(1-a) = -softplus(z), so a saturated prediction costs a finite amount
 * (numpy would print inf or nan there). The sum is numpy's pairwise sum.
 */
export function binaryCrossEntropy(AL: Matrix, ZL: Matrix, Y: Matrix, scratch: Float64Array): number {
  const a = AL.data;
  const z = ZL.data;
  const y = Y.data;
  const m = a.length;
  for (let j = 0; j < m; j++) {
    const aj = a[j]!;
    if (y[j] === 1) {
      scratch[j] = aj > 0 ? Math.log(aj) : -softplus(-z[j]!);
    } else {
      scratch[j] = aj < 1 ? Math.log(1 - aj) : -softplus(z[j]!);
    }
  }
  // "+ 0" turns the -0 of a perfect fit into 0.
  return -pairwiseSum(scratch, 0, m) / m + 0;
}

/** log(1 + e^x) without overflow: max(x, 0) + log1p(e^(-|x|)). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/**
 * Backpropagation with the 1/m carried in dA[L]: dZ[L] = (A[L] - Y)/m for a sigmoid output with
 * cross-entropy; then for l = L..1: dW[l] = dZ[l]·A[l-1]ᵀ, db[l] = Σ_columns dZ[l],
 * dA[l-1] = W[l]ᵀ·dZ[l] and dZ[l-1] = dA[l-1] ⊙ g'[l-1](Z[l-1]). Fills ws.dW and ws.db.
 * Must follow forwardPass on the same workspace.
 */
export function backwardPass(backend: Backend, arch: Architecture, params: ParameterSet, Y: Matrix, ws: Workspace): void {
  const L = arch.layers.length - 1;
  backend.differenceOver(ws.A[L]!, Y, ws.m, ws.dZ[L]!);
  for (let l = L; l >= 1; l--) {
    backend.gemm(false, true, ws.dZ[l]!, ws.A[l - 1]!, ws.dW[l]!);
    backend.sumColumns(ws.dZ[l]!, ws.db[l]!);
    if (l > 1) {
      backend.gemm(true, false, params.W[l]!, ws.dZ[l]!, ws.dA[l - 1]!);
      backend.activateBackward(
        arch.activations[l - 1]!,
        ws.dA[l - 1]!,
        ws.Z[l - 1]!,
        ws.A[l - 1]!,
        ws.dZ[l - 1]!,
        arch.leakyReluAlpha,
      );
    }
  }
}

/** W[l] -= α·dW[l], b[l] -= α·db[l]: one gradient-descent step. */
export function gradientDescentUpdate(backend: Backend, params: ParameterSet, ws: Workspace, learningRate: number): void {
  for (let l = 1; l < params.W.length; l++) {
    backend.axpy(-learningRate, ws.dW[l]!, params.W[l]!);
    backend.axpy(-learningRate, ws.db[l]!, params.b[l]!);
  }
}

/**
 * True when the gradient-descent step W[l] - α·dW[l], b[l] - α·db[l] would leave every parameter
 * finite (which also requires every gradient to be finite). Checked before each update, so a
 * diverging run stops with its last finite parameters; one pass over the parameters, as cheap as
 * the update itself.
 */
export function updateStaysFinite(params: ParameterSet, ws: Workspace, learningRate: number): boolean {
  for (let l = 1; l < params.W.length; l++) {
    for (const [theta, grad] of [
      [params.W[l]!.data, ws.dW[l]!.data],
      [params.b[l]!.data, ws.db[l]!.data],
    ] as const) {
      for (let i = 0; i < theta.length; i++) {
        const next = theta[i]! - learningRate * grad[i]!;
        if (next - next !== 0) return false;
      }
    }
  }
  return true;
}

export function allFinite(data: Float64Array): boolean {
  for (let i = 0; i < data.length; i++) {
    // x - x is NaN exactly when x is NaN or ±Infinity; one subtraction per element keeps this cheap.
    if (data[i]! - data[i]! !== 0) return false;
  }
  return true;
}
