import * as tf from '@tensorflow/tfjs';
import { promises as fs, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { ModelFileError } from './errors';
import { writeFileAtomic, type AtomicWriteIo } from '../atomic-write';
import { loadModel, readTfjs, saveModel, writeStandalone, writeTfjs } from './files';
import { Model } from './model';
import { modelCases } from './test-models';

const cases = modelCases();
const fresh = (): string => mkdtempSync(join(tmpdir(), 'ann-model-'));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('saveModel / loadModel', () => {
  it('round-trips bit for bit through a file', async () => {
    const dir = fresh();
    for (const [k, { model, Xraw }] of cases.entries()) {
      const path = join(dir, `m${k}.json`);
      await saveModel(path, model);
      const back = await loadModel(path);
      expect(back.serialize()).toBe(model.serialize());
      expect(back.predictProba(Xraw).data).toEqual(model.predictProba(Xraw).data);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('names the file in every error', async () => {
    const dir = fresh();
    const missing = await rejection(loadModel(join(dir, 'nope.json')));
    expect(missing).toBeInstanceOf(ModelFileError);
    expect(missing.message).toMatch(new RegExp(`^${join(dir, 'nope.json')}: cannot read the file: ENOENT`));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, cases[0]!.model.serialize().replace('"W2": {\n      "shape": [4, 6]', '"W2": {\n      "shape": [4, 5]'));
    expect((await rejection(loadModel(bad))).message).toBe(`${bad}: parameters.W2.data: has 24 entries but shape (4, 5) needs 20`);
    const wrongShape = join(dir, 'shape.json');
    const doc = JSON.parse(cases[0]!.model.serialize());
    doc.parameters.W2 = { shape: [4, 5], data: new Array(20).fill(0) };
    writeFileSync(wrongShape, JSON.stringify(doc));
    expect((await rejection(loadModel(wrongShape))).message).toBe(`${wrongShape}: parameters.W2: expected (4, 6), got (4, 5)`);
    const noDir = await rejection(saveModel(join(dir, 'missing-dir', 'm.json'), cases[0]!.model));
    expect(noDir.message).toMatch(/missing-dir\/m\.json: cannot write the file: the directory does not exist \(ENOENT\)$/);
  });

  it('a save that fails mid-write leaves the previous file intact and no temporary file', async () => {
    const dir = fresh();
    const path = join(dir, 'model.json');
    await saveModel(path, cases[0]!.model);
    const before = readFileSync(path, 'utf8');
    // A disk that fills up halfway through the write.
    const failingIo: Partial<AtomicWriteIo> = {
      open: (async (...args: Parameters<typeof fs.open>) => {
        const handle = await fs.open(...args);
        const writeFile = async (data: string | Uint8Array): Promise<void> => {
          const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
          await handle.write(bytes.subarray(0, bytes.length / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        };
        return Object.assign(Object.create(handle) as typeof handle, { writeFile, sync: handle.sync.bind(handle), close: handle.close.bind(handle) });
      }) as typeof fs.open,
    };
    const error = await rejection(writeFileAtomic(path, cases[1]!.model.serialize(), failingIo));
    expect(error.message).toBe(`${path}: cannot write the file: the disk is full (ENOSPC); the previous file is unchanged`);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['model.json']);

    // A rename that fails (the target is a directory) also cleans up.
    const target = join(dir, 'taken');
    await fs.mkdir(target);
    await rejection(saveModel(target, cases[0]!.model));
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'taken']);

    // A model that cannot be serialized fails before the disk is touched.
    const broken = new Model({ network: cases[0]!.model.network, metrics: { f: () => 1 } });
    expect((await rejection(saveModel(path, broken))).message).toContain('metrics.f: a function cannot be stored');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'taken']);
  });

  it('a directory that refuses the temporary file leaves the previous file intact', async () => {
    // As a read-only directory would for a normal user (root, which CI runs as, ignores permissions,
    // so the refusal is simulated at the open call).
    const dir = fresh();
    const path = join(dir, 'model.json');
    await saveModel(path, cases[0]!.model);
    const before = readFileSync(path, 'utf8');
    const refusingIo: Partial<AtomicWriteIo> = {
      open: (async () => {
        throw Object.assign(new Error(`EACCES: permission denied, open '${dir}/.model.json.tmp'`), { code: 'EACCES' });
      }) as typeof fs.open,
    };
    const error = await rejection(writeFileAtomic(path, cases[1]!.model.serialize(), refusingIo));
    expect(error.message).toContain('permission denied (EACCES)');
    expect(error.message.startsWith(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['model.json']);
  });
});

describe('writeTfjs / readTfjs / writeStandalone', () => {
  it('writes model.json + weights.bin that TF.js loads, and reads them back', async () => {
    const { model, Xraw } = cases[2]!;
    const dir = join(fresh(), 'tfjs');
    await writeTfjs(dir, model);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bin = readFileSync(join(dir, 'weights.bin'));
    await tf.setBackend('cpu');
    const tfModel = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
    );
    const rows = Array.from({ length: Xraw.cols }, (_, j) => [Xraw.data[j]!, Xraw.data[Xraw.cols + j]!]);
    const tfOut = (tfModel.predict(tf.tensor2d(rows)) as tf.Tensor).dataSync();
    const back = await readTfjs(dir);
    const ours = back.predictProba(Xraw);
    for (let j = 0; j < Xraw.cols; j++) for (let i = 0; i < ours.rows; i++) expect(Math.abs(ours.data[i * Xraw.cols + j]! - tfOut[j * ours.rows + i]!)).toBeLessThan(1e-6);
    expect((await rejection(readTfjs(join(dir, 'none')))).message).toMatch(/none\/model\.json: cannot read the file/);
  });

  it('writes a standalone module that imports and predicts', async () => {
    const { model, Xraw } = cases[1]!;
    const path = join(fresh(), 'predict.mjs');
    await writeStandalone(path, model);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as { predict(X: number[][]): number[][] };
    const rows = Array.from({ length: Xraw.cols }, (_, j) => [Xraw.data[j]!, Xraw.data[Xraw.cols + j]!]);
    expect(mod.predict(rows).map((r) => r[0])).toEqual(Array.from(model.predict(Xraw).data));
    expect(new Matrix(1, 1).rows).toBe(1);
  });
});
