/**
 * @ann/core: a vectorized L-layer neural network in the notation of Andrew Ng's deep learning
 * course, reproducing numpy's seeded runs. Runs in Node and in browsers (no Node built-ins here).
 */
export { Matrix } from './matrix';
export { RandomState, type RandomStateSnapshot } from './random';
export { AnnError, ShapeError, ValueError, DivergenceError } from './errors';
export { ACTIVATIONS, OUTPUT_HEADS, activationScalar, activationDerivativeScalar, type Activation, type OutputHead } from './activations';
export { INITIALIZATIONS, type Initialization } from './initialization';
export { Network, type NetworkOptions, type FitOptions, type FitResult, type LayerCache } from './network';
export { gradientCheck, type GradientCheckResult } from './gradient-check';
export { datasets, type Dataset } from './datasets/index';
export { MODEL_FORMAT, MODEL_VERSION, type NetworkJSON, type MatrixJSON } from './serialization';
export { getBackend, setBackend, referenceBackend, type Backend } from './backend/index';
export {
  initializeParameters,
  linearForward,
  linearActivationForward,
  modelForward,
  computeCost,
  linearBackward,
  linearActivationBackward,
  modelBackward,
  updateParameters,
  predict,
  type LinearCache,
  type LinearActivationCache,
  type ActivationOptions,
} from './functional';
