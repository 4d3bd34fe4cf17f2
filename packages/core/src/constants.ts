// `@ann/core/constants`: the engine's name lists and the dataset catalog, without the engine. A page
// that only builds menus (the playground's controls) imports these and stays small; the training
// code lives in `@ann/core` (for the playground, inside its Web Worker). Same objects as the main
// entry's exports.
export { ACTIVATIONS, OUTPUT_HEADS, type Activation, type OutputHead } from './activations';
export { INITIALIZATIONS, type Initialization } from './initialization';
export { OPTIMIZERS, type OptimizerName } from './optimizers';
export { DATASET_CATALOG, type DatasetInfo, type DatasetName, type DatasetTask } from './datasets/catalog';
export { DTYPES, type DType } from './matrix';
// Type only (erased from the bundle): the codes of the diagnostics the page shows.
export type { DiagnosticCode } from './diagnostics';
export { FEATURE_TERMS, featureLabel } from './data/feature-terms';
