import { describe, expect, it } from 'vitest';
import { datasets } from './datasets/index';
import type { Diagnostic } from './diagnostics';
import { Matrix } from './matrix';
import { Network } from './network';
import type { FitOptions } from './trainer';

const flower = datasets.planarFlower();

function diagnose(net: Network, X: Matrix, Y: Matrix, options: FitOptions): Diagnostic[] {
  const seen: Diagnostic[] = [];
  const result = net.fit(X, Y, { ...options, onDiagnostic: (d) => seen.push(d) });
  expect(result.diagnostics).toEqual(seen);
  return seen;
}

const codes = (events: Diagnostic[]): string[] => [...new Set(events.map((e) => e.code))].sort();

describe('diagnostics stay silent on healthy runs', () => {
  it('the course’s planar run', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
    expect(diagnose(net, flower.X, flower.Y, { learningRate: 1.2, iterations: 10000, recordEvery: 100 })).toEqual([]);
  });

  it('relu + Adam on moons in mini-batches', () => {
    const { X, Y } = datasets.moons();
    const net = new Network({ layers: [2, 5, 2, 1], hidden: 'relu', init: 'he', seed: 3 });
    expect(diagnose(net, X, Y, { learningRate: 0.0007, epochs: 300, batchSize: 64, optimizer: 'adam', recordEvery: 10 })).toEqual([]);
  });
});

describe('each diagnostic is provoked', () => {
  it('costRising: lr 1e3 on the flower', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
    const events = diagnose(net, flower.X, flower.Y, { learningRate: 1e3, iterations: 300, recordEvery: 10 });
    const rising = events.find((e) => e.code === 'costRising')!;
    expect(rising.level).toBe('warning');
    expect(rising.message).toMatch(/the learning rate 1000 is likely too high/);
    expect(rising.evidence.cost as number).toBeGreaterThan(2 * (rising.evidence.lowest as number));
  });

  it('unnormalizedInputs: pixel values left in 0..255', () => {
    const X = new Matrix(2, 400, flower.X.data.map((v) => Math.round((v + 5) * 25)));
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 });
    const events = diagnose(net, X, flower.Y, { learningRate: 0.001, iterations: 1 });
    expect(codes(events)).toContain('unnormalizedInputs');
    expect(events[0]!.message).toMatch(/^inputs look unnormalized: feature \d reaches \d+/);
  });

  it('unnormalizedInputs: its one-pass standard deviations match the two-pass ones, even far from zero', () => {
    const m = 400;
    const X = new Matrix(2, m);
    for (let j = 0; j < m; j++) {
      X.data[j] = 1e6 + Math.sin(j * 0.37); // std ≈ 0.7 around a mean of a million
      X.data[m + j] = Math.cos(j * 1.1) * 1e-3;
    }
    const std = (row: number): number => {
      const values = Array.from(X.data.subarray(row * m, (row + 1) * m));
      const mean = values.reduce((s, v) => s + v, 0) / m;
      return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / m);
    };
    const events = diagnose(new Network({ layers: [2, 4, 1], seed: 2 }), X, flower.Y, { learningRate: 0.01, iterations: 1 });
    const evidence = events.find((e) => e.code === 'unnormalizedInputs')!.evidence as { maxStd: number; minStd: number };
    expect(Math.abs(evidence.maxStd - std(0)) / std(0)).toBeLessThan(1e-9);
    expect(Math.abs(evidence.minStd - std(1)) / std(1)).toBeLessThan(1e-12);
  });

  it('unnormalizedInputs: features on very different scales', () => {
    const X = flower.X.clone();
    for (let j = 0; j < 400; j++) X.data[400 + j] = X.data[400 + j]! / 100;
    const events = diagnose(new Network({ layers: [2, 4, 1], seed: 2 }), X, flower.Y, { learningRate: 0.01, iterations: 1 });
    expect(events.map((e) => e.message).join()).toMatch(/feature 0 has standard deviation .* but feature 1/);
  });

  it('saturatedUnits: tanh with weights drawn ×100', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 100, seed: 2 });
    const events = diagnose(net, flower.X, flower.Y, { learningRate: 0.01, iterations: 1 });
    const saturated = events.find((e) => e.code === 'saturatedUnits')!;
    expect(saturated.layer).toBe(1);
    expect(saturated.evidence.fraction as number).toBeGreaterThan(0.9);
  });

  it('deadRelu: a hidden layer whose units never fire', () => {
    const net = new Network({ layers: [2, 6, 1], hidden: 'relu', seed: 2 });
    const p = net.getParameters();
    p.b1!.data.fill(-50);
    net.setParameters(p);
    const events = diagnose(net, flower.X, flower.Y, { learningRate: 0.01, iterations: 1 });
    const dead = events.find((e) => e.code === 'deadRelu')!;
    expect(dead.evidence).toMatchObject({ dead: 6, units: 6 });
  });

  it('explodingGradients: regression targets in the millions', () => {
    const Y = new Matrix(1, 400, flower.X.data.slice(0, 400).map((v) => v * 1e6));
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', output: 'linear', seed: 2 });
    const events = diagnose(net, flower.X, Y, { learningRate: 1e-9, iterations: 1 });
    expect(codes(events)).toContain('explodingGradients');
  });

  it('vanishingGradients: twelve sigmoid layers', () => {
    const net = new Network({ layers: [2, ...Array.from({ length: 12 }, () => 8), 1], hidden: 'sigmoid', seed: 2 });
    const events = diagnose(net, flower.X, flower.Y, { learningRate: 0.01, iterations: 1 });
    const vanishing = events.find((e) => e.code === 'vanishingGradients')!;
    expect(vanishing.layer).toBe(1);
    expect((vanishing.evidence.norms as number[])[0]!).toBeLessThan(1e-5 * (vanishing.evidence.norms as number[])[12]!);
  });

  it('nonFinite: stops training and names where', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'relu', init: 'random', seed: 2 });
    const events: Diagnostic[] = [];
    expect(() => net.fit(flower.X, flower.Y, { learningRate: 1e9, iterations: 100, onDiagnostic: (d) => events.push(d) })).toThrow(
      /became NaN or Infinity/,
    );
    expect(events.at(-1)).toMatchObject({ level: 'error', code: 'nonFinite' });
    expect(events.at(-1)!.quantity).toMatch(/^(Z|A)\d$/);
  });

  it('can be switched off', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
    expect(diagnose(net, flower.X, flower.Y, { learningRate: 1e3, iterations: 100, recordEvery: 10, diagnostics: false })).toEqual([]);
  });
});

describe('costRising tolerance', () => {
  it('ignores a plateau that wobbles by less than 1%, and flags a real climb', async () => {
    const { DiagnosticsMonitor } = await import('./diagnostics');
    const { Workspace } = await import('./propagation');
    const arch = { layers: [2, 3, 1], activations: ['linear', 'linear', 'linear'], output: 'sigmoid', batchNorm: false, batchNormEpsilon: 1e-5, leakyReluAlpha: 0.01, dtype: 'float64' } as const;
    const ws = new Workspace({ ...arch, activations: [...arch.activations] }, 4);
    const run = (costs: number[]): string[] => {
      const seen: string[] = [];
      const monitor = new DiagnosticsMonitor(0.01, (d) => seen.push(d.code));
      costs.forEach((c, i) => monitor.checkRecord(c, { iteration: i }, { ...arch, activations: [...arch.activations] }, ws));
      return seen;
    };
    // From a healthy moons + Adam run at its plateau (reported by the playground).
    expect(run([0.35, 0.347983, 0.348115, 0.348299, 0.349133])).toEqual([]);
    expect(run([0.35, 0.3, 0.31, 0.32, 0.34])).toEqual(['costRising']);
  });
});
