/**
 * Issue 13, item 7: `ann evaluate` and `ann predict` go through the network in blocks, with
 * progress on stderr. A hidden layer of 2,100 units makes core's default block 1,996 examples
 * (EVALUATION_BLOCK_ELEMENTS / 2,101), so these 5,000 examples take three blocks.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluationBatchSize, loadModel, parseCsv } from '@ann/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli';

const dir = mkdtempSync(join(tmpdir(), 'ann-batched-'));
const data = join(dir, 'data.csv');
const features = join(dir, 'features.csv');
const modelPath = join(dir, 'model.json');
const m = 5000;
/** What a live line starts with, and what erases it: back to the line's start, clear the line. */
const ERASE = '\r\x1b[2K';

/** Runs `ann ARGS` in this process; stderr a terminal when `tty`. */
async function run(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: tty, columns: 100 },
  }, { env: { ANN_FORCE_TTY: tty ? '1' : '0', NO_COLOR: '1' } });
  return { code, stdout, stderr };
}

let trained: { cost: number; accuracy: number };

beforeAll(async () => {
  // Two noisy classes on a seeded generator: x2 > sin(x1), with a tenth of the labels flipped.
  let seed = 3;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const rows: string[] = [];
  for (let j = 0; j < m; j++) {
    const x1 = 6 * random() - 3;
    const x2 = 4 * random() - 2;
    const y = (x2 > Math.sin(x1) ? 1 : 0) ^ (random() < 0.1 ? 1 : 0);
    rows.push(`${x1.toFixed(5)},${x2.toFixed(5)},${y}`);
  }
  writeFileSync(data, `x1,x2,y\n${rows.join('\n')}\n`);
  writeFileSync(features, `x1,x2\n${rows.map((row) => row.slice(0, row.lastIndexOf(','))).join('\n')}\n`);
  // After 5 iterations the one-piece cost (Network.evaluate, what `ann evaluate` used to print) is
  // 0.6734340706870192 and train's, summed per block, 0.6734340706870193: evaluate must print the latter.
  const train = await run(['train', '--data', data, '--label', 'y', '--layers', '2100', '--iterations', '5', '--lr', '0.05', '--out', modelPath, '--json']);
  if (train.code !== 0) throw new Error(train.stderr);
  const result = JSON.parse(train.stdout.trimEnd().split('\n').at(-1)!) as { type: string; train: { cost: number; accuracy: number } };
  trained = result.train;
});

describe('ann evaluate in blocks', () => {
  it('the set takes several blocks', async () => {
    const model = await loadModel(modelPath);
    expect(evaluationBatchSize(model.network)).toBe(1996);
    expect(m).toBeGreaterThan(2 * evaluationBatchSize(model.network));
  });

  it('on the training file: the cost and accuracy of train’s final evaluation, bit for bit', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', modelPath, '--data', data, '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { m: number; cost: number; accuracy: number; confusionMatrix: number[][] };
    expect(result.m).toBe(m);
    expect(result.cost).toBe(trained.cost);
    expect(result.accuracy).toBe(trained.accuracy);
    // The confusion matrix comes from the blocks' predictions: its diagonal is the accuracy's count.
    expect(result.confusionMatrix.flat().reduce((a, b) => a + b)).toBe(m);
    expect((result.confusionMatrix[0]![0]! + result.confusionMatrix[1]![1]!) / m).toBe(trained.accuracy);
  });

  it('shows a live progress line on a terminal, erased at the end, and nothing on stdout', async () => {
    const { code, stdout, stderr } = await run(['evaluate', '--model', modelPath, '--data', data, '--json'], true);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${ERASE}evaluating on ${data} `);
    expect(stderr).toMatch(/evaluating on \S+ +\d+% .*1,996\/5,000 examples/);
    expect(stderr.endsWith(ERASE)).toBe(true);
    expect(JSON.parse(stdout)).toMatchObject({ type: 'result', m });
  });
});

describe('ann predict in blocks', () => {
  it('each example’s probability is the whole-set prediction’s, bit for bit; CSV and JSON Lines agree', async () => {
    const model = await loadModel(modelPath);
    const whole = model.predictProba(parseCsv(readFileSync(features), { fileName: features }).X);
    const json = await run(['predict', '--model', modelPath, '--data', features, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const records = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { index: number; label: number; probability: number });
    expect(records.map((r) => r.index)).toEqual(Array.from({ length: m }, (_, j) => j));
    expect(records.filter((r, j) => !Object.is(r.probability, whole.data[j]))).toEqual([]);
    expect(records.filter((r) => r.label !== (r.probability > 0.5 ? 1 : 0))).toEqual([]);

    const csv = await run(['predict', '--model', modelPath, '--data', features]);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('label,probability');
    expect(lines.slice(1)).toEqual(records.map((r) => `${r.label},${r.probability}`));

    const out = join(dir, 'predictions.csv');
    const written = await run(['predict', '--model', modelPath, '--data', features, '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toBe(`Wrote ${m} predictions to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(csv.stdout);
  });

  it('shows a live progress line on a terminal', async () => {
    const { code, stdout, stderr } = await run(['predict', '--model', modelPath, '--data', features], true);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${ERASE}predicting on ${features} `);
    expect(stderr).toMatch(/predicting on \S+ +\d+% .*1,996\/5,000 examples/);
    expect(stderr.endsWith(ERASE)).toBe(true);
    expect(stdout.split('\n')).toHaveLength(m + 2);
  });
});
