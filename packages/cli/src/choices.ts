/**
 * The names flags accept. The engine's lists (ACTIVATIONS, INITIALIZATIONS, OPTIMIZERS, DTYPES) are copied
 * here so that building the parser, and so `ann --help`, does not load @ann/core; choices.test.ts
 * checks that the copies equal core's.
 */
export const ACTIVATION_NAMES = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'] as const;
export const INIT_NAMES = ['zeros', 'random', 'xavier', 'he'] as const;
export const OPTIMIZER_NAMES = ['gd', 'momentum', 'rmsprop', 'adam'] as const;
/** `--head`: the task, mapped to core's output heads sigmoid, softmax and linear. */
export const HEAD_NAMES = ['binary', 'multiclass', 'regression'] as const;
export const NORMALIZE_NAMES = ['none', 'standard', 'minmax'] as const;
export const EXPORT_FORMATS = ['tfjs', 'js', 'onnx'] as const;
export const DATA_FORMATS = ['csv', 'json', 'npy', 'npz', 'hdf5'] as const;
export const DTYPE_NAMES = ['float64', 'float32'] as const;

export type ActivationName = (typeof ACTIVATION_NAMES)[number];
export type InitName = (typeof INIT_NAMES)[number];
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
export type HeadName = (typeof HEAD_NAMES)[number];
export type NormalizeName = (typeof NORMALIZE_NAMES)[number];
export type DataFormatName = (typeof DATA_FORMATS)[number];
export type DTypeName = (typeof DTYPE_NAMES)[number];

/** Core's output head for each task. */
export const OUTPUT_OF_HEAD = { binary: 'sigmoid', multiclass: 'softmax', regression: 'linear' } as const;
