import { describe, expect, it } from 'vitest';
import { trainTestSplit } from './data/split';
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

describe('the learning diagnostics stay silent on healthy runs', () => {
  it('a validated run that keeps generalizing (no overfitting), and a softmax head above chance', () => {
    // Enough examples that the validation cost still falls at the end (0.1195, 95.5% accuracy).
    const train = datasets.moons({ m: 1000, noise: 0.2, seed: 1 });
    const validation = datasets.moons({ m: 200, noise: 0.2, seed: 2 });
    const net = new Network({ layers: [2, 8, 1], hidden: 'tanh', init: 'xavier', seed: 1 });
    expect(diagnose(net, train.X, train.Y, { learningRate: 0.5, iterations: 3000, recordEvery: 50, validationData: validation })).toEqual([]);
    const labels = Matrix.from([Array.from(train.X.data.subarray(0, 1000), (x) => (x < 0 ? 0 : x < 1 ? 1 : 2))]);
    const softmax = new Network({ layers: [2, 8, 3], hidden: 'tanh', output: 'softmax', seed: 2 });
    expect(diagnose(softmax, train.X, labels, { learningRate: 0.01, epochs: 60, batchSize: 32, optimizer: 'adam', recordEvery: 5 })).toEqual([]);
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

  it('stuckAtChance and symmetricUnits: zero initialization, full batch', () => {
    const net = new Network({ layers: [2, 4, 3, 1], hidden: 'tanh', init: 'zeros' });
    const events = diagnose(net, flower.X, flower.Y, { learningRate: 0.5, iterations: 1000 });
    const symmetric = events.find((e) => e.code === 'symmetricUnits')!;
    expect(symmetric).toMatchObject({ level: 'warning', layer: 1, quantity: 'W', iteration: 100, evidence: { layers: [1, 2], units: 4 } });
    expect(symmetric.message).toMatch(/^layer 1 \(and layer 2\): all 4 units still have identical weights and biases after 100 updates/);
    expect(symmetric.message).toMatch(/initialize the weights randomly/);
    const stuck = events.find((e) => e.code === 'stuckAtChance')!;
    // The fifth record at ≥ 500 updates: iterations 0..400 fill the window, 500 reports.
    expect(stuck).toMatchObject({ level: 'warning', iteration: 500, evidence: { accuracy: 0.5, majority: 0.5, updates: 500 } });
    expect(stuck.message).toMatch(/after 500 updates the training accuracy is still 50\.0%, no better than always predicting the most common class \(50\.0%\)/);
    expect(events.filter((e) => e.code === 'stuckAtChance' || e.code === 'symmetricUnits')).toHaveLength(2); // once per run
  });

  it('stuckAtChance: a learning rate of 1e-12 leaves a random network at chance on the circles', () => {
    const { X, Y } = datasets.circles({ seed: 1 });
    const events = diagnose(new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 1 }), X, Y, { learningRate: 1e-12, iterations: 600 });
    expect(codes(events)).toEqual(['stuckAtChance']);
    expect(events[0]!.message).toMatch(/it is 1e-12/);
  });

  it('stuckAtChance: mini-batches measure the epoch accuracy at recorded epochs, against the majority of unbalanced labels', () => {
    // 70% of the labels are 1: a zero-initialized softmax-free network learns only the bias, predicting 1 everywhere.
    const Y = new Matrix(1, 400, flower.Y.data.map((_, j) => (j % 10 < 7 ? 1 : 0)));
    const net = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'zeros' });
    const events = diagnose(net, flower.X, Y, { learningRate: 0.05, epochs: 100, batchSize: 64, recordEvery: 2 });
    const stuck = events.find((e) => e.code === 'stuckAtChance')!;
    expect(stuck.evidence.majority).toBeCloseTo(0.7, 15);
    expect(stuck.evidence.accuracy).toBeCloseTo(0.7, 15);
    expect(stuck.epoch! % 2).toBe(0);
    expect(stuck.evidence.updates as number).toBeGreaterThanOrEqual(500);
  });

  it('symmetricUnits: a constant initialization stays symmetric, and dropout breaks the symmetry', () => {
    const constant = (): Network => {
      const net = new Network({ layers: [2, 6, 1], hidden: 'tanh', seed: 2 });
      const p = net.getParameters();
      for (const M of Object.values(p)) M.data.fill(0.3);
      net.setParameters(p);
      return net;
    };
    const events = diagnose(constant(), flower.X, flower.Y, { learningRate: 0.1, iterations: 300 });
    expect(events.find((e) => e.code === 'symmetricUnits')).toMatchObject({ layer: 1, evidence: { layers: [1], units: 6 } });
    const dropped = diagnose(constant(), flower.X, flower.Y, { learningRate: 0.1, iterations: 300, keepProb: 0.8 });
    expect(codes(dropped)).not.toContain('symmetricUnits');
  });

  it('overfitting: a large network on 40 noisy examples, validated on 400', () => {
    const train = datasets.moons({ m: 40, noise: 0.35, seed: 5 });
    const validation = datasets.moons({ m: 400, noise: 0.35, seed: 6 });
    const net = new Network({ layers: [2, 40, 40, 1], hidden: 'relu', init: 'he', seed: 1 });
    const events = diagnose(net, train.X, train.Y, { learningRate: 0.01, iterations: 3000, optimizer: 'adam', recordEvery: 50, validationData: validation });
    const overfitting = events.find((e) => e.code === 'overfitting')!;
    expect(overfitting.level).toBe('warning');
    const recent = overfitting.evidence.recent as number[];
    expect(recent).toHaveLength(6);
    for (let i = 1; i < 6; i++) expect(recent[i]!).toBeGreaterThan(recent[i - 1]!);
    expect(overfitting.evidence.validation as number).toBeGreaterThan(1.1 * (overfitting.evidence.lowestValidation as number));
    expect(overfitting.evidence.train as number).toBeLessThan((overfitting.evidence.recentTrain as number[])[0]!);
    expect(overfitting.message).toMatch(/L2 regularization \(l2\), dropout \(keepProb below 1\), more training data/);
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

describe('costRising with mini-batch records', () => {
  const arch = { layers: [2, 3, 1], activations: ['linear', 'linear', 'linear'], output: 'sigmoid', batchNorm: false, batchNormEpsilon: 1e-5, leakyReluAlpha: 0.01, dtype: 'float64' } as const;
  /** Feeds epoch records `updatesPerEpoch` updates apart to a fresh monitor; the diagnostics it raised. */
  async function epochs(costs: number[], updatesPerEpoch: number): Promise<Diagnostic[]> {
    const { DiagnosticsMonitor } = await import('./diagnostics');
    const { Workspace } = await import('./propagation');
    const a = { ...arch, activations: [...arch.activations] };
    const ws = new Workspace(a, 4);
    const seen: Diagnostic[] = [];
    const monitor = new DiagnosticsMonitor(0.03, (d) => seen.push(d));
    costs.forEach((c, e) => monitor.checkRecord(c, { iteration: (e + 1) * updatesPerEpoch, epoch: e }, a, ws));
    return seen;
  }

  it('the 3-arm spiral with Adam (lr 0.03, batches of 32, a record every epoch): silent on a run that reaches 96%', () => {
    // The playground's run that was told "the learning rate 0.03 is likely too high" after a 1.3%
    // rise over 3 epochs of 8 updates: 240 training examples of the 3-arm spiral at 20% noise.
    const { X, Y } = datasets.spirals({ classes: 3, noise: 0.07, seed: 1 });
    const { XTrain: Xtrain, YTrain: Ytrain } = trainTestSplit(X, Y, { testFraction: 0.2, seed: 1 });
    expect(Xtrain.cols).toBe(240);
    const net = new Network({ layers: [2, 8, 8, 8, 3], hidden: 'tanh', output: 'softmax', init: 'xavier', seed: 2 });
    const costs: number[] = [];
    const events = diagnose(net, Xtrain, Ytrain, { learningRate: 0.03, optimizer: 'adam', epochs: 300, batchSize: 32, recordEvery: 1, onRecord: (r) => costs.push(r.cost) });
    // The records do wobble up, 3 in a row by more than 1%, as they did in the playground…
    const wobbles = costs.filter((c, e) => e >= 3 && costs[e - 2]! > costs[e - 3]! && costs[e - 1]! > costs[e - 2]! && c > costs[e - 1]! && c > 1.01 * costs[e - 3]!);
    expect(wobbles.length).toBeGreaterThan(0);
    // …but the run is healthy, and no diagnostic says otherwise.
    expect(net.evaluate(Xtrain, Ytrain).accuracy).toBeGreaterThan(0.95);
    expect(events.filter((e) => e.code === 'costRising')).toEqual([]);
  });

  it('compares the means of 100-update stretches: a wobbling descent is silent, a steady climb is caught', async () => {
    // 8 updates per epoch: a stretch is 13 epochs. A falling trend under a 4-epoch wobble of ±2.5%,
    // which rises 3 epochs in a row by more than 1% every time (what the old rule flagged).
    const wave = [0.98, 0.995, 1.01, 1.025];
    const wobble = Array.from({ length: 200 }, (_, e) => (1 - e / 400) * wave[e % 4]!);
    expect(wobble[3]! > 1.01 * wobble[0]! && wobble[2]! > wobble[1]! && wobble[1]! > wobble[0]!).toBe(true);
    expect((await epochs(wobble, 8)).filter((d) => d.code === 'costRising')).toEqual([]);
    // The same wobble on a cost that climbs 0.5% per epoch: caught once 4 stretches have risen.
    const climb = wobble.map((c, e) => c * 1.005 ** e);
    const [rising] = (await epochs(climb, 8)).filter((d) => d.code === 'costRising');
    expect(rising!.message).toMatch(/^the cost rose for 3 stretches of 100\+ updates in a row \(mean costs .* → .* → .* → .*\); the learning rate 0\.03 is likely too high$/);
    expect(rising!.epoch).toBe(4 * 13 - 1);
    expect(rising!.evidence.recordsPerStretch).toEqual([13, 13, 13, 13]);
  });

  it('epochs of 100 updates or more are compared one by one, as full-batch records are', async () => {
    const [rising] = await epochs([0.35, 0.3, 0.31, 0.32, 0.34], 150);
    expect(rising).toMatchObject({ code: 'costRising', epoch: 4, evidence: { recent: [0.3, 0.31, 0.32, 0.34] } });
    expect(rising!.message).toMatch(/^the cost rose for 3 records in a row/);
    expect(await epochs([0.35, 0.347983, 0.348115, 0.348299, 0.349133], 150)).toEqual([]);
  });

  it('a blow-up is still caught at the record where it happens', async () => {
    const [blown] = await epochs([1, 0.5, 0.4, 1.2], 8);
    expect(blown).toMatchObject({ code: 'costRising', epoch: 3, evidence: { cost: 1.2, lowest: 0.4, first: 1 } });
  });
});

describe('the monitor runs forever in constant memory', () => {
  it('takes 250000 records (spreading them into Math.min overflowed the stack near 125000) and keeps its trends', async () => {
    const { DiagnosticsMonitor } = await import('./diagnostics');
    const { Workspace } = await import('./propagation');
    const arch = { layers: [2, 3, 1], activations: ['linear', 'linear', 'linear'], output: 'sigmoid', batchNorm: false, batchNormEpsilon: 1e-5, leakyReluAlpha: 0.01, dtype: 'float64' } as const;
    const a = { ...arch, activations: [...arch.activations] };
    const ws = new Workspace(a, 4);
    const seen: Diagnostic[] = [];
    const monitor = new DiagnosticsMonitor(0.01, (d) => seen.push(d));
    for (let i = 0; i < 250_000; i++) monitor.checkRecord(1 / (1 + i), { iteration: i }, a, ws);
    expect(seen).toEqual([]);
    // The first, lowest and recent costs are still those of the whole run.
    monitor.checkRecord(3, { iteration: 250_000 }, a, ws);
    expect(seen[0]).toMatchObject({ code: 'costRising', evidence: { cost: 3, first: 1, lowest: 1 / 250_000 } });
  });

  it('restartTrends forgets the costs before a live change (which alone may raise the cost) and names the new rate', async () => {
    const { DiagnosticsMonitor } = await import('./diagnostics');
    const { Workspace } = await import('./propagation');
    const arch = { layers: [2, 3, 1], activations: ['linear', 'linear', 'linear'], output: 'sigmoid', batchNorm: false, batchNormEpsilon: 1e-5, leakyReluAlpha: 0.01, dtype: 'float64' } as const;
    const a = { ...arch, activations: [...arch.activations] };
    const ws = new Workspace(a, 4);
    const run = (restart: boolean): Diagnostic[] => {
      const seen: Diagnostic[] = [];
      const monitor = new DiagnosticsMonitor(0.01, (d) => seen.push(d));
      monitor.checkRecord(0.3, { iteration: 0 }, a, ws);
      monitor.checkRecord(0.2, { iteration: 1 }, a, ws);
      if (restart) monitor.restartTrends(2, 0.5);
      monitor.checkRecord(0.5, { iteration: 2 }, a, ws);
      monitor.checkRecord(1.2, { iteration: 3 }, a, ws);
      return seen;
    };
    expect(run(false)[0]!.message).toMatch(/climbed to 0\.5, over 2× its lowest value 0\.2; the learning rate 0\.01/);
    expect(run(true)[0]!.message).toMatch(/climbed to 1\.2, over 2× its lowest value 0\.5; the learning rate 0\.5/);
  });
});

describe('majorityShare', () => {
  it('is the largest class share for softmax, and the mean over sigmoid rows of the more common label', async () => {
    const { majorityShare } = await import('./diagnostics');
    expect(majorityShare('softmax', Matrix.from([[1, 0, 0, 0], [0, 1, 1, 1], [0, 0, 0, 0]]))).toBe(0.75);
    expect(majorityShare('sigmoid', Matrix.from([[1, 1, 1, 0]]))).toBe(0.75);
    expect(majorityShare('sigmoid', Matrix.from([[1, 1, 1, 0], [0, 0, 1, 1]]))).toBe(0.625);
  });
});
