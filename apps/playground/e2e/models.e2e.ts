// End-to-end checks of issue 11's model files and gradient check, against the built app and the
// built CLI (node packages/cli/dist/ann.js): a model trained in the page predicts exactly as
// `ann predict` does, a model `ann train` wrote imports into the page with the accuracy `ann
// evaluate` reports, a file the page cannot take is refused with the run kept, and Check gradients
// passes on the default network. The page's own numbers are read from the worker's replies, which
// an init script records as they arrive (the page itself is not changed for the tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATASET_CATALOG } from '@ann/core';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { GRID_SIZE, type PlotBounds } from '../src/protocol';
import { columnX, rowY } from '../src/worker/grid';
import {
  button,
  closeClean,
  openPlayground,
  pause,
  play,
  PHONE,
  settledEpoch,
  shownNumber,
  shownPercent,
  e2e, scratchFolder,
  snap,
  text,
  waitForEpoch,
  waitReady,
} from './harness';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliPath = join(repoRoot, 'packages', 'cli', 'dist', 'ann.js');

const scratch = scratchFolder('models');

/** Runs the built CLI; its standard output. */
function ann(...args: string[]): string {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`pnpm --filter @ann/cli build\` first.`);
  let run = spawnSync(process.execPath, [cliPath, ...args], { cwd: scratch(), encoding: 'utf8', env: { ...process.env, ANN_FORCE_TTY: '0' } });
  // The CLI runs on core's dist/: while a build in this checkout rewrites it, a chunk can be missing
  // for a moment. Only that is retried (a few times, a second apart); any other failure fails.
  for (let attempt = 0; attempt < 5 && run.status !== 0 && /Cannot find module '[^']*[/]dist[/]/.test(run.stderr); attempt++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
    run = spawnSync(process.execPath, [cliPath, ...args], { cwd: scratch(), encoding: 'utf8', env: { ...process.env, ANN_FORCE_TTY: '0' } });
  }
  if (run.status !== 0) throw new Error(`ann ${args.join(' ')} exited with ${String(run.status)}: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** Records the worker's last 'ready' and last snapshot on window.__annReplies (an init script: runs before the page). */
function recordWorkerReplies(): void {
  const NativeWorker = window.Worker;
  const replies: { ready: unknown; snapshot: unknown } = { ready: null, snapshot: null };
  (window as unknown as { __annReplies: typeof replies }).__annReplies = replies;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent<{ type?: string; snapshot?: unknown }>) => {
        const message = event.data;
        if (message.type === 'ready') replies.ready = message;
        if (message.snapshot !== undefined) replies.snapshot = message.snapshot;
      });
    }
  };
}

interface Replies {
  bounds: PlotBounds;
  x1: number[];
  x2: number[];
  y: number[];
  epoch: number;
  output: number[];
}

async function replies(page: Page): Promise<Replies> {
  return page.evaluate(() => {
    const recorded = (window as unknown as { __annReplies: { ready: any; snapshot: any } }).__annReplies;
    const { data } = recorded.ready;
    return {
      bounds: data.bounds,
      x1: Array.from(data.x1 as Float64Array),
      x2: Array.from(data.x2 as Float64Array),
      y: Array.from(data.y as Float64Array),
      epoch: recorded.snapshot.epoch as number,
      output: Array.from(recorded.snapshot.output as Float32Array),
    };
  });
}

/** The page's moons as `ann datasets generate moons` writes them: the page's noise percent of the catalogue's largest noise. */
const moons = DATASET_CATALOG.find((d) => d.name === 'moons')!;
const NOISE_PERCENT = 40;
const noise = (NOISE_PERCENT / 100) * moons.noiseMax!;
const MOONS_HASH = `problem=classification&dataset=moons&noise=${NOISE_PERCENT}&trainPercent=100&dataSeed=3`;

function csvRows(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('models shared with the CLI', () => {
  e2e('a model trained in the page predicts exactly as ann predict does, and ann evaluate agrees with the page', async () => {
    const session = await openPlayground({
      hash: `${MOONS_HASH}&features=x1,x2,x1*x2&hidden=5,3&activations=relu,tanh&init=he&weightSeed=4&learningRate=0.3&stepsPerFrame=5`,
      initScript: recordWorkerReplies,
    });
    const { page } = session;
    await play(page);
    await waitForEpoch(page, { above: 40 });
    await pause(page);
    const shownEpoch = await settledEpoch(page);
    const shownCost = await text(page, 'train-cost');
    const shownAccuracy = await shownPercent(page, 'train-accuracy');
    const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export model').click()]);
    expect(download.suggestedFilename()).toBe(`playground-moons-epoch-${shownEpoch}.json`);
    const modelPath = scratch('page-model.json');
    await download.saveAs(modelPath);
    await page.getByTestId('model-notice').getByText(/Exported/).waitFor({ timeout: 5_000 });
    const recorded = await replies(page);
    expect(recorded.epoch).toBe(shownEpoch);

    const doc = JSON.parse(readFileSync(modelPath, 'utf8')) as { format: string; preprocessing: unknown[]; architecture: { layers: number[] } };
    expect(doc.format).toBe('ann-model');
    expect(doc.preprocessing).toEqual([{ kind: 'features', terms: ['x1', 'x2', 'x1*x2'], inputs: 2 }]);
    expect(doc.architecture.layers).toEqual([3, 5, 3, 1]);

    // The grid the output plot shows, cell centre by cell centre, through ann predict.
    const lines = ['x1,x2'];
    for (let i = 0; i < GRID_SIZE; i++) for (let j = 0; j < GRID_SIZE; j++) lines.push(`${columnX(recorded.bounds, j)},${rowY(recorded.bounds, i)}`);
    writeFileSync(scratch('grid.csv'), `${lines.join('\n')}\n`);
    const predictions = ann('predict', '--model', modelPath, '--data', 'grid.csv', '--json')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; label: number; probability: number });
    expect(predictions).toHaveLength(GRID_SIZE * GRID_SIZE);
    let mismatches = 0;
    for (const p of predictions) {
      // The page draws P(class 1) as float32: the CLI's float64 probability rounds to exactly it.
      if (Math.fround(p.probability) !== recorded.output[p.index]) mismatches++;
      expect(p.label).toBe(p.probability >= 0.5 ? 1 : 0);
    }
    expect(mismatches, 'grid cells where ann predict and the page differ').toBe(0);

    // The page's training data as a CSV: ann evaluate shows the page's train cost and accuracy.
    const rows = recorded.x1.map((x, k) => `${x},${recorded.x2[k]},${recorded.y[k]}`);
    writeFileSync(scratch('page-data.csv'), `x1,x2,y\n${rows.join('\n')}\n`);
    const evaluation = JSON.parse(ann('evaluate', '--model', modelPath, '--data', 'page-data.csv', '--label', 'y', '--json').trim().split('\n').pop()!) as Record<string, unknown>;
    const scores = evaluation as { cost: number; accuracy: number };
    expect(Number(scores.cost.toPrecision(4))).toBe(Number(shownCost));
    expect((100 * scores.accuracy).toFixed(1)).toBe(shownAccuracy.toFixed(1));
    await closeClean(session);
  });

  e2e('a model ann train wrote imports into the page: its network, the CLI evaluate accuracy, and it trains on', async () => {
    ann('datasets', 'generate', 'moons', '--seed', '3', '--noise', String(noise), '--out', 'moons.csv');
    ann('train', '--data', 'moons.csv', '--label', 'y', '--layers', '5,2', '--hidden', 'relu', '--init', 'he', '--seed', '3', '--lr', '0.3', '--iterations', '1500', '--quiet', '--out', 'cli-model.json');
    const evaluation = ann('evaluate', '--model', 'cli-model.json', '--data', 'moons.csv', '--json');
    const result = JSON.parse(evaluation.trim().split('\n').pop()!) as Record<string, unknown>;
    const cli = result as { cost: number; accuracy: number };
    expect(cli.accuracy).toBeGreaterThan(0.8);

    const session = await openPlayground({ hash: MOONS_HASH, initScript: recordWorkerReplies });
    const { page } = session;
    await page.getByLabel('Import model', { exact: true }).setInputFiles(scratch('cli-model.json'));
    await page.getByTestId('model-notice').getByText(/^Imported cli-model\.json/).waitFor({ timeout: 10_000 });
    await waitReady(page);
    // The page's data is the CLI's file, point for point: the same labels, and the same coordinates
    // up to the last bit (chromium's Math.sin and Math.cos differ from Node's by one ulp for a few
    // of the generator's angles).
    const recorded = await replies(page);
    const csv = csvRows(readFileSync(scratch('moons.csv'), 'utf8')).slice(1);
    expect(recorded.y).toEqual(csv.map((r) => Number(r[2])));
    const far = (shown: number[], column: number) =>
      shown.filter((v, k) => {
        const expected = Number(csv[k]![column]);
        return Math.abs(v - expected) > 2 * Number.EPSILON * Math.max(1, Math.abs(expected));
      }).length;
    expect(far(recorded.x1, 0), 'x1 values more than an ulp or two from the CSV').toBe(0);
    expect(far(recorded.x2, 1), 'x2 values more than an ulp or two from the CSV').toBe(0);
    // The network view shows the CLI's network: [2, 5, 2, 1], ReLU hidden layers, He initialization.
    const params = new URLSearchParams(new URL(page.url()).hash.slice(1));
    expect(params.get('hidden')).toBe('5,2');
    expect(params.get('activations')).toBe('relu,relu');
    expect(params.get('init')).toBe('he');
    expect(params.get('features')).toBe('x1,x2');
    await expect.poll(() => page.locator('.unit').count()).toBeGreaterThanOrEqual(7);
    expect(await page.getByRole('combobox', { name: 'Activation of layer 2', exact: true }).inputValue()).toBe('relu');
    // The same accuracy and cost as ann evaluate.
    expect((await shownPercent(page, 'train-accuracy')).toFixed(1)).toBe((100 * cli.accuracy).toFixed(1));
    expect(await shownNumber(page, 'train-cost')).toBe(Number(cli.cost.toPrecision(4)));
    await snap(page, 'model-imported');

    // It keeps training from the imported weights.
    const before = recorded.output;
    await button(page, 'Step').click();
    await waitForEpoch(page, { equal: 1 });
    const after = await replies(page);
    expect(after.output).not.toEqual(before);
    await closeClean(session);
  });

  e2e('a file the page cannot take is refused with a clear message, and the run goes on as it was', async () => {
    writeFileSync(scratch('broken.json'), '{\n  "format": "ann-model",\n  "version": 2,\n');
    ann('train', '--data', 'moons.csv', '--label', 'y', '--layers', '3', '--normalize', 'standard', '--iterations', '50', '--quiet', '--out', 'scaled.json');
    const session = await openPlayground({ hash: `${MOONS_HASH}&stepsPerFrame=5` });
    const { page } = session;
    await button(page, 'Step').click();
    await waitForEpoch(page, { equal: 1 });
    const cost = await text(page, 'train-cost');
    const url = page.url();

    await page.getByLabel('Import model', { exact: true }).setInputFiles(scratch('broken.json'));
    const notice = page.getByTestId('model-notice');
    await notice.getByText(/broken\.json:\d+:\d+/).waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await text(page, 'model-notice')).toContain('The current run is unchanged');

    await page.getByLabel('Import model', { exact: true }).setInputFiles(scratch('scaled.json'));
    await notice.getByText(/scaled\.json: the model preprocesses its inputs \(preprocessing\[0\]: standardize\)/).waitFor({ timeout: 10_000 });

    // Nothing was lost: the same epoch, cost and settings, and it still trains.
    expect(await text(page, 'epoch')).toBe('1');
    expect(await text(page, 'train-cost')).toBe(cost);
    expect(page.url()).toBe(url);
    await play(page);
    await waitForEpoch(page, { above: 10 });
    await pause(page);
    await closeClean(session);
  });
});

describe('Check gradients', () => {
  e2e('passes on the default network, layer by layer', async () => {
    const session = await openPlayground();
    const { page } = session;
    await button(page, 'Check gradients').click();
    const result = page.getByTestId('gradcheck-result');
    await result.getByText(/Gradient check passed/).waitFor({ timeout: 15_000 });
    expect(await text(page, 'gradcheck-result')).toMatch(/relative difference \d\.\de-\d+ < 2\.0e-7 at epoch 0, on 20 training examples/);
    for (const layer of [1, 2]) expect(await text(page, `gradcheck-layer-${layer}`)).toMatch(/passed$/);
    await snap(page, 'gradient-check');
    await closeClean(session);
  });

  e2e('keyboard only: Tab reaches Export model, Import model and Check gradients with a focus ring; Enter checks', async () => {
    const session = await openPlayground();
    const { page } = session;
    const focusedName = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el === null ? '' : (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
      });
    const reached = new Set<string>();
    for (let i = 0; i < 300 && reached.size < 3; i++) {
      await page.keyboard.press('Tab');
      const name = await focusedName();
      if (['Export model', 'Import model', 'Check gradients'].includes(name)) {
        reached.add(name);
        // A visible focus indicator: the button's own outline, or the file button's (its label's).
        const ring = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const target = el instanceof HTMLInputElement ? el.parentElement! : el;
          const style = getComputedStyle(target);
          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        });
        expect(ring, `${name} shows a focus ring`).toBe(true);
        if (name === 'Check gradients') {
          await page.keyboard.press('Enter');
          await page.getByTestId('gradcheck-result').getByText(/Gradient check passed/).waitFor({ timeout: 15_000 });
        }
      }
    }
    expect([...reached].sort()).toEqual(['Check gradients', 'Export model', 'Import model']);
    await closeClean(session);
  });

  e2e('the model card fits a phone', async () => {
    const session = await openPlayground({ viewport: PHONE });
    const { page } = session;
    await button(page, 'Check gradients').click();
    await page.getByTestId('gradcheck-result').getByText(/passed/).first().waitFor({ timeout: 15_000 });
    const card = await page.getByRole('region', { name: 'Model', exact: true }).boundingBox();
    expect(card).not.toBeNull();
    expect(card!.x).toBeGreaterThanOrEqual(0);
    expect(card!.x + card!.width).toBeLessThanOrEqual(PHONE.width);
    for (const name of ['Export model', 'Check gradients']) {
      const box = await button(page, name).boundingBox();
      expect(box!.height, `${name} is a finger-sized target`).toBeGreaterThanOrEqual(40);
    }
    await page.getByRole('region', { name: 'Model', exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshots', 'phone-model-card.png') });
    await closeClean(session);
  });
});
