import { extname } from 'node:path';
import { datasets, loadDataset, Matrix, type LoadedDataset } from '@ann/core/node';
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
