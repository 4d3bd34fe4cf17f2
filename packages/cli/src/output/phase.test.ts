import { describe, expect, it } from 'vitest';
import type { Io } from '../command';
import { createReporter } from './create';
import { livePhase, renderPhase, stderrPhases, withPhase } from './phase';
import { PROGRESS_DELAY_MS } from './slow-progress';
import { createStyle } from './style';

/** Streams that record what was written; stderr says it is a terminal when `tty`. */
function fakeIo(tty: boolean): Io & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: tty, columns: 100 },
    out: () => stdout,
    err: () => stderr,
  };
}

const ERASE = '\r\x1b[2K';
/** The text with each erase-line sequence shown as ⏎. */
const visible = (text: string) => text.split(ERASE).join('⏎');
const plain = createStyle(false);

describe('renderPhase', () => {
  it('bytes, first pass: the megabytes counted and the rate, no ETA (the parsing pass is slower)', () => {
    // A 286 MB file is 572 MB of work: 120 MB into the first pass, at 60 MB/s.
    const line = renderPhase('reading big.csv', 'bytes', { done: 120e6, total: 572e6, rate: 60e6 }, 99, plain);
    expect(line).toMatch(/^reading big\.csv {2}20% █+░+ {2}pass 1\/2, 120\.0\/286\.0 MB {2}60\.0 MB\/s$/);
    expect(line.length).toBeLessThanOrEqual(99);
  });

  it('bytes, second pass: the megabytes of this pass, its rate and the ETA', () => {
    const line = renderPhase('reading big.csv', 'bytes', { done: 400e6, total: 572e6, rate: 50e6 }, 99, plain);
    expect(line).toMatch(/ {2}pass 2\/2, 114\.0\/286\.0 MB {2}50\.0 MB\/s {2}ETA 3\.4s$/);
  });

  it('examples: the count, the rate and the ETA, within 80 columns for the longest label', () => {
    const line = renderPhase('evaluating on the training set', 'examples', { done: 250_000, total: 1_000_000, rate: 125_000 }, 79, plain);
    expect(line).toBe('evaluating on the training set  25%  250.0k/1.00M examples  125.0k/s  ETA 6.0s');
    expect(renderPhase('evaluating on the test set', 'examples', { done: 2_000, total: 8_000, rate: 4_000 }, 120, plain)).toMatch(/ {2}2,000\/8,000 examples {2}4,000\/s {2}ETA 1\.5s$/);
  });

  it('a wide terminal has the bar; a very narrow one cuts the line to the width', () => {
    expect(renderPhase('evaluating on the training set', 'examples', { done: 250_000, total: 1_000_000, rate: 125_000 }, 119, plain)).toMatch(/ 25% █+░+ {2}250\.0k/);
    const line = renderPhase('evaluating on the training set', 'examples', { done: 250_000, total: 1_000_000, rate: 125_000 }, 50, plain);
    expect(line).not.toContain('█');
    expect(line.length).toBe(50);
  });
});

describe('phase progress on stderr', () => {
  it('on a terminal: a live line from the first report, redrawn in place, erased at the end; nothing on stdout', () => {
    const io = fakeIo(true);
    let clock = 0;
    const phase = stderrPhases(io, {}, () => clock)('reading big.csv', 'bytes');
    phase.update(4e6, 100e6);
    clock = 50;
    phase.update(8e6, 100e6); // within the redraw interval: not drawn
    clock = 150;
    phase.update(12e6, 100e6);
    phase.update(100e6, 100e6);
    phase.end();
    const draws = io.err().split(ERASE);
    expect(draws[0]).toBe('');
    expect(draws.slice(1, 3).map((text) => text.slice(0, 'reading big.csv   4%'.length))).toEqual(['reading big.csv   4%', 'reading big.csv  12%']);
    expect(draws).toHaveLength(4);
    expect(draws[3]).toBe('');
    expect(io.err()).not.toContain('\n');
    expect(io.out()).toBe('');
  });

  it('on a terminal: the rate is that of the current pass, so the slower parsing pass has a true ETA', () => {
    let written = '';
    let clock = 0;
    const phase = livePhase((text) => (written += text), 'reading big.csv', 'bytes', { width: 120, style: plain, now: () => clock });
    // A 100 MB file: the first pass at 100 MB/s (1 s), the second at 10 MB/s.
    clock = 500;
    phase.update(50e6, 200e6);
    clock = 1000;
    phase.update(100e6, 200e6);
    clock = 2000;
    phase.update(110e6, 200e6);
    const draws = written.split(ERASE).slice(1);
    expect(draws[0]).toMatch(/pass 1\/2, 50\.0\/100\.0 MB {2}100\.0 MB\/s$/);
    expect(draws[2]).toMatch(/pass 2\/2, 10\.0\/100\.0 MB {2}10\.0 MB\/s {2}ETA 9\.0s$/);
  });

  it('on a terminal: a phase that ends at its first report draws nothing', () => {
    const io = fakeIo(true);
    const phase = stderrPhases(io, {})('evaluating on the training set', 'examples');
    phase.update(400, 400);
    phase.end();
    expect(io.err()).toBe('');
  });

  it('not a terminal: the plain lines after a second, as before', () => {
    const io = fakeIo(false);
    let clock = 0;
    const phase = stderrPhases(io, {}, () => clock)('evaluating on the test set', 'examples');
    phase.update(10, 100);
    clock = PROGRESS_DELAY_MS;
    phase.update(50, 100);
    phase.update(100, 100);
    phase.end();
    expect(io.err()).toBe('evaluating on the test set: 50%\nevaluating on the test set: 100%\n');
    expect(io.out()).toBe('');
  });

  it('withPhase erases the live line when the work throws, so the error starts a clean line', async () => {
    let written = '';
    let clock = 0;
    const phase = livePhase((text) => (written += text), 'reading bad.csv', 'bytes', { width: 80, style: plain, now: () => clock++ });
    await expect(
      withPhase(phase, (onProgress) => {
        onProgress(10, 100);
        throw new Error('bad.csv:3:1: not a number');
      }),
    ).rejects.toThrow('not a number');
    expect(written.endsWith(ERASE)).toBe(true);
    expect(written.split(ERASE)).toHaveLength(3);
  });

  it('--json with stderr on a terminal: the live line goes to stderr, stdout keeps only JSON', () => {
    const io = fakeIo(true);
    const reporter = createReporter('json', io, { env: { ANN_FORCE_TTY: '0' } });
    const phase = reporter.phase('evaluating on the training set', 'examples');
    phase.update(1, 10);
    phase.end();
    reporter.finish({ train: { cost: 0.1, accuracy: 1 }, elapsedSeconds: 1, stopReason: 'completed', iterations: 1, stepCosts: [0.1], parameterCount: 3 });
    expect(visible(io.err())).toMatch(/^⏎evaluating on the training set {2}10% .*⏎$/);
    expect(io.out().trimEnd().split('\n').map((line) => JSON.parse(line).type)).toEqual(['result']);
  });

  it('--quiet shows no progress', () => {
    const io = fakeIo(true);
    const phase = createReporter('quiet', io, { env: {} }).phase('reading big.csv', 'bytes');
    phase.update(1, 10);
    phase.end();
    expect(io.err()).toBe('');
  });

  it('terminal reporter: the training bar steps aside (erased on stdout) for the phase and comes back after it', () => {
    const io = fakeIo(true);
    const reporter = createReporter('text', io, { env: { ANN_FORCE_TTY: '1', NO_COLOR: '1', COLUMNS: '80' } });
    reporter.start({ layerSizes: [2, 4, 1], hidden: ['tanh'], output: 'sigmoid', dataName: 'flower', m: 400, learningRate: 1.2, mode: 'iterations', total: 10, totalSteps: 10, optimizer: 'gd', seed: 2 });
    reporter.step({ steps: 10, cost: 0.3 });
    const before = io.out();
    const phase = reporter.phase('evaluating on the training set', 'examples');
    expect(io.out().slice(before.length)).toBe(ERASE);
    phase.update(5, 10);
    phase.end();
    expect(visible(io.err())).toMatch(/^⏎evaluating on the training set {2}50% .*⏎$/);
    expect(visible(io.out().slice(before.length + ERASE.length))).toMatch(/^⏎100% .*iteration 10\/10/);
  });
});
