/** `ann train` on data files, in every output mode, through the built binary. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
/* eslint-disable no-control-regex -- terminal output is checked for its escape sequences */
import { ann, assertBuilt, blobsCsv, costLines, jsonLines, npy, STACK_FRAME, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('train');
const blobs = join(dir, 'blobs.csv');

beforeAll(() => {
  assertBuilt();
  writeFileSync(blobs, blobsCsv());
});

describe('output modes', () => {
  const ARGS = ['train', '--iterations', '300', '--print-every', '100'];

  it('not a terminal: plain lines, no escape codes', () => {
    const { status, stdout, stderr } = ann(ARGS);
    expect(status, stderr).toBe(0);
    expect(stdout).not.toMatch(/\x1b|\r/);
    expect(costLines(stdout).map((c) => c.iteration)).toEqual([0, 100, 200]);
    expect(stdout).toMatch(/^Accuracy: \d+\.\d\d%$/m);
  });

  it('a terminal (ANN_FORCE_TTY=1): progress bar, cost chart, decision boundary, summary table, colours', () => {
    const { status, stdout, stderr } = ann(ARGS, { env: { ANN_FORCE_TTY: '1', COLUMNS: '100' } });
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/\r\x1b\[2K +\d+% /); // the bar, redrawn in place
    expect(stdout).toMatch(/iteration \d+\/300/);
    expect(stdout).toContain('Cost after iteration 100: ');
    expect(stdout).toMatch(/^(\x1b\[1m)?Cost(\x1b\[0m)?$/m); // the chart's title
    expect(stdout).toMatch(/┤.*[▁▂▃▄▅▆▇█]/);
    expect(stdout).toContain('Decision boundary');
    expect(stdout).toMatch(/│ train accuracy +│/);
    expect(stdout).toMatch(/\x1b\[3\dm/); // colour
  });

  it('NO_COLOR on a terminal: the same pictures without colour codes', () => {
    const { status, stdout } = ann(ARGS, { env: { ANN_FORCE_TTY: '1', NO_COLOR: '1' } });
    expect(status).toBe(0);
    expect(stdout).toContain('Decision boundary');
    expect(stdout).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  it('--quiet: only the result', () => {
    const { status, stdout } = ann([...ARGS, '--quiet']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Accuracy: \d+\.\d\d%\n$/);
  });

  it('--json: only JSON Lines on stdout, progress then result, even on a terminal', () => {
    const { status, stdout, stderr } = ann([...ARGS, '--json', '--split', '0.25'], { env: { ANN_FORCE_TTY: '1' } });
    expect(status, stderr).toBe(0);
    const records = jsonLines(stdout);
    expect(records.map((r) => r.type)).toEqual(['progress', 'progress', 'progress', 'result']);
    expect(records[0]).toEqual({ type: 'progress', iteration: 0, cost: expect.any(Number), validation: { cost: expect.any(Number), accuracy: expect.any(Number) } });
    expect(records[3]).toMatchObject({ type: 'result', train: { cost: expect.any(Number), accuracy: expect.any(Number) }, test: { cost: expect.any(Number), accuracy: expect.any(Number) } });
  });

  it('core diagnostics are marked warnings: `warning: …` on stderr, {"type":"warning"} in --json', () => {
    // Inputs in the hundreds: core's unnormalizedInputs diagnostic.
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, `a,b,y\n${Array.from({ length: 40 }, (_, k) => `${k * 50},${(k % 7) * 30},${k % 2}`).join('\n')}\n`);
    const text = ann(['train', '--data', csv, '--label', 'y', '--iterations', '10']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/^warning: .* \[unnormalizedInputs, iteration 0\]$/m);
    const json = ann(['train', '--data', csv, '--label', 'y', '--iterations', '10', '--json']);
    expect(json.stderr).toBe('');
    const warning = jsonLines(json.stdout).find((r) => r.type === 'warning');
    expect(warning).toMatchObject({ type: 'warning', code: 'unnormalizedInputs', iteration: 0, message: expect.any(String) });
  });
});

describe('data and models', () => {
  it('a CSV with class names: multiclass inferred (softmax), split, saved; info, evaluate and predict read the model', () => {
    const model = join(dir, 'blobs.json');
    const train = ann(['train', '--data', blobs, '--label', 'species', '--layers', '6', '--hidden', 'relu', '--init', 'he', '--lr', '0.1', '--iterations', '300', '--print-every', '100', '--split', '0.2', '--out', model]);
    expect(train.status, train.stderr).toBe(0);
    expect(train.stdout.split('\n')[0]).toBe(`Training [2, 6, 3] relu/softmax on ${blobs} (m = 120), validating on ${blobs} (0.2 held out) (m = 30), lr 0.1, 300 iterations, seed 2`);
    expect(train.stdout).toMatch(/^Test accuracy: \d+\.\d\d%$/m);
    expect(train.stdout).toContain(`Model saved to ${model}`);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { classNames: string[]; featureNames: string[]; labelName: string; metrics: { test: { accuracy: number } } };
    expect(saved.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(saved.featureNames).toEqual(['x1', 'x2']);
    expect(saved.labelName).toBe('species');
    expect(saved.metrics.test.accuracy).toBeGreaterThan(0.9);
  });

  it('--epochs with --batch-size, adam, l2, dropout, decay, clipping, batch norm and early stopping', () => {
    const { status, stdout, stderr } = ann([
      'train', '--data', blobs, '--label', 'species', '--layers', '8,8', '--hidden', 'relu', '--init', 'he', '--batch-norm',
      '--optimizer', 'adam', '--lr', '0.01', '--epochs', '200', '--batch-size', '32', '--l2', '0.01', '--keep-prob', '0.9', '--decay', '0.01',
      '--clip', '5', '--split', '0.2', '--early-stopping', '3', '--print-every', '10', '--json',
    ]);
    expect(status, stderr).toBe(0);
    const records = jsonLines(stdout);
    expect(records[0]).toMatchObject({ type: 'progress', epoch: 0 });
    const result = records.at(-1)!;
    expect(result.type).toBe('result');
    expect(['completed', 'earlyStopping']).toContain(result.stopReason);
  });

  it('--dtype float32 trains a float32 network, saved as float32 and resumed as float32', () => {
    const model = join(dir, 'blobs32.json');
    const train = ann(['train', '--data', blobs, '--label', 'species', '--layers', '6', '--hidden', 'relu', '--init', 'he', '--lr', '0.1', '--iterations', '200', '--print-every', '100', '--dtype', 'float32', '--out', model, '--json']);
    expect(train.status, train.stderr).toBe(0);
    expect((jsonLines(train.stdout).at(-1)!.train as { accuracy: number }).accuracy).toBeGreaterThan(0.9);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { architecture: { dtype: string }; parameters: Record<string, { data: number[] }> };
    expect(saved.architecture.dtype).toBe('float32');
    expect(saved.parameters.W1!.data.every((x) => Math.fround(x) === x)).toBe(true);
    expect(ann(['info', model]).stdout.split('\n')[0]).toContain('float32 parameters');
    const resumed = ann(['train', '--resume', model, '--iterations', '300', '--quiet']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const mismatch = ann(['train', '--resume', model, '--iterations', '400', '--dtype', 'float64']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain("--dtype float64 does not match the resumed model's float32");
  });

  it('regression is inferred from real-valued labels; MSE, MAE and R² are reported', () => {
    const csv = join(dir, 'plane.csv');
    expect(ann(['datasets', 'generate', 'plane', '--m', '100', '--out', csv]).status).toBe(0);
    const { status, stdout, stderr } = ann(['train', '--data', csv, '--label', 'y', '--layers', '4', '--hidden', 'tanh', '--init', 'xavier', '--lr', '0.1', '--iterations', '500', '--print-every', '250']);
    expect(status, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toContain('tanh/linear');
    expect(stdout).toMatch(/^MSE: [\d.e-]+, MAE: [\d.e-]+, R²: 0\.9\d*$/m);
  });

  it('JSON {X, Y} data with a separate --test file and --normalize standard', () => {
    const rows = (n: number, shift: number) => Array.from({ length: n }, (_, k) => [k + shift, (k * 7) % 5]);
    const write = (name: string, X: number[][]) => {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({ X, Y: X.map(([a]) => (a! % 2 === 0 ? 1 : 0)) }));
      return path;
    };
    const train = write('train.json', rows(40, 0));
    const test = write('test.json', rows(10, 100));
    const { status, stdout, stderr } = ann(['train', '--data', train, '--test', test, '--normalize', 'standard', '--iterations', '50', '--print-every', '25', '--quiet']);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^Accuracy: .*\nTest accuracy: .*\n$/);
  });

  it('integer class labels in the last column (--label -1) train a softmax; a bare .npy has no labels', () => {
    const csvLabelled = join(dir, 'npy-labels.csv');
    writeFileSync(csvLabelled, `a,b,y\n${Array.from({ length: 30 }, (_, k) => `${(k % 3) + 0.1 * (k % 4)},${k % 5},${k % 3}`).join('\n')}\n`);
    const { status, stdout } = ann(['train', '--data', csvLabelled, '--label', '-1', '--iterations', '20', '--print-every', '10']);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toContain('[2, 4, 3] tanh/softmax');
    // A bare .npy holds inputs only: training needs labels, so it is a runtime error naming the file.
    const path = join(dir, 'x.npy');
    writeFileSync(path, npy([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]));
    const bare = ann(['train', '--data', path]);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toBe(`ann: error: ${path}: no labels: name the label column with --label COLUMN\n`);
  });

  it('--config with command-line overrides, recorded in the model for --resume', () => {
    const config = join(dir, 'cfg.json');
    writeFileSync(config, JSON.stringify({ data: 'blobs.csv', label: 'species', layers: [5], hidden: 'relu', init: 'he', lr: 0.05, iterations: 40, 'print-every': 20 }));
    const model = join(dir, 'cfg-model.json');
    const { status, stdout, stderr } = ann(['train', '--config', config, '--iterations', '60', '--out', model]);
    expect(status, stderr).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^Training \[2, 5, 3\] relu\/softmax on .*blobs\.csv \(m = 150\), lr 0\.05, 60 iterations, seed 2$/);
    const info = ann(['info', model, '--json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ training: { config: { iterations: 60, lr: 0.05, layers: '5' }, resumable: true } });
    // --resume with more iterations continues the saved run.
    const more = ann(['train', '--resume', model, '--iterations', '80', '--quiet']);
    expect(more.status, more.stderr).toBe(0);
    expect(JSON.parse(ann(['info', model, '--json']).stdout)).toMatchObject({ iterationsTrained: 80 });
  });

  it('no stack trace on any of these, even when they fail, unless --verbose', () => {
    const failing = ann(['train', '--data', join(dir, 'nope.csv')]);
    expect(failing.status).toBe(1);
    expect(failing.stderr).not.toMatch(STACK_FRAME);
    expect(ann(['train', '--data', join(dir, 'nope.csv'), '--verbose']).stderr).toMatch(STACK_FRAME);
  });
});
