/**
 * A real Ctrl-C: SIGINT to a training `ann` process stops it at the end of the current step, saves
 * a resumable checkpoint and exits 130; `ann train --resume` then finishes the run, and the final
 * parameters equal those of an uninterrupted run bit for bit.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, jsonLines, startAnn, temporaryDirectory } from './helpers';

beforeAll(assertBuilt);

/** Mini-batch Adam with dropout: the checkpoint must carry the optimizer moments, the generator and the epoch's permutation. */
const RUN = ['train', '--layers', '8', '--hidden', 'relu', '--init', 'he', '--seed', '3', '--optimizer', 'adam', '--lr', '0.01',
  '--epochs', '20000', '--batch-size', '64', '--keep-prob', '0.9', '--print-every', '100', '--json'];

interface Saved {
  parameters: Record<string, unknown>;
  training: { checkpoint: { iteration: number; epoch: number; batch: number } };
}

function interrupt(args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startAnn(args, { cwd });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      // The first progress line: training is under way, with Ctrl-C trapped.
      if (!sent && stdout.includes('"type":"progress"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('Ctrl-C while training', () => {
  it('saves a checkpoint, exits 130, and --resume continues bit for bit', async () => {
    const dir = temporaryDirectory('sigint');
    const stopped = await interrupt([...RUN, '--out', 'run.json'], dir);
    expect(stopped.signal).toBeNull();
    expect(stopped.code, stopped.stderr).toBe(130);
    // stdout stays JSON Lines; the message is on stderr.
    expect(jsonLines(stopped.stdout).every((record) => record.type === 'progress')).toBe(true);
    expect(stopped.stderr).toMatch(/^ann: interrupted at update \d+ \(epoch \d+ of 20000\); saved a checkpoint to run\.json; continue with: ann train --resume run\.json$/m);
    const checkpoint = (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Saved).training.checkpoint;
    expect(checkpoint.epoch).toBeLessThan(20000);

    const resumed = ann(['train', '--resume', 'run.json', '--json'], { cwd: dir });
    expect(resumed.status, resumed.stderr).toBe(0);
    const resumedResult = jsonLines(resumed.stdout).at(-1)!;
    expect(resumedResult).toMatchObject({ type: 'result', model: 'run.json', stopReason: 'completed' });

    const whole = ann([...RUN, '--out', 'whole.json'], { cwd: dir });
    expect(whole.status, whole.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Saved;
    const b = JSON.parse(readFileSync(join(dir, 'whole.json'), 'utf8')) as Saved;
    expect(a.parameters).toEqual(b.parameters);
    expect(a.training.checkpoint).toEqual(b.training.checkpoint);
    expect((resumedResult.train as { cost: number }).cost).toBe((jsonLines(whole.stdout).at(-1)!.train as { cost: number }).cost);
  }, 300_000);

  it('without --out, saves to a checkpoint path it prints', async () => {
    const dir = temporaryDirectory('sigint-default');
    const stopped = await interrupt(['train', '--iterations', '200000', '--print-every', '100', '--json'], dir);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/saved a checkpoint to ann-checkpoint\.json; continue with: ann train --resume ann-checkpoint\.json/);
    expect(existsSync(join(dir, 'ann-checkpoint.json'))).toBe(true);
    const info = ann(['info', 'ann-checkpoint.json'], { cwd: dir });
    expect(info.status, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/resumable with ann train --resume/);
  }, 120_000);
});
