/**
 * @ann/core/node: the Node-only additions to @ann/core (file system access). Everything else,
 * including the parsers these functions call, lives in the isomorphic main entry.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { LineBreakCounter, parseCsvChunks, type CsvOptions } from './data/csv';
import type { LoadedDataset } from './data/dataset';
import { DataError } from './data/errors';
import { parseHdf5, type Hdf5Options } from './data/hdf5';
import { parseJson, type JsonOptions } from './data/json';
import { npyDataset, npzDataset, type NpzOptions } from './data/npy';

export * from './index';
export { saveModel, loadModel, writeTfjs, readTfjs, writeStandalone, writeOnnx, readOnnx } from './model/files';
export { writeFileAtomic, assertWritable, removeStaleTempFiles, FileWriteError, TEMP_FILE_NAME, tempFileName, type AtomicWriteIo, type AtomicWriteResult } from './atomic-write';
export type { ExportOnnxOptions } from './onnx/export';

export type DataFormat = 'csv' | 'json' | 'npy' | 'npz' | 'hdf5';

/** Options of `loadDataset`: the format's own options (see docs/data.md), plus `format`. */
export type LoadDatasetOptions = { format?: DataFormat } & Omit<CsvOptions, 'fileName' | 'label'> &
  Omit<JsonOptions, 'fileName' | 'label'> &
  Omit<NpzOptions, 'fileName'> &
  Omit<Hdf5Options, 'fileName'> & {
    label?: string | number;
    /**
     * Called as a CSV file is read, with the work done and the work in all (bytes, counted twice:
     * CSV files are read in two passes), so that a caller can show progress on a large file.
     */
    onProgress?: (done: number, total: number) => void;
  };

const EXTENSIONS: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.json': 'json',
  '.npy': 'npy',
  '.npz': 'npz',
  '.h5': 'hdf5',
  '.hdf5': 'hdf5',
  '.hdf': 'hdf5',
};

/** The format `loadDataset` reads `path` as, from its extension (`.tsv` and `.txt` are CSV); undefined when unknown. */
export function dataFormatOf(path: string): DataFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/** Bytes read at a time when streaming a CSV file. */
const CHUNK_BYTES = 1 << 22;

/**
 * Reads a dataset file into examples-as-columns (X (n_x, m), Y (n_y, m)). The format comes from
 * the extension (`.csv .tsv .txt .json .npy .npz .h5 .hdf5`) unless `format` is given. Errors are
 * DataErrors whose message starts with the path as given (`data/train.csv:14:3: …`).
 *
 * CSV files are streamed in two passes (count line breaks, then parse into X allocated once), so
 * a file larger than memory's string limits loads with one copy of its float64 data. The other
 * formats read the whole file into memory first.
 */
export async function loadDataset(path: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const { format: asked, onProgress, ...rest } = options;
  const format = asked ?? dataFormatOf(path);
  if (format === undefined) {
    throw new DataError({ file: path }, `cannot tell the format from the extension ${JSON.stringify(extname(path))}; pass format: 'csv', 'json', 'npy', 'npz' or 'hdf5'`);
  }
  switch (format) {
    case 'csv': {
      const csv = rest as CsvOptions;
      const delimiter = csv.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : 'auto');
      return loadCsvFile(path, { header: csv.header, delimiter, label: csv.label, labelType: csv.labelType }, onProgress);
    }
    case 'json': {
      const { label, labelType } = rest as JsonOptions;
      if (typeof options.label === 'number') throw new DataError({ file: path }, 'label must be a key name for JSON records');
      return parseJson(readBytes(path), { fileName: path, label, labelType });
    }
    case 'npy':
      return npyDataset(readBytes(path), { fileName: path });
    case 'npz': {
      const { x, y, classes } = rest as NpzOptions;
      return npzDataset(readBytes(path), { fileName: path, x, y, classes });
    }
    case 'hdf5': {
      const { x, y, classes } = rest as Hdf5Options;
      return parseHdf5(readBytes(path), { fileName: path, x, y, classes });
    }
    default:
      throw new DataError({ file: path }, `unknown format ${JSON.stringify(format)}; expected 'csv', 'json', 'npy', 'npz' or 'hdf5'`);
  }
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataError({ file: path }, `cannot read the file: ${(error as Error).message}`);
  }
}

function loadCsvFile(path: string, options: Omit<CsvOptions, 'fileName'>, onProgress?: (done: number, total: number) => void): LoadedDataset {
  const clean = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CsvOptions;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new DataError({ file: path }, `cannot read the file: ${(error as Error).message}`);
  }
  try {
    const total = 2 * fstatSync(fd).size;
    const buffer = new Uint8Array(CHUNK_BYTES);
    const counter = new LineBreakCounter();
    for (let position = 0; ; ) {
      const count = readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (count === 0) break;
      counter.add(buffer.subarray(0, count));
      position += count;
      onProgress?.(position, total);
    }
    const counted = total / 2;
    const chunks = function* (): Generator<Uint8Array> {
      for (let position = 0; ; ) {
        const count = readSync(fd, buffer, 0, CHUNK_BYTES, position);
        if (count === 0) return;
        yield buffer.subarray(0, count);
        position += count;
        onProgress?.(counted + position, total);
      }
    };
    return parseCsvChunks(chunks(), counter, { ...clean, fileName: path });
  } finally {
    closeSync(fd);
  }
}
