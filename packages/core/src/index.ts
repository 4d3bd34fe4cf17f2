/**
 * @ann/core: a vectorized L-layer neural network in the notation of Andrew Ng's deep learning
 * course, reproducing numpy's seeded runs. Runs in Node and in browsers (no Node built-ins here).
 */
export { Matrix, DTYPES, type DType, type FloatArray } from './matrix';
export { RandomState, type RandomStateSnapshot } from './random';
export { AnnError, ShapeError, ValueError, DivergenceError, type DivergenceCause } from './errors';
export { ACTIVATIONS, OUTPUT_HEADS, activationScalar, activationDerivativeScalar, type Activation, type OutputHead } from './activations';
export { INITIALIZATIONS, type Initialization } from './initialization';
export type { ParameterSpec } from './parameters';
export { Network, type NetworkOptions, type FitOptions, type FitResult, type LayerCache, type Evaluation, type InferencePass } from './network';
export {
  Trainer,
  type CostRecord,
  type BatchEvent,
  type EpochEvent,
  type EarlyStoppingOptions,
  type TrainingCheckpoint,
} from './trainer';
export { OPTIMIZERS, type OptimizerName, type OptimizerState } from './optimizers';
export { scheduledLearningRate, type LearningRateSchedule } from './schedules';
export { DIAGNOSTIC_THRESHOLDS, type Diagnostic, type DiagnosticCode } from './diagnostics';
export { RUN_DIAGNOSTIC_THRESHOLDS, runSetupDiagnostics, runOutcomeDiagnostics, type RunData, type RunSettings } from './run-diagnostics';
export { planeGrid, columnCentre, rowCentre, type PlaneBounds } from './plane-grid';
export { gradientCheck, type GradientCheckResult } from './gradient-check';
export { columnBlock, evaluateInBatches, evaluationBatchSize, EVALUATION_BLOCK_ELEMENTS, type BatchedEvaluationOptions } from './evaluate-batched';
export {
  datasets,
  DATASET_CATALOG,
  type Dataset,
  type DatasetInfo,
  type DatasetName,
  type DatasetTask,
  type MoonsOptions,
  type CirclesOptions,
  type SyntheticOptions,
  type PlaneOptions,
  type MulticlassOptions,
  type MultiGaussianOptions,
} from './datasets/index';
export {
  accuracy,
  confusionMatrix,
  precisionRecallF1,
  logLoss,
  meanSquaredError,
  meanAbsoluteError,
  r2Score,
  type Average,
  type Scores,
  type PrecisionRecallF1,
} from './metrics';
export { type NetworkJSON } from './serialization';
export * from './model/index';
export {
  getBackend,
  setBackend,
  useBackend,
  referenceBackend,
  createWasmBackend,
  WASM_MIN_MULTIPLY_ADDS,
  defaultWasmThreads,
  type Backend,
  type BackendName,
  type OperandStore,
  type WasmBackendOptions,
} from './backend/index';
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
export * from './data/index';
