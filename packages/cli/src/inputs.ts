import { DataError, Matrix, parseCsv, parseJson, type LoadedDataset, type Model } from '@ann/core/node';
import type { DataFormatName } from './choices';
import type { Io } from './command';
import { firstNonFinite, loadFile, modelStepName, preprocessingOverflow } from './data';
import { UsageError } from './errors';

/** A data file for a saved model, with its name for messages. */
interface ModelInputs extends LoadedDataset {
  name: string;
}

/**
 * Reads examples for `ann predict` / `ann evaluate`: a file through core's loadDataset, or standard
 * input (`-`) as CSV or JSON text. `label` selects a label column (CSV/JSON); without it every
 * column is read and `modelInputs` picks the model's features by name.
 */
export async function readInputs(
  path: string,
  options: { label?: string | number; x?: string; y?: string; format?: DataFormatName; optionalLabel?: string },
  io: Io,
  /** Reports the reading of a CSV file (loadDataset's onProgress). */
  onProgress?: (done: number, total: number) => void,
): Promise<ModelInputs> {
  const { optionalLabel, ...rest } = options;
  if (optionalLabel === undefined || rest.label !== undefined || /\.(npy|npz|h5|hdf5|hdf)$/i.test(path)) return readOnce(path, rest, io, undefined, onProgress);
  // A CSV/JSON file may or may not hold the model's label column: drop it when it is there.
  const stdin = path === '-' ? await readStdin(io) : undefined;
  try {
    return await readOnce(path, { ...rest, label: optionalLabel }, io, stdin, onProgress);
  } catch (error) {
    if (error instanceof DataError && error.code === 'labelNotFound') return readOnce(path, rest, io, stdin, onProgress);
    throw error;
  }
}

async function readOnce(
  path: string,
  options: { label?: string | number; x?: string; y?: string; format?: DataFormatName },
  io: Io,
  stdinBytes?: Uint8Array,
  onProgress?: (done: number, total: number) => void,
): Promise<ModelInputs> {
  if (path !== '-') {
    if (options.format !== undefined) throw new UsageError('--format applies to standard input (--data -); files are read by their extension');
    return { name: path, ...(await loadFile({ kind: 'file', path, ...options }, undefined, onProgress)) };
  }
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: standard input can be csv or json, not ${format}`);
  // Bytes, not a string: core's decoder refuses what is not UTF-8 with its line and column.
  const text = stdinBytes ?? (await readStdin(io));
  const parse = format === 'csv' ? parseCsv : parseJson;
  const label = options.label;
  if (format === 'json' && typeof label === 'number') throw new UsageError('--label: JSON records name their label by key, not by index');
  return { name: '<stdin>', ...parse(text, { fileName: '<stdin>', ...(label !== undefined ? { label: label as string } : {}) }) };
}

/**
 * The rows of X the model takes: by name when both the model and the data name their features
 * (extra columns, such as the label, are dropped; order follows the model), else all rows, which
 * must then number n_x. Errors name the file and the missing feature.
 */
export function modelInputs(data: ModelInputs, model: Model): Matrix {
  const nx = model.inputSize;
  const wanted = model.featureNames;
  if (wanted && data.featureNames) {
    const rows = wanted.map((name) => {
      const k = data.featureNames!.indexOf(name);
      if (k < 0) throw new Error(`${data.name}: no column "${name}"; the model takes ${wanted.map((n) => `"${n}"`).join(', ')}`);
      return k;
    });
    return rows.every((row, k) => row === k) && data.X.rows === nx ? data.X : takeRows(data.X, rows);
  }
  if (data.X.rows !== nx) {
    throw new Error(`${data.name}: has ${data.X.rows} features per example but the model takes ${nx}${wanted ? ` (${wanted.slice(0, 6).join(', ')}${wanted.length > 6 ? ', …' : ''})` : ''}`);
  }
  return data.X;
}

/**
 * The model's preprocessing applied to X (the rows modelInputs picked), once for the whole set as
 * `ann train` does, ready for the network in blocks. Raw inputs core refuses (NaN, Infinity) fail
 * here in core's words; a NaN or Infinity the preprocessing makes of finite inputs is named by file,
 * example, input and step (data.ts, preprocessingOverflow) before any block is evaluated or written.
 */
export function preprocessedInputs(data: ModelInputs, X: Matrix, model: Model): Matrix {
  const inputs = model.transform(X);
  if (firstNonFinite(inputs) >= 0) {
    const overflow = preprocessingOverflow({ name: data.name, X, ...(model.featureNames ? { featureNames: model.featureNames } : {}) }, model.preprocessing, modelStepName);
    if (overflow !== undefined) throw overflow;
  }
  return inputs;
}

async function readStdin(io: Io): Promise<Uint8Array> {
  if (io.stdin === undefined) throw new Error('standard input is not available');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

/** The rows `rows` of M, in that order. */
function takeRows(M: Matrix, rows: readonly number[]): Matrix {
  const out = new Matrix(rows.length, M.cols);
  rows.forEach((row, k) => out.data.set(M.data.subarray(row * M.cols, (row + 1) * M.cols), k * M.cols));
  return out;
}
