import type { ParameterEntry } from '../optimizers';

/**
 * Gradient clipping, between backpropagation and the update: first by value, every entry of every
 * gradient to [-clipValue, clipValue]; then by global norm, all gradients scaled by clipNorm/‖g‖
 * together when ‖g‖ = sqrt(Σ_l ‖dW[l]‖² + ‖db[l]‖² + …) exceeds clipNorm (Keras's clipvalue and
 * PyTorch's clip_grad_norm_).
 */
export function clipGradients(entries: readonly ParameterEntry[], clip: { clipValue?: number; clipNorm?: number }): void {
  if (clip.clipValue !== undefined) clipByValue(entries, clip.clipValue);
  if (clip.clipNorm !== undefined) clipByGlobalNorm(entries, clip.clipNorm);
}

function clipByValue(entries: readonly ParameterEntry[], c: number): void {
  for (const { grad } of entries) {
    const g = grad.data;
    for (let k = 0; k < g.length; k++) g[k] = Math.min(c, Math.max(-c, g[k]!));
  }
}

function clipByGlobalNorm(entries: readonly ParameterEntry[], maxNorm: number): void {
  let sq = 0;
  for (const { grad } of entries) for (const v of grad.data) sq += v * v;
  const norm = Math.sqrt(sq);
  if (!(norm > maxNorm)) return; // a NaN norm is left to the update's finiteness check
  const scale = maxNorm / norm;
  for (const { grad } of entries) {
    const g = grad.data;
    for (let k = 0; k < g.length; k++) g[k] = g[k]! * scale;
  }
}
