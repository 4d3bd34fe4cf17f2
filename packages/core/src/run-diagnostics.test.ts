/**
 * Issue 13, item 4: the whole-run checks, each provoked by the setting the issue reproduced, and
 * silent on the course's healthy planar run.
 */
import { describe, expect, it } from 'vitest';
import { datasets } from './datasets/index';
import { Matrix } from './matrix';
import { Network } from './network';
import { runOutcomeDiagnostics, runSetupDiagnostics, type RunSettings } from './run-diagnostics';

const { X, Y } = datasets.planarFlower({ m: 200, seed: 3 });
const plain: RunSettings = { learningRate: 1.2, lastStep: 299 };
const codes = (found: { code: string }[]) => found.map((d) => d.code);

/** Trains like the CLI (full batch) and returns the outcome checks. */
function outcome(fit: { learningRate: number; decay?: number; clipNorm?: number }, init: 'random' | 'zeros' = 'random', iterations = 300) {
  const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init, initScale: 0.01, seed: 2 });
  const start = net.getParameters();
  const trainer = net.trainer(X, Y, { iterations, ...fit });
  while (trainer.step() !== null);
  const schedule = fit.decay !== undefined ? ({ type: 'inverseTime', decayRate: fit.decay } as const) : null;
  return runOutcomeDiagnostics(start, net.getParameters(), iterations, { learningRate: fit.learningRate, schedule, lastStep: iterations - 1, ...(fit.clipNorm !== undefined ? { clipNorm: fit.clipNorm } : {}) });
}

describe('runSetupDiagnostics', () => {
  it('is silent on the course’s planar data', () => {
    expect(runSetupDiagnostics({ X, Y, output: 'sigmoid' }, plain)).toEqual([]);
  });

  it('all labels one class: singleClass, naming the class (binary and one-hot)', () => {
    const ones = new Matrix(1, 200, new Float64Array(200).fill(1));
    const [d] = runSetupDiagnostics({ X, Y: ones, output: 'sigmoid' }, plain);
    expect(d).toMatchObject({ code: 'singleClass', level: 'warning', iteration: 0, evidence: { label: 1, m: 200 } });
    const oneHot = new Matrix(3, 4, Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]));
    expect(runSetupDiagnostics({ X: new Matrix(2, 4, Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8])), Y: oneHot, output: 'softmax' }, plain).find((e) => e.code === 'singleClass')?.evidence.label).toBe(2);
    // Regression targets may be constant without a class to speak of.
    expect(codes(runSetupDiagnostics({ X, Y: ones, output: 'linear' }, plain))).toEqual([]);
  });

  it('a single example, or a split that leaves 2: fewExamples (and no singleClass for one example)', () => {
    const one = runSetupDiagnostics({ X: new Matrix(2, 1, Float64Array.from([0.5, 1])), Y: new Matrix(1, 1, Float64Array.from([1])), output: 'sigmoid' }, plain);
    expect(codes(one)).toEqual(['fewExamples']);
    expect(one[0]!.message).toMatch(/^only 1 training example: /);
    const split = runSetupDiagnostics({ X: new Matrix(2, 2, Float64Array.from([0, 1, 1, 0])), Y: new Matrix(1, 2, Float64Array.from([0, 1])), output: 'sigmoid', heldOut: 198 }, plain);
    expect(split[0]).toMatchObject({ code: 'fewExamples', evidence: { m: 2, heldOut: 198 } });
    expect(split[0]!.message).toContain('198 more are held out');
  });

  it('inputs divided by 1e300: vanishingInputs', () => {
    const tiny = new Matrix(X.rows, X.cols, X.data.map((x) => x / 1e300));
    const [d] = runSetupDiagnostics({ X: tiny, Y, output: 'sigmoid' }, plain);
    expect(d!.code).toBe('vanishingInputs');
    expect(Number(d!.evidence.maxAbs)).toBeLessThan(1e-299);
  });

  it('decay 1e12: learningRateVanishes; decay 0.01 over 300 steps is fine', () => {
    expect(codes(runSetupDiagnostics({ X, Y, output: 'sigmoid' }, { ...plain, schedule: { type: 'inverseTime', decayRate: 1e12 } }))).toEqual(['learningRateVanishes']);
    expect(runSetupDiagnostics({ X, Y, output: 'sigmoid' }, { ...plain, schedule: { type: 'inverseTime', decayRate: 0.01 } })).toEqual([]);
  });
});

describe('runOutcomeDiagnostics', () => {
  it('is silent on the course’s planar run', () => {
    expect(outcome({ learningRate: 1.2 })).toEqual([]);
  });

  it('lr 1e-12: noProgress, cause learningRate', () => {
    const [d] = outcome({ learningRate: 1e-12 });
    expect(d).toMatchObject({ code: 'noProgress', iteration: 300, evidence: { cause: 'learningRate' } });
    expect(d!.message).toContain('The learning rate 1e-12 is too small');
  });

  it('clip 1e-300: noProgress, cause clipNorm', () => {
    const [d] = outcome({ learningRate: 1.2, clipNorm: 1e-300 });
    expect(d).toMatchObject({ code: 'noProgress', evidence: { cause: 'clipNorm', relativeChange: 0 } });
    expect(d!.message).toContain('did not move at all');
  });

  it('init zeros in a run too short for a record: symmetricUnits, in the per-record check’s words', () => {
    const [d] = outcome({ learningRate: 1.2 }, 'zeros', 50);
    expect(d).toMatchObject({ code: 'symmetricUnits', layer: 1, iteration: 50, evidence: { layers: [1], units: 4 } });
    expect(d!.message).toMatch(/^layer 1: all 4 units still have identical weights and biases after 50 updates/);
  });
});
