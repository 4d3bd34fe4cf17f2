import type { Activation, OutputHead } from './activations';
import type { DType, Matrix } from './matrix';

/**
 * What the passes need to know about a network: layer sizes n[0..L], hidden activations, the head,
 * batch norm, the leaky slope, the element type. Arrays are indexed by layer l = 1..L (index 0
 * unused, or A[0] = X), as in the course.
 */
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

/** True for a hidden layer that is batch-normalized. */
export function isNormalized(arch: Architecture, l: number): boolean {
  return arch.batchNorm && l < arch.layers.length - 1;
}
