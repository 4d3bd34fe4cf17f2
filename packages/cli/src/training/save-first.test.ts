/**
 * Issue 13, item 7: the model is saved before the final evaluation, so a run whose evaluation dies
 * (a crash, a kill, memory) still leaves the trained model on disk.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../cli';

vi.mock('@ann/core/node', async (original) => ({
  ...(await original<typeof import('@ann/core/node')>()),
  evaluateInBatches: () => {
    throw new Error('the final evaluation crashed');
  },
}));

describe('train saves before the final evaluation', () => {
  it('a crash in the evaluation leaves the trained model, without scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ann-save-first-'));
    // 12 examples: fewer would add a fewExamples warning to stderr.
    const rows = Array.from({ length: 12 }, (_, k) => `${k % 2},${(k >> 1) % 2},${k % 2}`);
    writeFileSync(join(dir, 'data.csv'), `x1,x2,y\n${rows.join('\n')}\n`);
    const out = join(dir, 'model.json');
    let stderr = '';
    const code = await main(['train', '--data', join(dir, 'data.csv'), '--label', 'y', '--iterations', '3', '--out', out, '--quiet'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text) },
    }, { env: { ANN_FORCE_TTY: '0' } });
    expect(stderr).toBe('ann: error: the final evaluation crashed\n');
    expect(code).toBe(1);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.format).toBe('ann-model');
    expect(saved.training.checkpoint.iteration).toBe(3);
    expect(saved.metrics).toBeUndefined();
  });
});
