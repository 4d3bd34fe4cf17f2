// Models as files: the Model class, the model file's schema, and TF.js / standalone interop (isomorphic).
export { Model, type ModelInit } from './model';
export {
  MODEL_FORMAT,
  MODEL_VERSION,
  type ModelFileJSON,
  type ArchitectureJSON,
  type MatrixJSON,
  type TrainingInfo,
  type TrainingCheckpointJSON,
} from './document';
export { ModelFileError } from './errors';
export { exportTfjs, importTfjs, type TfjsModelJSON, type TfjsWeightSpec } from './tfjs';
export { exportStandalone } from './standalone';
