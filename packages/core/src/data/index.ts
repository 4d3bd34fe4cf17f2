// Loading data (isomorphic: strings and bytes in, examples-as-columns out) and preprocessing.
export { DataError, type DataErrorCode, type DataLocation } from './errors';
export type { LoadedDataset, LabelType } from './dataset';
export { MAX_CLASSES, classCountProblem, classIndexProblem } from './dataset';
export { parseCsv, type CsvOptions } from './csv';
export { parseJson, type JsonOptions } from './json';
export { parseNpy, parseNpz, npyDataset, npzDataset, type NpyArray, type NpzOptions } from './npy';
export { parseHdf5, type Hdf5Options } from './hdf5';
export { scale, divide, standardize, minmax, featureExpansion, transformerFromJSON, type Transformer, type TransformerJSON, type Preprocessor } from './preprocess';
export { FEATURE_TERMS, featureLabel } from './feature-terms';
export { trainTestSplit, oneHot, takeColumns, type SplitOptions, type Split } from './split';
