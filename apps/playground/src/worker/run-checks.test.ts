// Core's whole-run checks in the playground (runSetupDiagnostics, runOutcomeDiagnostics): each one
// the page can provoke is raised once, with the first snapshot of the run (setup) or at the end of
// the first frame ten updates on (noProgress), and the default run says none of them. And the
// frame budget: with many examples a frame ends early, at an epoch boundary, with the same bits.
import { describe, expect, it } from 'vitest';
import { FRAME_BUDGET_MS, type DiagnosticItem, type DrawnData, type LiveSettings, type Snapshot, type StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { PlaygroundSession } from './session';
import { ringsCsv } from './test-support/circles';

const STRUCTURE: StructureSettings = { ...COURSE_STRUCTURE };
const LIVE: LiveSettings = { ...COURSE_LIVE };
const RUN_CODES = ['singleClass', 'fewExamples', 'vanishingInputs', 'learningRateVanishes', 'noProgress'];

const codes = (items: readonly DiagnosticItem[]) => items.map((d) => d.code);
/** The run-check codes among a run's diagnostics. */
const runCodes = (items: readonly DiagnosticItem[]) => codes(items).filter((c) => RUN_CODES.includes(c));

describe('whole-run checks', () => {
  it('the default run raises none of them, over its first 300 epochs in frames of 10', () => {
    const s = new PlaygroundSession();
    const seen = [...s.configure(STRUCTURE, LIVE).snapshot.diagnostics];
    for (let k = 0; k < 30; k++) seen.push(...s.step(10).diagnostics);
    expect(runCodes(seen)).toEqual([]);
  });

  it('an uploaded file whose labels are all one class: singleClass with the first snapshot, again after a Reset, once', () => {
    const s = new PlaygroundSession();
    const ready = s.uploadData(ringsCsv(200, 0), 'zeros.csv', null, STRUCTURE, LIVE);
    expect(ready.uploaded).toMatchObject({ problem: 'classification', classes: 2 });
    const [single] = ready.snapshot.diagnostics.filter((d) => d.code === 'singleClass');
    expect(single).toMatchObject({ level: 'warning', iteration: 0 });
    expect(single!.message).toMatch(/every training label is the same class \(0\)/);
    expect(runCodes(s.step(20).diagnostics)).toEqual([]);
    expect(runCodes(s.reset().diagnostics)).toEqual(['singleClass']);
    // The same file with both classes says nothing.
    expect(runCodes(s.uploadData(ringsCsv(200), 'rings.csv', null, STRUCTURE, LIVE).snapshot.diagnostics)).toEqual([]);
  });

  it('a drawing of 6 points on a blank plane: fewExamples, naming the points held out for testing', () => {
    const s = new PlaygroundSession();
    const drawn: DrawnData = { blank: true, x1: [-2, -1.5, -1, 1, 1.5, 2], x2: [0, 0.5, -0.5, 0, 0.5, -0.5], y: [0, 0, 0, 1, 1, 1] };
    const ready = s.configure({ ...STRUCTURE, trainPercent: 70 }, LIVE, false, { drawn });
    const few = ready.snapshot.diagnostics.find((d) => d.code === 'fewExamples');
    expect(few?.message).toMatch(/^only 4 training examples \(2 more are held out for testing/);
    // A generated dataset at the smallest training share still has enough.
    expect(runCodes(s.configure({ ...STRUCTURE, trainPercent: 10 }, LIVE).snapshot.diagnostics)).toEqual([]);
  });

  it('inputs of 1e-200: vanishingInputs', () => {
    const s = new PlaygroundSession();
    const lines = ['a,b,y', ...Array.from({ length: 40 }, (_, j) => `${(j + 1) * 1e-200},${(40 - j) * 1e-200},${j % 2}`)];
    const ready = s.uploadData(`${lines.join('\n')}\n`, 'tiny.csv', null, STRUCTURE, LIVE);
    expect(runCodes(ready.snapshot.diagnostics)).toEqual(['vanishingInputs']);
  });

  it('a learning rate of 1e-12: noProgress at the end of the first frame ten updates on, naming the rate, once', () => {
    const s = new PlaygroundSession();
    s.configure(STRUCTURE, { ...LIVE, learningRate: 1e-12 });
    // Nine full-batch updates are too few to judge.
    expect(runCodes(s.step(9).diagnostics)).toEqual([]);
    const [stalled] = s.step(1).diagnostics.filter((d) => d.code === 'noProgress');
    expect(stalled).toMatchObject({ level: 'warning', iteration: 10, epoch: 10 });
    expect(stalled!.message).toMatch(/after 10 updates the parameters moved by .* of their size.*The learning rate 1e-12 is too small/);
    const later: DiagnosticItem[] = [];
    for (let k = 0; k < 5; k++) later.push(...s.step(10).diagnostics);
    expect(runCodes(later)).toEqual([]);
  });

  it('the learning rate lowered to 1e-12 during a run: noProgress ten updates later; raising it again is silent', () => {
    const s = new PlaygroundSession();
    s.configure(STRUCTURE, LIVE);
    expect(runCodes(s.step(50).diagnostics)).toEqual([]);
    s.setLive({ ...LIVE, learningRate: 1e-12 });
    expect(runCodes(s.step(10).diagnostics)).toEqual(['noProgress']);
    s.setLive(LIVE);
    expect(runCodes([...s.step(10).diagnostics, ...s.step(10).diagnostics])).toEqual([]);
  });

  it('mini-batches: updates count, not epochs (an epoch of 20 batches is enough to judge)', () => {
    const s = new PlaygroundSession();
    s.uploadData(ringsCsv(400), 'rings.csv', null, { ...STRUCTURE, batchSize: 16 }, { ...LIVE, learningRate: 1e-12 });
    const shot = s.step(1);
    expect(shot.iteration).toBe(20);
    expect(runCodes(shot.diagnostics)).toEqual(['noProgress']);
  });

  it('a hand-edited weight is not progress: the check measures from the edit', () => {
    const s = new PlaygroundSession();
    const ready = s.configure(STRUCTURE, { ...LIVE, learningRate: 1e-12 });
    s.step(5);
    s.edit(1, 'W', 0, 0, ready.snapshot.W[0]![0]! + 1);
    expect(runCodes(s.step(5).diagnostics)).toEqual([]);
    expect(runCodes(s.step(5).diagnostics)).toEqual(['noProgress']);
  });
});

describe('the frame budget', () => {
  const text = ringsCsv(10_000);

  it('with 10,000 examples a frame stops at the first epoch boundary past its budget, bit for bit as unbudgeted frames', () => {
    const budgeted = new PlaygroundSession();
    budgeted.uploadData(text, 'rings.csv', null, STRUCTURE, LIVE);
    // A budget every epoch exceeds: one epoch per frame.
    let shot: Snapshot | null = null;
    for (let k = 1; k <= 5; k++) {
      shot = budgeted.step(10, 1e-6);
      expect(shot.epoch).toBe(k);
      expect(shot.shortened).toBe(true);
    }
    const plain = new PlaygroundSession();
    plain.uploadData(text, 'rings.csv', null, STRUCTURE, LIVE);
    const reference = plain.step(5);
    expect(shot!.W).toEqual(reference.W);
    expect(shot!.b).toEqual(reference.b);
    expect(shot!.trainCost).toBe(reference.trainCost);
    expect(reference.shortened).toBeUndefined();
    // A frame of one step is never cut short: the budget ends frames only between epochs.
    expect(budgeted.step(1, 1e-6).shortened).toBeUndefined();
    expect(budgeted.step(10, Number.POSITIVE_INFINITY).epoch).toBe(16);
  });

  it('the worker’s budget answers a frame of 100,000 epochs on 10,000 examples within a second', () => {
    const s = new PlaygroundSession();
    s.uploadData(text, 'rings.csv', null, STRUCTURE, LIVE);
    const started = performance.now();
    const shot = s.step(100_000, FRAME_BUDGET_MS);
    const took = performance.now() - started;
    expect(shot.epoch).toBeGreaterThanOrEqual(1);
    expect(shot.epoch).toBeLessThan(100_000);
    expect(took).toBeLessThan(1_000);
  });

  it('refuses a budget that is not a positive number', () => {
    const s = new PlaygroundSession();
    s.configure(STRUCTURE, LIVE);
    expect(() => s.step(1, 0)).toThrow(/time budget must be a positive number of milliseconds, got 0/);
    expect(() => s.step(1, Number.NaN)).toThrow(/got NaN/);
  });
});
