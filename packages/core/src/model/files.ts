/**
 * Node-only: model files on disk. Imported by @ann/core/node, never by the isomorphic entry.
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic, type AtomicWriteResult } from '../atomic-write';
import type { ExportOnnxOptions } from '../onnx/export';
import { ModelFileError } from './errors';
import { parseJsonText } from './json-text';
import { Model } from './model';
import { exportStandalone } from './standalone';
import { exportTfjs, importTfjs } from './tfjs';

/** Writes the model file (docs/model-file.md) atomically: the previous file survives any failure. */
export async function saveModel(path: string, model: Model): Promise<AtomicWriteResult> {
  if (!(model instanceof Model)) throw new ModelFileError(path, '', 'saveModel: expected a Model');
  // Serialize first: a model that cannot be stored fails before the disk is touched.
  return writeFileAtomic(path, model.serialize());
}

/**
 * Reads a model file; every error names the file (`model.json: parameters.W2: expected (7, 20), got (7, 19)`).
 * A path ending in `.onnx` is read with importOnnx instead (see readOnnx).
 */
export async function loadModel(path: string): Promise<Model> {
  if (path.toLowerCase().endsWith('.onnx')) return readOnnx(path);
  return Model.parse(await readText(path), path);
}

/**
 * Writes the model as an ONNX file (see exportOnnx in @ann/core/onnx), atomically. The ONNX code
 * and its Protocol Buffers runtime are loaded on the first call only.
 */
export async function writeOnnx(path: string, model: Model, options: ExportOnnxOptions = {}): Promise<void> {
  const { exportOnnx } = await import('../onnx/index');
  // Export first: a model that cannot be written fails before the disk is touched.
  await writeFileAtomic(path, exportOnnx(model, options));
}

/** Reads an ONNX file into a Model (see importOnnx in @ann/core/onnx); errors start with the path. */
export async function readOnnx(path: string): Promise<Model> {
  const { importOnnx } = await import('../onnx/index');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw new ModelFileError(path, '', `cannot read the file: ${(error as Error).message}`);
  }
  return importOnnx(bytes, path);
}

/** Writes `dir/model.json` and `dir/weights.bin` (TF.js Layers format, see exportTfjs), creating dir. */
export async function writeTfjs(dir: string, model: Model): Promise<void> {
  const { modelJson, weights } = exportTfjs(model);
  await fs.mkdir(dir, { recursive: true });
  // weights.bin first, so a model.json on disk never names weights that are not there yet.
  await writeFileAtomic(join(dir, 'weights.bin'), weights);
  await writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(modelJson, null, 2)}\n`);
}

/** Reads a TF.js Layers model from a directory (or its model.json path) and its weight files. */
export async function readTfjs(dirOrModelJson: string): Promise<Model> {
  const modelPath = dirOrModelJson.endsWith('.json') ? dirOrModelJson : join(dirOrModelJson, 'model.json');
  const json = parseJsonText(await readText(modelPath), modelPath) as { weightsManifest?: unknown };
  const manifest = Array.isArray(json?.weightsManifest) ? (json.weightsManifest as { paths?: unknown }[]) : [];
  const parts: Uint8Array[] = [];
  for (const group of manifest) {
    for (const name of Array.isArray(group?.paths) ? group.paths : []) {
      if (typeof name !== 'string' || name.includes('..') || name.startsWith('/')) {
        throw new ModelFileError(modelPath, 'weightsManifest', `weight file ${JSON.stringify(name)} must be a plain name beside model.json`);
      }
      const file = join(dirname(modelPath), name);
      parts.push(await fs.readFile(file).catch((error: Error) => Promise.reject(new ModelFileError(file, '', `cannot read the file: ${error.message}`))));
    }
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const weights = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    weights.set(p, offset);
    offset += p.byteLength;
  }
  return importTfjs(json, weights, modelPath);
}

/** Writes the standalone predict module (see exportStandalone) atomically. */
export async function writeStandalone(path: string, model: Model): Promise<void> {
  await writeFileAtomic(path, exportStandalone(model));
}

async function readText(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    throw new ModelFileError(path, '', `cannot read the file: ${(error as Error).message}`);
  }
}
