import { extname } from 'node:path';
import { DataError, datasets, loadDataset, Matrix, type LoadedDataset, type Transformer, type TransformerJSON } from '@ann/core/node';
import { UsageError } from './errors';
import type { DataSpec } from './training/options';

/** Labelled examples with their name for the header: X is (n_x, m), Y is (n_y, m). */
export interface TrainingData {
  name: string;
  X: Matrix;
  Y: Matrix;
  featureNames?: string[];
  classNames?: string[];
  labelName?: string;
}

const BINARY_FORMATS = new Set(['.npz', '.h5', '.hdf5', '.hdf']);

/** Reads labelled data: the built-in flower, or a file through core's loadDataset. */
export async function loadLabelledData(
  spec: DataSpec,
  flags: { x: string; y: string } = { x: '--x', y: '--y' },
  onProgress?: (done: number, total: number) => void,
): Promise<TrainingData> {
  if (spec.kind === 'builtin') {
    const { X, Y } = datasets.planarFlower();
    return { name: spec.name, X, Y };
  }
  const dataset = await loadFile(spec, flags, onProgress);
  if (dataset.Y === undefined) {
    throw new Error(`${spec.path}: no labels: name the label column with --label COLUMN${BINARY_FORMATS.has(extname(spec.path).toLowerCase()) ? ' (or the label array with --y NAME)' : ''}`);
  }
  return { name: spec.path, X: dataset.X, Y: dataset.Y, ...names(dataset) };
}

/** Reads a file, checking that --x/--y are only given for formats with named arrays. */
export async function loadFile(
  spec: Extract<DataSpec, { kind: 'file' }>,
  flags: { x: string; y: string } = { x: '--x', y: '--y' },
  onProgress?: (done: number, total: number) => void,
): Promise<LoadedDataset> {
  const extension = extname(spec.path).toLowerCase();
  if ((spec.x !== undefined || spec.y !== undefined) && !BINARY_FORMATS.has(extension)) {
    throw new UsageError(`${spec.x !== undefined ? flags.x : flags.y} names an array in an HDF5 or .npz file, but ${spec.path} is not one; use --label COLUMN for CSV and JSON`);
  }
  return loadDataset(spec.path, {
    ...(spec.label !== undefined ? { label: spec.label } : {}),
    ...(spec.x !== undefined ? { x: spec.x } : {}),
    ...(spec.y !== undefined ? { y: spec.y } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

function names(dataset: LoadedDataset): Pick<TrainingData, 'featureNames' | 'classNames' | 'labelName'> {
  return {
    ...(dataset.featureNames ? { featureNames: dataset.featureNames } : {}),
    ...(dataset.classNames ? { classNames: dataset.classNames } : {}),
    ...(dataset.labelName ? { labelName: dataset.labelName } : {}),
  };
}

/**
 * Re-expresses `data`'s class indices in the order of `classNames` (the training set's, or a
 * model's): a file's own sorted class list differs when it lacks a class. A class the training
 * data never had is an error naming it.
 */
export function alignClasses(data: TrainingData, classNames: readonly string[] | undefined): TrainingData {
  if (classNames === undefined || data.classNames === undefined) return data;
  const own = data.classNames;
  if (own.length === classNames.length && own.every((name, k) => name === classNames[k])) return data;
  const index = own.map((name) => {
    const k = classNames.indexOf(name);
    if (k < 0) throw new Error(`${data.name}: class ${JSON.stringify(name)} is not one of the model's classes (${classNames.map((n) => JSON.stringify(n)).join(', ')})`);
    return k;
  });
  const Y = new Matrix(data.Y.rows, data.Y.cols, data.Y.data.map((c) => index[c]!));
  return { ...data, Y, classNames: [...classNames] };
}

/** Checks that `data` has the features the network was built for: n_x, and the names when both have them. */
export function checkFeatures(data: { name: string; X: Matrix; featureNames?: string[] }, nx: number, featureNames: readonly string[] | undefined, what: string): void {
  if (data.X.rows !== nx) {
    const named = featureNames ? ` (${featureNames.slice(0, 6).join(', ')}${featureNames.length > 6 ? ', …' : ''})` : '';
    throw new Error(`${data.name}: has ${data.X.rows} features per example but ${what} expects ${nx}${named}`);
  }
  if (featureNames && data.featureNames) {
    const k = featureNames.findIndex((name, i) => data.featureNames![i] !== name);
    if (k >= 0) throw new Error(`${data.name}: feature ${k + 1} is "${data.featureNames[k]}" but ${what} expects "${featureNames[k]}"`);
  }
}

/** How a preprocessing step is named in a message: by its flag when training, by what the model stores otherwise. */
export type StepName = (step: TransformerJSON, index: number) => string;

/** A saved model's step: `the model's preprocessing (scale ×0.01)`. */
export const modelStepName: StepName = (t) => {
  const what =
    t.kind === 'scale' ? `scale ×${t.factor}` : t.kind === 'divide' ? `divide by ${t.divisor}` : t.kind === 'features' ? `features ${t.terms.join(',')}` : t.kind;
  return `the model's preprocessing (${what})`;
};

/**
 * Preprocessing of finite raw inputs can still make a value NaN or ±Infinity: `--scale 1e-310`, a
 * feature x1² of 1e200, a model's scaler on inputs far outside its training range. Core would then
 * stop with "Network.fit: X[0, 1] is Infinity", naming neither the file nor the cause. Applies
 * `steps` to X again, one at a time (only on this error path), and returns a DataError naming the
 * file, the example, the input or feature and the step that first made a value non-finite, or
 * undefined when every step's output is finite. `examples` says whether column j is the file's
 * example j (not after a split has reordered them).
 */
export function preprocessingOverflow(
  data: { name: string; X: Matrix; featureNames?: readonly string[] },
  steps: readonly Transformer[],
  stepName: StepName,
  examples = true,
): DataError | undefined {
  let current = data.X;
  let rowNames: readonly string[] = data.featureNames ?? Array.from({ length: current.rows }, (_, i) => `x${i + 1}`);
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k]!;
    const next = step.transform(current);
    const at = firstNonFiniteExample(next);
    const json = step.toJSON();
    if (at !== undefined) {
      const { i, j } = at;
      const value = String(next.data[i * next.cols + j]);
      const where = examples ? `example ${j}` : 'a training example';
      const what = json.kind === 'features'
        ? `the feature ${JSON.stringify(json.terms[i])}`
        : `the input ${JSON.stringify(rowNames[i])} (${current.data[i * current.cols + j]})`;
      return new DataError(
        { file: data.name },
        `${where}: ${stepName(json, k)} makes ${what} ${value}; every input must stay a finite number after preprocessing`,
      );
    }
    if (json.kind === 'features') rowNames = json.terms;
    current = next;
  }
  return undefined;
}

/** Row i and column j of the first NaN or ±Infinity in the first example (column) that has one. */
function firstNonFiniteExample(M: Matrix): { i: number; j: number } | undefined {
  if (firstNonFinite(M) < 0) return undefined;
  for (let j = 0; j < M.cols; j++) {
    for (let i = 0; i < M.rows; i++) if (!Number.isFinite(M.data[i * M.cols + j]!)) return { i, j };
  }
  return undefined;
}

/** The flat index of the first NaN or ±Infinity of M, or -1. */
export function firstNonFinite(M: Matrix): number {
  const d = M.data;
  // v·0 is 0 for finite v and NaN otherwise: one cheap pass when everything is finite.
  let probe = 0;
  for (let k = 0; k < d.length; k++) probe += d[k]! * 0;
  if (probe === 0) return -1;
  for (let k = 0; k < d.length; k++) if (!Number.isFinite(d[k]!)) return k;
  return -1;
}
