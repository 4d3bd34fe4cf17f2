/** evaluate, predict, info, export, datasets and gradcheck through the built binary. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, blobsCsv, jsonLines, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('commands');
const blobs = join(dir, 'blobs.csv');
const model = join(dir, 'blobs.json');
const flowerModel = join(dir, 'flower.json');

beforeAll(() => {
  assertBuilt();
  writeFileSync(blobs, blobsCsv());
  const trained = ann(['train', '--data', blobs, '--label', 'species', '--layers', '6', '--hidden', 'relu', '--init', 'he', '--lr', '0.1', '--iterations', '300', '--out', model, '--quiet']);
  if (trained.status !== 0) throw new Error(trained.stderr);
  const flower = ann(['train', '--iterations', '2000', '--out', flowerModel, '--quiet']);
  if (flower.status !== 0) throw new Error(flower.stderr);
});

describe('ann evaluate', () => {
  it('prints cost, accuracy, precision/recall/F1 and the confusion matrix', () => {
    const { status, stdout, stderr } = ann(['evaluate', '--model', model, '--data', blobs]);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^Cost: \d+\.\d{6}$/m);
    expect(stdout).toMatch(/^Accuracy: \d+\.\d\d%$/m);
    expect(stdout).toMatch(/^Precision: [\d.]+, Recall: [\d.]+, F1: [\d.]+ \(macro average\)$/m);
    expect(stdout).toMatch(/│ setosa +│ \d+ +│ \d+ +│ \d+ +│/);
  });

  it('--json: one result object; the label column comes from the model', () => {
    const { status, stdout } = ann(['evaluate', '--model', model, '--data', blobs, '--json']);
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { type: string; m: number; accuracy: number; confusionMatrix: number[][]; classNames: string[] };
    expect(result).toMatchObject({ type: 'result', m: 150, classNames: ['setosa', 'versicolor', 'virginica'] });
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b)).toBe(150);
    expect(result.accuracy).toBeGreaterThan(0.9);
  });
});

describe('ann predict', () => {
  it('CSV to stdout: label, class and one probability per class; the label column in the file is ignored', () => {
    const { status, stdout } = ann(['predict', '--model', model, '--data', blobs]);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('label,class,p_setosa,p_versicolor,p_virginica');
    expect(lines).toHaveLength(151);
    expect(lines[1]).toMatch(/^0,setosa,0\.9\d*,/);
  });

  it('--data - reads standard input; --json prints one object per example', () => {
    const input = 'x1,x2\n0,0\n3,0\n';
    const { status, stdout, stderr } = ann(['predict', '--model', model, '--data', '-', '--json'], { input });
    expect(status, stderr).toBe(0);
    const records = jsonLines(stdout);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ index: 0, label: 0, class: 'setosa' });
    expect(records[1]).toMatchObject({ index: 1, label: 1, class: 'versicolor' });
    expect((records[0]!.probabilities as number[]).reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('binary models give "probability"; --out writes a file', () => {
    const out = join(dir, 'preds.csv');
    const input = '0.5,1\n-2,3\n';
    const json = ann(['predict', '--model', flowerModel, '--data', '-', '--json'], { input });
    expect(json.status, json.stderr).toBe(0);
    expect(jsonLines(json.stdout)[0]).toEqual({ index: 0, label: expect.any(Number), probability: expect.any(Number) });
    const written = ann(['predict', '--model', flowerModel, '--data', '-', '--out', out], { input });
    expect(written.status).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`Wrote 2 predictions to ${out}\n`);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('label,probability');
  });
});

describe('ann info', () => {
  it('a layer table, preprocessing, training configuration and metrics', () => {
    const { status, stdout } = ann(['info', model]);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`${model}: 2 inputs → [6, 3], 39 float64 parameters`);
    expect(stdout).toMatch(/│ 1 +│ 6 +│ relu +│ W1 \(6, 2\), b1 \(6, 1\) +│ 18 +│/);
    expect(stdout).toMatch(/│ 2 +│ 3 +│ softmax +│ W2 \(3, 6\), b2 \(3, 1\) +│ 21 +│/);
    expect(stdout).toContain('Classes: setosa, versicolor, virginica');
    expect(stdout).toMatch(/^Training configuration: .*--lr 0\.1 .*--iterations 300/m);
    expect(stdout).toMatch(/^Metrics \(train\): cost [\d.]+, accuracy \d+\.\d\d%$/m);
  });

  it('--json', () => {
    const info = JSON.parse(ann(['info', model, '--json']).stdout) as { parameters: number; layers: { activation: string }[] };
    expect(info.parameters).toBe(39);
    expect(info.layers.map((l) => l.activation)).toEqual(['relu', 'softmax']);
  });
});

describe('ann export', () => {
  it('--format tfjs writes model.json and weights', () => {
    const out = join(dir, 'tfjs');
    const { status, stdout, stderr } = ann(['export', model, '--format', 'tfjs', '--out', out]);
    expect(status, stderr).toBe(0);
    expect(stdout).toContain(out);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
  });

  it('--format js writes a standalone module that predicts like the model', async () => {
    const out = join(dir, 'js');
    const { status, stderr } = ann(['export', model, '--format', 'js', '--out', out]);
    expect(status, stderr).toBe(0);
    const module = (await import(pathToFileURL(join(out, 'model.js')).href)) as { predictProba(X: number[][]): number[][]; predictClassNames(X: number[][]): string[] };
    const samples = [[0, 0], [3, 0], [0, 3]];
    const fromCli = jsonLines(ann(['predict', '--model', model, '--data', '-', '--json'], { input: `x1,x2\n${samples.map((x) => x.join(',')).join('\n')}\n` }).stdout);
    expect(module.predictClassNames(samples)).toEqual(fromCli.map((r) => r.class));
    module.predictProba(samples).forEach((p, k) => {
      (fromCli[k]!.probabilities as number[]).forEach((q, c) => expect(p[c]).toBeCloseTo(q, 12));
    });
  });
});

describe('ann datasets', () => {
  it('list names every built-in dataset; --json one object per line', () => {
    const text = ann(['datasets', 'list']);
    expect(text.status).toBe(0);
    for (const name of ['planarFlower', 'moons', 'circles', 'xor', 'gaussian', 'spiral', 'spirals', 'blobs', 'plane', 'multiGaussian']) expect(text.stdout).toContain(name);
    const json = jsonLines(ann(['datasets', 'list', '--json']).stdout);
    expect(json.map((d) => d.name)).toContain('moons');
  });

  it('generate NAME --m --noise --seed --out writes a seeded CSV that ann train reads', () => {
    const out = join(dir, 'moons.csv');
    const { status, stderr } = ann(['datasets', 'generate', 'moons', '--m', '40', '--noise', '0.2', '--seed', '1', '--out', out]);
    expect(status, stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('x1,x2,y');
    expect(lines).toHaveLength(41);
    expect(ann(['datasets', 'generate', 'moons', '--m', '40', '--noise', '0.2', '--seed', '1']).stdout).toBe(readFileSync(out, 'utf8'));
    expect(ann(['train', '--data', out, '--label', 'y', '--iterations', '10', '--quiet']).status).toBe(0);
  });

  it('generate spirals --classes 4 writes a 4-class CSV that ann train --head multiclass learns', () => {
    const out = join(dir, 's.csv');
    const generated = ann(['datasets', 'generate', 'spirals', '--classes', '4', '--m', '300', '--out', out]);
    expect(generated.status, generated.stderr).toBe(0);
    expect(generated.stderr).toBe(`Wrote spirals (m = 300, 2 features, multiclass, 4 classes) to ${out}\n`);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1);
    expect(new Set(rows.map((r) => r.split(',')[2]))).toEqual(new Set(['0', '1', '2', '3']));
    const train = ann(['train', '--data', out, '--label', 'y', '--head', 'multiclass', '--layers', '16,16', '--init', 'xavier', '--optimizer', 'adam', '--lr', '0.03', '--iterations', '500', '--json']);
    expect(train.status, train.stderr).toBe(0);
    const result = jsonLines(train.stdout).at(-1)!;
    expect(result).toMatchObject({ type: 'result', iterations: 500 });
    expect((result.train as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('--classes is refused, exit 2, for a dataset without classes and beyond 8', () => {
    const binary = ann(['datasets', 'generate', 'moons', '--classes', '3']);
    expect(binary.status).toBe(2);
    expect(binary.stderr.split('\n')[0]).toBe('ann: --classes: moons is a binary dataset and has no classes option (the multi-class datasets: spirals, blobs)');
    const many = ann(['datasets', 'generate', 'blobs', '--classes', '12']);
    expect(many.status).toBe(2);
    expect(many.stderr.split('\n')[0]).toBe('ann: --classes: classes must be an integer from 2 to 8 (the number of classes K), got 12');
    expect(many.stdout).toBe('');
  });

  it('generate multiGaussian writes real-valued targets that ann train reads as regression', () => {
    const out = join(dir, 'mg.csv');
    expect(ann(['datasets', 'generate', 'multiGaussian', '--m', '200', '--out', out]).status).toBe(0);
    const train = ann(['train', '--data', out, '--label', 'y', '--layers', '16,16', '--init', 'xavier', '--optimizer', 'adam', '--lr', '0.03', '--iterations', '300', '--json']);
    expect(train.status, train.stderr).toBe(0);
    const result = jsonLines(train.stdout).at(-1)!;
    expect((result.train as { r2: number }).r2).toBeGreaterThan(0.8);
  });
});

describe('ann gradcheck', () => {
  it('passes on the default seeded network: a table per parameter, exit 0', () => {
    const { status, stdout } = ann(['gradcheck']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/│ W1 +│ \d\.\d{3}e-\d+ +│/);
    expect(stdout).toMatch(/^Gradient check passed: difference .* < 2e-7 on \[2, 4, 1\] binary, m = 20$/m);
  });

  it('fails with exit 1 when the finite differences disagree (a huge --epsilon)', () => {
    const { status, stdout, stderr } = ann(['gradcheck', '--epsilon', '0.5', '--json']);
    expect(status).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ type: 'result', passed: false });
    expect(stderr).toMatch(/^ann: error: gradient check failed: difference .* ≥ 2e-7/);
  });
});
