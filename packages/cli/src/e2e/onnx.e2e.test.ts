/** `ann export --format onnx` and `ann import` through the built binary, run in onnxruntime-node. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from '@ann/core/node';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, jsonLines, temporaryDirectory } from './helpers';
import { itWithSharedData } from './shared-datasets';

const dir = temporaryDirectory('onnx');

/** The features of a CSV with header x1,x2,y as ONNX's [m, 2] rows (the file's own layout), read without ann. */
function readRows(path: string, dtype: 'float32' | 'float64'): { data: Float32Array | Float64Array; m: number } {
  const lines = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/).slice(1);
  const values = lines.flatMap((line) => line.split(',').slice(0, 2).map(Number));
  return { data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), m: lines.length };
}

async function runFile(file: string, rows: { data: Float32Array | Float64Array; m: number }): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(readFileSync(file), { logSeverityLevel: 3 });
  return session.run({ X: new ort.Tensor(rows.data instanceof Float32Array ? 'float32' : 'float64', rows.data, [rows.m, 2]) });
}

beforeAll(() => {
  assertBuilt();
});

describe('ann export --format onnx', () => {
  itWithSharedData('the football test set: onnxruntime-node agrees with ann predict (float32 within 1e-6, float64 within 1e-12) and on every label', async (shared) => {
    const train = join(shared, 'football_train.csv');
    const test = join(shared, 'football_test.csv');
    const model = join(dir, 'football.json');
    // Features, standardization and batch norm: every part of the graph is on the path.
    const trained = ann(['train', '--data', train, '--label', 'y', '--features', 'x1,x2,x1^2,x2^2,x1*x2,sin(x1),cos(x2)', '--normalize', 'standard',
      '--layers', '20,3', '--hidden', 'relu', '--init', 'he', '--batch-norm', '--optimizer', 'adam', '--lr', '0.01', '--epochs', '60', '--batch-size', '64', '--seed', '3', '--out', model, '--quiet']);
    expect(trained.status, trained.stderr).toBe(0);
    const predicted = ann(['predict', '--model', model, '--data', test, '--json']);
    expect(predicted.status, predicted.stderr).toBe(0);
    const records = jsonLines(predicted.stdout) as { label: number; probability: number }[];
    expect(records).toHaveLength(200);

    const figures: string[] = [];
    for (const dtype of ['float32', 'float64'] as const) {
      const file = join(dir, `football-${dtype}.onnx`);
      const exported = ann(['export', model, '--format', 'onnx', '--out', file, '--dtype', dtype]);
      expect(exported.status, exported.stderr).toBe(0);
      expect(exported.stdout).toContain(`Wrote an ONNX model (opset 13, ${dtype}) to ${file}`);
      const rows = readRows(test, dtype);
      const outputs = await runFile(file, rows);
      const probabilities = outputs.probabilities!.data as Float32Array | Float64Array;
      expect(outputs.probabilities!.dims).toEqual([200, 1]);
      let worst = 0;
      records.forEach((r, k) => (worst = Math.max(worst, Math.abs(probabilities[k]! - r.probability))));
      figures.push(`${dtype}: max |onnxruntime − ann predict| = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(dtype === 'float32' ? 1e-6 : 1e-12);
      expect(Array.from(outputs.label!.data as BigInt64Array, Number)).toEqual(records.map((r) => r.label));
    }
    console.log(`football_test.csv (200 examples): ${figures.join('; ')}`);
  });

  it('ann import reads the exported file back: the model file predicts as the original (float64 export)', () => {
    const data = join(dir, 'moons.csv');
    expect(ann(['datasets', 'generate', 'moons', '--m', '120', '--seed', '2', '--out', data]).status).toBe(0);
    const model = join(dir, 'moons.json');
    const trained = ann(['train', '--data', data, '--label', 'y', '--normalize', 'minmax', '--layers', '5', '--hidden', 'tanh', '--iterations', '300', '--out', model, '--quiet']);
    expect(trained.status, trained.stderr).toBe(0);
    expect(ann(['export', model, '--format', 'onnx', '--out', join(dir, 'out'), '--dtype', 'float64']).status).toBe(0);
    const back = join(dir, 'moons-back.json');
    const imported = ann(['import', join(dir, 'out', 'model.onnx'), '--out', back]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toBe(`Imported ${join(dir, 'out', 'model.onnx')}: layers [2, 5, 1], hidden tanh, output sigmoid, preprocessing minmax\nWrote ${back}\n`);
    const original = jsonLines(ann(['predict', '--model', model, '--data', data, '--json']).stdout) as { probability: number }[];
    const again = jsonLines(ann(['predict', '--model', back, '--data', data, '--json']).stdout) as { probability: number }[];
    // Same weights and the same float64 arithmetic: the same doubles.
    expect(again.map((r) => r.probability)).toEqual(original.map((r) => r.probability));
    // loadModel recognises .onnx, so predict takes the ONNX file itself.
    const direct = jsonLines(ann(['predict', '--model', join(dir, 'out', 'model.onnx'), '--data', data, '--json']).stdout) as { probability: number }[];
    expect(direct.map((r) => r.probability)).toEqual(original.map((r) => r.probability));
    expect(Model.parse(readFileSync(back, 'utf8'), back).preprocessing.map((t) => t.kind)).toEqual(['minmax']);
  });

  it('ann import names a truncated file and exits 1', () => {
    const file = join(dir, 'broken.onnx');
    writeFileSync(file, new Uint8Array([0x08, 0x07, 0x12, 0x40, 0x01]));
    const { status, stderr } = ann(['import', file, '--out', join(dir, 'never.json')]);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`^ann: error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid ONNX file: the Protocol Buffers decoding failed`));
  });
});
