/**
 * Fault injection (issue 13): SIGKILL at random moments while `ann train` trains and saves over an
 * existing model. Whatever the moment, the model file is the previous model or the complete new
 * one, never a partial file; a temporary file a killed save leaves is removed by the next save.
 * ANN_FAULT_TRIALS sets the number of kills (a few in `npm test`; `pnpm faults` runs 100). The
 * kill times come from a seeded generator printed on failure (ANN_FAULT_SEED to repeat).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from '@ann/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, bin, blobsCsv, temporaryDirectory } from './helpers';

const TRIALS = Number(process.env.ANN_FAULT_TRIALS ?? 3);
const SEED = Number(process.env.ANN_FAULT_SEED ?? 20261202);
const dir = temporaryDirectory('faults');
// A wide network, so that serializing and writing the model takes a measurable share of the run.
const RUN = ['train', '--data', 'blobs.csv', '--label', 'species', '--layers', '256,256', '--epochs', '2', '--batch-size', '32', '--quiet', '--out', 'model.json'];

/** A small seeded generator (the kill times must be reproducible, not secure). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function killAfter(ms: number): Promise<NodeJS.Signals | number | null> {
  const child = spawn(process.execPath, [bin, ...RUN], { cwd: dir, stdio: 'ignore', env: { ...process.env, ANN_FORCE_TTY: '0' } });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((done) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    done(signal ?? code);
  }));
}

let runMs = 0;
let previous = '';

beforeAll(() => {
  assertBuilt();
  writeFileSync(join(dir, 'blobs.csv'), blobsCsv(300));
  const started = performance.now();
  const first = ann(RUN, { cwd: dir });
  runMs = performance.now() - started;
  if (first.status !== 0) throw new Error(first.stderr);
  previous = readFileSync(join(dir, 'model.json'), 'utf8');
});

describe(`SIGKILL during training and saving (${TRIALS} trials, seed ${SEED})`, () => {
  it('the model file is always the previous model or a complete new one', async () => {
    const random = lcg(SEED);
    // Training is deterministic, so a finished run rewrites the same bytes: the file changes only
    // between the model saved before the final evaluation (no scores) and the one with its scores.
    const outcomes = { killed: 0, finished: 0, unchanged: 0, changed: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      // Anywhere in the run, start-up and the final save included.
      const at = Math.round(random() * runMs * 1.1);
      const result = await killAfter(at);
      if (result === 'SIGKILL') outcomes.killed++;
      else {
        expect(result, `trial ${trial} (kill at ${at} ms) exited with ${result}`).toBe(0);
        outcomes.finished++;
      }
      const text = readFileSync(join(dir, 'model.json'), 'utf8');
      // A partial file fails to parse: this is the check that matters.
      const model = Model.parse(text, `trial ${trial} (kill at ${at} ms)`);
      expect(model.network.layers).toEqual([2, 256, 256, 3]);
      if (text === previous) outcomes.unchanged++;
      else outcomes.changed++;
      previous = text;
    }
    expect(outcomes.killed + outcomes.finished).toBe(TRIALS);
    // One clean save removes whatever temporary files the killed saves left behind.
    expect(ann(RUN, { cwd: dir }).status).toBe(0);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    console.log(`faults: ${TRIALS} trials over a ${Math.round(runMs)} ms run: ${JSON.stringify(outcomes)}`);
  }, 60_000 + TRIALS * 20_000);
});
