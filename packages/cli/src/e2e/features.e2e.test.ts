/** `ann train --features` through the built binary: saved in the model, applied by predict, evaluate and the exports. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Matrix, Model } from '@ann/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, jsonLines, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('features');
const circles = join(dir, 'circles.csv');
const squares = join(dir, 'squares.json');
const seven = join(dir, 'seven.json');
const SEVEN = 'x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)';

/** The raw X (2, m) and labels of the generated CSV (header x1,x2,y), read without ann. */
function readCircles(): { X: Matrix; labels: number[] } {
  const lines = readFileSync(circles, 'utf8').trimEnd().split('\n').slice(1);
  const m = lines.length;
  const data = new Float64Array(2 * m);
  const labels: number[] = [];
  lines.forEach((line, j) => {
    const [a, b, y] = line.split(',').map(Number);
    data[j] = a!;
    data[m + j] = b!;
    labels.push(y!);
  });
  return { X: new Matrix(2, m, data), labels };
}

beforeAll(() => {
  assertBuilt();
  const generated = ann(['datasets', 'generate', 'circles', '--m', '300', '--seed', '1', '--out', circles]);
  if (generated.status !== 0) throw new Error(generated.stderr);
});

describe('ann train --features', () => {
  it('circles from x1^2 and x2^2 alone, with one linear hidden unit (logistic regression), reach 95%; ann predict equals core Model.predict', () => {
    const trained = ann(['train', '--data', circles, '--label', 'y', '--features', 'x1^2,x2^2', '--layers', '1', '--hidden', 'linear', '--init', 'xavier', '--lr', '1', '--iterations', '2000', '--out', squares, '--json']);
    expect(trained.status, trained.stderr).toBe(0);
    const result = jsonLines(trained.stdout).find((line) => line.type === 'result') as { train: { accuracy: number } };
    expect(result.train.accuracy).toBeGreaterThanOrEqual(0.95);

    const doc = JSON.parse(readFileSync(squares, 'utf8')) as { architecture: { layers: number[] }; preprocessing: unknown[]; featureNames: string[]; training: { config: Record<string, unknown> } };
    expect(doc.preprocessing).toEqual([{ kind: 'features', terms: ['x1^2', 'x2^2'], inputs: 2 }]);
    expect(doc.architecture.layers).toEqual([2, 1, 1]);
    expect(doc.featureNames).toEqual(['x1', 'x2']);
    expect(doc.training.config.features).toBe('x1^2,x2^2');

    const { X } = readCircles();
    const model = Model.parse(readFileSync(squares, 'utf8'), squares);
    const expected = model.predictProba(X).data;
    const labels = model.predict(X).data;
    const predicted = ann(['predict', '--model', squares, '--data', circles, '--json']);
    expect(predicted.status, predicted.stderr).toBe(0);
    const records = jsonLines(predicted.stdout) as { index: number; label: number; probability: number }[];
    expect(records).toHaveLength(300);
    // JSON numbers print the shortest text that reads back to the same double: exact equality.
    expect(records.map((r) => r.probability)).toEqual(Array.from(expected));
    expect(records.map((r) => r.label)).toEqual(Array.from(labels));
  });

  it("TF Playground's seven, then --normalize standard fitted on them; info, evaluate, --resume and the standalone export keep them", async () => {
    const trained = ann(['train', '--data', circles, '--label', 'y', '--features', SEVEN, '--normalize', 'standard', '--layers', '3', '--lr', '0.5', '--iterations', '300', '--out', seven, '--quiet']);
    expect(trained.status, trained.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(seven, 'utf8')) as { architecture: { layers: number[] }; preprocessing: { kind: string; mean?: number[] }[] };
    expect(doc.architecture.layers).toEqual([7, 3, 1]);
    expect(doc.preprocessing.map((t) => t.kind)).toEqual(['features', 'standardize']);
    expect(doc.preprocessing[1]!.mean).toHaveLength(7);

    const info = ann(['info', seven]);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toContain(`${seven}: 2 inputs → 7 features → [3, 1]`);
    expect(info.stdout).toContain('Preprocessing: features x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂ (2 inputs → 7 features), then standardize per feature (7 features)');
    const infoJson = JSON.parse(ann(['info', seven, '--json']).stdout) as { inputs: number; preprocessing: { kind: string; terms?: string[] }[] };
    expect(infoJson.inputs).toBe(2);
    expect(infoJson.preprocessing[0]!.terms).toEqual(SEVEN.split(','));

    const { X, labels } = readCircles();
    const model = Model.parse(readFileSync(seven, 'utf8'));
    const evaluated = ann(['evaluate', '--model', seven, '--data', circles, '--json']);
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const accuracy = Array.from(model.predict(X).data).filter((y, j) => y === labels[j]).length / labels.length;
    expect((JSON.parse(evaluated.stdout) as { accuracy: number }).accuracy).toBe(accuracy);

    // --resume reads the terms back from the model (and its saved configuration).
    const resumed = ann(['train', '--resume', seven, '--iterations', '400', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const after = JSON.parse(readFileSync(seven, 'utf8')) as { preprocessing: { kind: string }[]; training: { iterations: number } };
    expect(after.preprocessing.map((t) => t.kind)).toEqual(['features', 'standardize']);
    expect(after.training.iterations).toBe(400);
    const mismatch = ann(['train', '--resume', seven, '--iterations', '500', '--features', 'x1,x2']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain(`--features x1,x2 does not match the resumed model's ${SEVEN}`);

    const js = join(dir, 'seven-js');
    const exported = ann(['export', seven, '--format', 'js', '--out', js]);
    expect(exported.status, exported.stderr).toBe(0);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(join(js, 'model.js')).href)) as { predict(X: number[][]): number[][]; inputSize: number };
    expect(mod.inputSize).toBe(2);
    const resumedModel = Model.parse(readFileSync(seven, 'utf8'));
    const samples = Array.from({ length: X.cols }, (_, j) => [X.data[j]!, X.data[X.cols + j]!]);
    expect(mod.predict(samples).map((y) => y[0])).toEqual(Array.from(resumedModel.predict(X).data));
  });

  it('ann export --format tfjs refuses a feature expansion: exit 1, one line saying why and what to use', () => {
    const out = join(dir, 'tfjs');
    const { status, stdout, stderr } = ann(['export', squares, '--format', 'tfjs', '--out', out]);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('TF.js Dense layers cannot compute without custom layers');
    expect(stderr).toContain('ann export --format js');
    expect(existsSync(out)).toBe(false);
  });

  it('a bad term is a usage error (exit 2) naming it, before any training', () => {
    for (const [features, message] of [
      ['x1,x1^3', "--features: 'x1^3' is not a term; a term is xI, xI^2, xI*xJ (I < J), sin(xI) or cos(xI)"],
      ['x2*x1', "--features: 'x2*x1' is not a term: write x1*x2, the lower index first"],
      ['x1,x1', "--features: 'x1' is given twice (terms[0] and terms[1])"],
      ['x1,sin(x3)', `--features: term 'sin(x3)' (terms[1]) names raw feature 3 but X has n_x = 2 features (rows); the data is ${circles} (features x1, x2)`],
    ] as const) {
      const { status, stdout, stderr } = ann(['train', '--data', circles, '--label', 'y', '--features', features, '--iterations', '10']);
      expect(status, features).toBe(2);
      expect(stdout, features).toBe('');
      expect(stderr, features).toContain(`ann: ${message}`);
    }
  });
});

// A config file gives --features as a list too.
describe('--config with features', () => {
  it('reads "features" as an array of terms', () => {
    const config = join(dir, 'train.json');
    const out = join(dir, 'from-config.json');
    writeFileSync(config, JSON.stringify({ data: 'circles.csv', label: 'y', features: ['x1^2', 'x2^2'], layers: 1, hidden: 'linear', iterations: 50, out: 'from-config.json' }));
    const { status, stderr } = ann(['train', '--config', config, '--quiet']);
    expect(status, stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { architecture: { layers: number[] }; preprocessing: unknown[] };
    expect(doc.preprocessing).toEqual([{ kind: 'features', terms: ['x1^2', 'x2^2'], inputs: 2 }]);
    expect(doc.architecture.layers).toEqual([2, 1, 1]);
  });
});
