import type { Architecture, ParameterSet } from './architecture';
import { pairwiseSum } from './backend/pairwise-sum';
import type { Matrix } from './matrix';
import type { Workspace } from './workspace';

/**
 * Batch normalization of a hidden layer's Z[l] (n[l], m) over the batch's m columns:
 *   μ = (1/m)·Σ_j Z[:, j],  σ² = (1/m)·Σ_j (Z[:, j] − μ)²  (population variance),  s = √(σ² + ε)
 *   Ẑ = (Z − μ)/s,  Z̃[l] = γ[l]·Ẑ + β[l]
 * (b[l] is dropped: β[l] takes its place). Every sum runs pairwise in numpy's order, so the results
 * match numpy's `np.mean`/`np.var`/`np.sum(axis=1)` bit for bit.
 */

/** Running mean and variance of Z per batch-normalized layer, for inference. */
export interface BatchNormStatistics {
  readonly mean: (Matrix | null)[];
  readonly variance: (Matrix | null)[];
}

/** Which statistics normalize: the batch's own (training, optionally updating the running ones) or the running ones. */
export interface BatchNormMode {
  /** 'train': normalize by the batch's own statistics; 'infer': by the running statistics. */
  pass: 'train' | 'infer';
  /** Running statistics to read (inference) or to update (training, when `updateStatistics`). */
  statistics: BatchNormStatistics | null;
  updateStatistics?: boolean;
  /** running = momentum·running + (1 − momentum)·batch; default 0.9. */
  momentum?: number;
}

/** Ẑ[l], Z̃[l], μ[l] and s[l] of layer l from Z[l], into the workspace. */
export function batchNormForward(arch: Architecture, params: ParameterSet, ws: Workspace, l: number, mode: BatchNormMode): void {
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
    if (mode.pass === 'train') {
      mean = pairwiseSum(z, row, m) / m; // μ = (1/m)·Σ_j Z[i, j]
      // the squared deviations go through zhat as scratch, summed in numpy's order
      for (let j = 0; j < m; j++) {
        const d = z[row + j]! - mean;
        zhat[row + j] = d * d;
      }
      variance = pairwiseSum(zhat, row, m) / m; // σ² = (1/m)·Σ_j (Z[i, j] − μ)²
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
    const s = Math.sqrt(variance + eps); // s = √(σ² + ε)
    mu[i] = mean;
    std[i] = s;
    const g = gamma[i]!;
    const b = beta[i]!;
    for (let j = 0; j < m; j++) {
      const h = (z[row + j]! - mean) / s; // Ẑ = (Z − μ)/s
      zhat[row + j] = h;
      zt[row + j] = g * h + b; // Z̃ = γ·Ẑ + β
    }
  }
}

/**
 * Back through Z̃ = γ·Ẑ + β and Ẑ = (Z − μ)/s, from dZ̃[l] (in the workspace) to dZ[l], dγ[l], dβ[l]
 * (sums over the batch's columns):
 *   dγ = Σ_j dZ̃⊙Ẑ,  dβ = Σ_j dZ̃,  dẐ = γ·dZ̃,  dZ = (1/m)(1/s)·(m·dẐ − Σ_j dẐ − Ẑ·Σ_j(dẐ⊙Ẑ)).
 */
export function batchNormBackward(params: ParameterSet, ws: Workspace, l: number): void {
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
    dgamma[i] = pairwiseSum(dz, row, m); // dγ = Σ_j dZ̃⊙Ẑ
    dbeta[i] = pairwiseSum(dzt, row, m); // dβ = Σ_j dZ̃
    const g = gamma[i]!;
    for (let j = 0; j < m; j++) dz[row + j] = dzt[row + j]! * g; // dẐ = dZ̃·γ
    const sumDzhat = pairwiseSum(dz, row, m);
    for (let j = 0; j < m; j++) dzt[row + j] = dz[row + j]! * zhat[row + j]!; // dzt is free now
    const sumDzhatZhat = pairwiseSum(dzt, row, m);
    const c = (1 / m) * (1 / std[i]!);
    for (let j = 0; j < m; j++) dz[row + j] = c * (m * dz[row + j]! - sumDzhat - zhat[row + j]! * sumDzhatZhat); // dZ
  }
}
