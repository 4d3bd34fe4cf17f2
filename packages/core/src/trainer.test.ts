import { describe, expect, it } from 'vitest';
import type { Backend } from './backend/backend';
import { referenceBackend } from './backend/reference';
import { setBackend, useBackend } from './backend/index';
import { datasets } from './datasets/index';
import { AnnError, DivergenceError } from './errors';
import { gradientCheck } from './gradient-check';
import { Matrix } from './matrix';
import { Network, type NetworkOptions } from './network';
import { OPTIMIZERS } from './optimizers';
import { RandomState } from './random';
import { scheduledLearningRate } from './schedules';
import type { FitOptions, TrainingCheckpoint } from './trainer';

const moons = datasets.moons({ m: 150, noise: 0.2, seed: 3 });
const flower = datasets.planarFlower({ m: 100, seed: 4 });

const netOptions: NetworkOptions = { layers: [2, 6, 4, 1], hidden: 'relu', init: 'he', seed: 3 };

describe('Trainer: resuming', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: a run stopped mid-epoch and resumed from JSON equals an uninterrupted run bit for bit`, () => {
      // Dropout and the network's own shuffles both draw from its generator, so its state must travel too.
      const options: FitOptions = { learningRate: 0.01, epochs: 12, batchSize: 32, optimizer, keepProb: 0.9, l2: 0.05, recordEvery: 1 };
      const whole = new Network(netOptions);
      const expected = whole.fit(moons.X, moons.Y, options);

      const first = new Network(netOptions);
      const trainer = first.trainer(moons.X, moons.Y, options);
      for (let k = 0; k < 23; k++) trainer.step(); // 23 updates: epoch 4, mini-batch 3 of 5
      const saved = JSON.stringify({ model: first.toJSON(), checkpoint: trainer.checkpoint() });
      const costsBefore = trainer.result().costs;

      const { model, checkpoint } = JSON.parse(saved) as { model: unknown; checkpoint: TrainingCheckpoint };
      const resumed = Network.fromJSON(model);
      const rest = resumed.fit(moons.X, moons.Y, { ...options, resume: checkpoint });
      expect(resumed.getParameters()).toEqual(whole.getParameters());
      expect([...costsBefore, ...rest.costs]).toEqual(expected.costs);
      expect(resumed.iterationsTrained).toBe(whole.iterationsTrained);
    });
  }

  it('resumes a full-batch run with a schedule at any iteration', () => {
    const options: FitOptions = { learningRate: 0.5, iterations: 40, optimizer: 'adam', decay: 0.1, recordEvery: 5 };
    const whole = new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 });
    whole.fit(flower.X, flower.Y, options);
    const part = new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 });
    const trainer = part.trainer(flower.X, flower.Y, options);
    for (let k = 0; k < 17; k++) trainer.step();
    part.fit(flower.X, flower.Y, { ...options, resume: JSON.parse(JSON.stringify(trainer.checkpoint())) });
    expect(part.getParameters()).toEqual(whole.getParameters());
  });

  it('refuses a checkpoint from another mode or optimizer', () => {
    const net = new Network(netOptions);
    const trainer = net.trainer(moons.X, moons.Y, { learningRate: 0.01, epochs: 2, batchSize: 50, optimizer: 'adam' });
    trainer.step();
    const checkpoint = trainer.checkpoint();
    expect(() => net.fit(moons.X, moons.Y, { learningRate: 0.01, iterations: 5, resume: checkpoint })).toThrow('taken in epochs mode but this run uses iterations');
    expect(() => net.fit(moons.X, moons.Y, { learningRate: 0.01, epochs: 2, batchSize: 50, optimizer: 'momentum', resume: checkpoint })).toThrow(
      'the saved optimizer is "adam" but this run uses "momentum"',
    );
  });
});

describe('Trainer: mini-batches, stopping and callbacks', () => {
  it('records epochs with the course’s epoch cost and counts updates', () => {
    const net = new Network(netOptions);
    const batchCosts: number[][] = [[]];
    const epochs: number[] = [];
    const result = net.fit(moons.X, moons.Y, {
      learningRate: 0.01,
      epochs: 3,
      batchSize: 64,
      recordEvery: 1,
      onBatchEnd: (b) => {
        (batchCosts[b.epoch] ??= []).push(b.cost * b.size);
      },
      onEpochEnd: (e) => epochs.push(e.epoch),
    });
    expect(epochs).toEqual([0, 1, 2]);
    expect(result.iterations).toBe(9); // ⌈150 / 64⌉ = 3 mini-batches per epoch
    expect(result.costs.map((c) => c.epoch)).toEqual([0, 1, 2]);
    for (let e = 0; e < 3; e++) {
      const total = batchCosts[e]!.reduce((a, b) => a + b, 0);
      expect(result.costs[e]!.cost).toBeCloseTo(total / 150, 14);
    }
  });

  it('shuffleSeed reproduces a gather by RandomState(seed).permutation', () => {
    // One epoch with one mini-batch of all examples in permuted order equals full-batch training on the
    // permuted data, apart from the order of summation, which changes nothing at 1e-15.
    const perm = new RandomState(42).permutation(150);
    const Xp = new Matrix(2, 150);
    const Yp = new Matrix(1, 150);
    perm.forEach((p, k) => {
      Xp.data[k] = moons.X.data[p]!;
      Xp.data[150 + k] = moons.X.data[150 + p]!;
      Yp.data[k] = moons.Y.data[p]!;
    });
    const a = new Network(netOptions);
    a.fit(moons.X, moons.Y, { learningRate: 0.1, epochs: 2, batchSize: 149, shuffleSeed: () => 42 });
    const b = new Network(netOptions);
    b.fit(Xp.sliceColumns(0, 149), Yp.sliceColumns(0, 149), { learningRate: 0.1, iterations: 1 });
    b.fit(Xp.sliceColumns(149, 150), Yp.sliceColumns(149, 150), { learningRate: 0.1, iterations: 1 });
    b.fit(Xp.sliceColumns(0, 149), Yp.sliceColumns(0, 149), { learningRate: 0.1, iterations: 1 });
    b.fit(Xp.sliceColumns(149, 150), Yp.sliceColumns(149, 150), { learningRate: 0.1, iterations: 1 });
    const pa = a.getParameters();
    const pb = b.getParameters();
    for (const k of Object.keys(pa)) pa[k]!.data.forEach((v, i) => expect(v).toBeCloseTo(pb[k]!.data[i]!, 13));
  });

  it('stops on an AbortSignal at the end of the current step', () => {
    const controller = new AbortController();
    const net = new Network(netOptions);
    const result = net.fit(moons.X, moons.Y, {
      learningRate: 0.01,
      iterations: 1000,
      recordEvery: 10,
      onRecord: (r) => {
        if (r.iteration === 30) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.stopReason).toBe('aborted');
    expect(result.iterations).toBe(31);
    expect(net.iterationsTrained).toBe(31);
  });

  it('early stopping restores the best weights', () => {
    const train = datasets.moons({ m: 60, noise: 0.3, seed: 5 });
    const validation = datasets.moons({ m: 200, noise: 0.3, seed: 6 });
    const net = new Network({ layers: [2, 40, 40, 1], hidden: 'relu', init: 'he', seed: 1 });
    const result = net.fit(train.X, train.Y, {
      learningRate: 0.05,
      iterations: 4000,
      optimizer: 'adam',
      recordEvery: 50,
      validationData: validation,
      earlyStopping: { patience: 5 },
    });
    expect(result.stopReason).toBe('earlyStopping');
    const best = Math.min(...result.costs.map((c) => c.validation!.cost));
    expect(net.evaluate(validation.X, validation.Y).cost).toBeCloseTo(best, 12);
    expect(result.costs.at(-1)!.validation!.cost).toBeGreaterThan(best);
  });

  it('fitAsync yields to the event loop and ends like fit', async () => {
    const a = new Network(netOptions);
    const b = new Network(netOptions);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const result = await a.fitAsync(moons.X, moons.Y, { learningRate: 0.01, iterations: 3000 });
    clearInterval(timer);
    b.fit(moons.X, moons.Y, { learningRate: 0.01, iterations: 3000 });
    expect(a.getParameters()).toEqual(b.getParameters());
    expect(result.stopReason).toBe('completed');
    expect(ticks).toBeGreaterThanOrEqual(0); // the timer may or may not fire on a fast machine
  });

  it('reports validation cost and accuracy with each record', () => {
    const net = new Network(netOptions);
    const { costs } = net.fit(moons.X, moons.Y, { learningRate: 0.01, iterations: 20, recordEvery: 10, validationData: flower });
    expect(costs).toHaveLength(2);
    expect(costs[0]!.validation!.cost).toBeGreaterThan(0);
    expect(costs[0]!.validation!.accuracy).toBeGreaterThanOrEqual(0);
  });
});

describe('Trainer: schedules and clipping', () => {
  it('computes the schedules', () => {
    expect(scheduledLearningRate(0.1, { type: 'inverseTime', decayRate: 1 }, 3)).toBeCloseTo(0.025, 15);
    expect(scheduledLearningRate(0.1, { type: 'inverseTime', decayRate: 1, timeInterval: 1000 }, 2500)).toBeCloseTo(0.1 / 3, 15);
    expect(scheduledLearningRate(0.1, { type: 'exponential', decayRate: 0.5, decaySteps: 2 }, 4)).toBeCloseTo(0.025, 15);
    expect(scheduledLearningRate(0.1, { type: 'step', factor: 0.1, every: 10 }, 25)).toBeCloseTo(0.001, 15);
    expect(scheduledLearningRate(0.1, null, 25)).toBe(0.1);
  });

  it('records the learning rate in effect', () => {
    const net = new Network(netOptions);
    const { costs } = net.fit(moons.X, moons.Y, { learningRate: 0.1, epochs: 3, batchSize: 50, decay: 1, recordEvery: 1 });
    expect(costs.map((c) => c.learningRate)).toEqual([0.1, 0.05, 0.1 / 3]);
  });

  it('clipValue and clipNorm bound the step', () => {
    const clipped = new Network({ layers: [2, 1], init: 'zeros' });
    const before = clipped.getParameters().W1!.data.slice();
    clipped.fit(flower.X, flower.Y, { learningRate: 1, iterations: 1, clipValue: 1e-3 });
    clipped.getParameters().W1!.data.forEach((w, i) => expect(Math.abs(w - before[i]!)).toBeLessThanOrEqual(1e-3 + 1e-18));
    const normed = new Network({ layers: [2, 1], init: 'zeros' });
    normed.fit(flower.X, flower.Y, { learningRate: 1, iterations: 1, clipNorm: 1e-3 });
    const p = normed.getParameters();
    const step = Math.hypot(...p.W1!.data, ...p.b1!.data);
    expect(step).toBeLessThanOrEqual(1e-3 * (1 + 1e-12));
  });
});

describe('Trainer: option errors', () => {
  const net = new Network(netOptions);
  const bad: [Partial<FitOptions>, string][] = [
    [{ iterations: 5, epochs: 5 }, 'give either iterations (full-batch steps) or epochs (passes in mini-batches), not both'],
    [{}, 'not neither'],
    [{ iterations: 5, batchSize: 10 }, 'batchSize needs epochs'],
    [{ iterations: 5, optimizer: 'sgd' as never }, 'unknown optimizer "sgd"'],
    [{ iterations: 5, beta1: 1 }, 'beta1 must be in [0, 1)'],
    [{ iterations: 5, l2: -1 }, 'l2 must be a non-negative finite number'],
    [{ iterations: 5, keepProb: 0 }, 'keepProb must be in (0, 1]'],
    [{ iterations: 5, keepProb: [0.5] }, 'keepProb lists 1 values but the network has 2 hidden layers'],
    [{ iterations: 5, decay: 1, schedule: { type: 'step', factor: 0.5, every: 2 } }, 'give decay or schedule, not both'],
    [{ iterations: 5, schedule: { type: 'cosine' } as never }, "schedule.type must be 'inverseTime', 'exponential' or 'step'"],
    [{ iterations: 5, earlyStopping: { patience: 3 } }, 'earlyStopping needs validationData'],
    [{ iterations: 5, clipNorm: 0 }, 'clipNorm must be a positive finite number'],
    [{ epochs: 2, batchSize: 0 }, 'batchSize must be an integer ≥ 1'],
    [{ iterations: 5, validationData: { X: new Matrix(3, 4), Y: new Matrix(1, 4) } }, 'Network.fit (validationData): X is (3, 4) but should be (2, m)'],
  ];
  for (const [options, message] of bad) {
    it(`rejects ${message}`, () => {
      expect(() => net.fit(moons.X, moons.Y, { learningRate: 0.1, ...options } as FitOptions)).toThrow(AnnError);
      expect(() => net.fit(moons.X, moons.Y, { learningRate: 0.1, ...options } as FitOptions)).toThrow(message);
    });
  }

  it('checks labels for each head', () => {
    const softmax = new Network({ layers: [2, 3, 3], output: 'softmax' });
    expect(() => softmax.fit(moons.X, Matrix.from([Array.from({ length: 150 }, (_, j) => j % 4)]), { learningRate: 0.1, iterations: 1 })).toThrow(
      'class indices must be integers from 0 to 2',
    );
    const bad = new Matrix(3, 150);
    expect(() => softmax.fit(moons.X, bad, { learningRate: 0.1, iterations: 1 })).toThrow('column 0 of the one-hot Y has 0 ones');
    const regression = new Network({ layers: [2, 3, 1], output: 'linear' });
    const Ynan = new Matrix(1, 150);
    Ynan.data[5] = Number.NaN;
    expect(() => regression.fit(moons.X, Ynan, { learningRate: 0.1, iterations: 1 })).toThrow('Y[0, 5] is NaN');
  });
});

describe('heads', () => {
  it('softmax learns three classes from indices and predicts indices', () => {
    const X = datasets.moons({ m: 90, seed: 1 }).X;
    const labels = Matrix.from([Array.from({ length: 90 }, (_, j) => (X.data[j]! < 0 ? 0 : X.data[j]! < 1 ? 1 : 2))]);
    const net = new Network({ layers: [2, 8, 3], hidden: 'tanh', output: 'softmax', seed: 2 });
    net.fit(X, labels, { learningRate: 0.1, iterations: 400, optimizer: 'adam' });
    const P = net.predictProba(X);
    for (let j = 0; j < 90; j++) expect(P.get(0, j) + P.get(1, j) + P.get(2, j)).toBeCloseTo(1, 14);
    expect(net.predict(X).shape).toEqual([1, 90]);
    expect(net.evaluate(X, labels).accuracy).toBeGreaterThan(0.9);
  });

  it('linear regression fits a plane and reports MSE, MAE and R²', () => {
    const { X, Y } = datasets.plane({ m: 100, noise: 0.01, seed: 3 });
    const net = new Network({ layers: [2, 1], output: 'linear', seed: 1 });
    net.fit(X, Y, { learningRate: 0.5, iterations: 500 });
    const e = net.evaluate(X, Y);
    expect(e.r2).toBeGreaterThan(0.99);
    expect(e.mse).toBeLessThan(1e-3);
    expect(e.mae).toBeLessThan(0.05);
    expect(e.accuracy).toBeNaN();
  });

  it('batch norm keeps running statistics for inference and round-trips them', () => {
    const net = new Network({ layers: [2, 5, 1], hidden: 'relu', batchNorm: true, seed: 1 });
    net.fit(moons.X, moons.Y, { learningRate: 0.05, epochs: 5, batchSize: 50 });
    const stats = net.getBatchNormStatistics();
    expect(Object.keys(stats)).toEqual(['mean1', 'variance1']);
    expect(Array.from(stats.variance1!.data).some((v) => v !== 1)).toBe(true);
    const copy = Network.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
    expect(copy.getBatchNormStatistics()).toEqual(stats);
    expect(copy.predictProba(moons.X).data).toEqual(net.predictProba(moons.X).data);
    expect(net.parameterNames).toEqual(['W1', 'gamma1', 'beta1', 'W2', 'b2']);
  });
});

describe('gradientCheck over every hidden activation × head × L2 × batch norm, at two depths', () => {
  const rng = new RandomState(7);
  const X = rng.randn(3, 5);
  const targets = {
    sigmoid: Matrix.from([[1, 0, 0, 1, 1]]),
    softmax: Matrix.from([[0, 2, 1, 2, 0]]),
    linear: rng.randn(2, 5),
  } as const;
  for (const hidden of ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'] as const) {
    for (const output of ['sigmoid', 'softmax', 'linear'] as const) {
      for (const l2 of [0, 0.7]) {
        for (const batchNorm of [false, true]) {
          for (const depth of [1, 2]) {
            const name = `${hidden} → ${output}, λ ${l2}, batch norm ${batchNorm}, ${depth} hidden`;
            it(name, () => {
              const nL = output === 'sigmoid' ? 1 : output === 'softmax' ? 3 : 2;
              const layers = [3, ...Array.from({ length: depth }, () => 4), nL];
              // He-scaled weights from seed 11 and nonzero biases keep every |Z| well away from the
              // relu kink at 0, where one-sided slopes would break the two-sided differences.
              const net = new Network({ layers, hidden, output, batchNorm, init: 'he', seed: 11 });
              const p = net.getParameters();
              for (const [k, M] of Object.entries(p)) if (k.startsWith('b') || k.startsWith('beta')) M.data.fill(0.1);
              net.setParameters(p);
              const result = gradientCheck(net, X, targets[output], { l2 });
              expect(result.difference, JSON.stringify(result.perParameter)).toBeLessThan(2e-7);
            });
          }
        }
      }
    }
  }
});

describe('divergence', () => {
  it('names the layer and quantity, and keeps the parameters finite', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'relu', init: 'random', initScale: 0.01, seed: 2 });
    const full = datasets.planarFlower();
    let error: DivergenceError | undefined;
    const events: string[] = [];
    try {
      net.fit(full.X, full.Y, { learningRate: 1e9, iterations: 200, onDiagnostic: (d) => events.push(d.code) });
    } catch (e) {
      error = e as DivergenceError;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect(error!.quantity).toMatch(/^(Z|A)\d$/);
    expect(events).toContain('nonFinite');
    for (const M of Object.values(net.getParameters())) expect(Array.from(M.data).every(Number.isFinite)).toBe(true);
  });
});

describe('the full batch is pinned for a run', () => {
  // A backend whose operand store counts what the passes promise about X.
  function countingBackend(): { backend: Backend; keeps: Matrix[]; releases: () => number } {
    const keeps: Matrix[] = [];
    let releases = 0;
    const backend: Backend = {
      ...referenceBackend,
      name: 'counting',
      createOperandStore: () => ({
        keep: (M: Matrix) => void keeps.push(M),
        release: () => void releases++,
      }),
    };
    return { backend, keeps, releases: () => releases };
  }

  it('keeps X once per full-batch run and releases it when the run ends', () => {
    const { X, Y } = datasets.planarFlower({ m: 40, seed: 1 });
    const counting = countingBackend();
    setBackend(counting.backend);
    try {
      const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 });
      const trainer = net.trainer(X, Y, { learningRate: 0.5, iterations: 10, recordEvery: 5 });
      trainer.step();
      trainer.step();
      expect(counting.keeps).toEqual([X]);
      expect(counting.releases()).toBe(0);
      trainer.run();
      expect(counting.keeps).toEqual([X]);
      expect(counting.releases()).toBe(1);
    } finally {
      useBackend('reference');
    }
  });

  it('releases X when training diverges, so the caller may change it and go on', () => {
    const { X, Y } = datasets.planarFlower({ m: 60, seed: 4 });
    const counting = countingBackend();
    setBackend(counting.backend);
    try {
      const net = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
      expect(() => net.fit(X, Y, { learningRate: 1e6, iterations: 50, recordEvery: 1000 })).toThrow(DivergenceError);
      expect(counting.keeps).toEqual([X]);
      expect(counting.releases()).toBe(1);
    } finally {
      useBackend('reference');
    }
  });

  it('mini-batches keep and release their own buffer every step (it changes between steps)', () => {
    const { X, Y } = datasets.planarFlower({ m: 40, seed: 1 });
    const counting = countingBackend();
    setBackend(counting.backend);
    try {
      new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 }).fit(X, Y, { learningRate: 0.5, epochs: 2, batchSize: 16 });
      expect(counting.keeps).toHaveLength(6);
      expect(counting.keeps.every((M) => M !== X)).toBe(true);
      expect(counting.releases()).toBe(6);
    } finally {
      useBackend('reference');
    }
  });

  it('gives bit-identical results on the wasm backend, whose store copies X once per run', () => {
    const { X, Y } = datasets.planarFlower({ m: 400, seed: 1 });
    const train = (backend: 'reference' | 'wasm') => {
      useBackend(backend);
      const net = new Network({ layers: [2, 64, 32, 1], hidden: 'relu', seed: 2 });
      const costs = net.fit(X, Y, { learningRate: 0.05, iterations: 30, recordEvery: 1 }).costs.map((c) => c.cost);
      return { costs, W1: net.getParameters().W1!.data };
    };
    try {
      const wasm = train('wasm');
      const reference = train('reference');
      expect(wasm.costs).toEqual(reference.costs);
      expect(wasm.W1).toEqual(reference.W1);
    } finally {
      useBackend('reference');
    }
  });
});

describe('run() skips the costs nobody reads', () => {
  const { X, Y } = datasets.planarFlower({ m: 60, seed: 4 });
  const make = () => new Network({ layers: [2, 5, 1], hidden: 'tanh', seed: 3 });

  it('gives the same parameters and records as stepping one by one (where every cost is computed)', () => {
    const options = { learningRate: 0.8, iterations: 300, recordEvery: 7 };
    const ran = make();
    const result = ran.fit(X, Y, options);
    const stepped = make();
    const trainer = stepped.trainer(X, Y, options);
    const events: number[] = [];
    for (let event = trainer.step(); event !== null; event = trainer.step()) events.push(event.cost);
    expect(events.every(Number.isFinite)).toBe(true);
    expect(trainer.result().costs).toEqual(result.costs);
    expect(stepped.getParameters()).toEqual(ran.getParameters());
  });

  it('raises the same divergence errors, with the same cost in their evidence', () => {
    const failure = (options: FitOptions, drive: (net: Network, options: FitOptions) => void) => {
      const net = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
      const diagnostics: unknown[] = [];
      try {
        drive(net, { ...options, onDiagnostic: (d) => diagnostics.push(d) });
      } catch (error) {
        return { message: (error as Error).message, W1: net.getParameters().W1!.data, diagnostics };
      }
      throw new Error('expected a DivergenceError');
    };
    const fit = (net: Network, options: FitOptions) => net.fit(X, Y, options);
    const stepAll = (net: Network, options: FitOptions) => {
      const trainer = net.trainer(X, Y, options);
      while (trainer.step() !== null);
    };
    // In the forward pass at an unrecorded iteration (the cost itself overflows) ...
    const forward = { learningRate: 1e6, iterations: 50, recordEvery: 1000 };
    expect(failure(forward, fit)).toEqual(failure(forward, stepAll));
    expect(failure(forward, fit).message).toMatch(/forward pass at iteration 28 \(cost Infinity\)/);
    // ... and in the update of an unrecorded iteration, whose skipped cost the evidence still gives.
    const warm = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
    const trainer = warm.trainer(X, Y, { learningRate: 0.01, iterations: 1 });
    trainer.run();
    const update = { learningRate: 1.7e308, iterations: 50, recordEvery: 1000, resume: trainer.checkpoint() };
    const ran = failure(update, (net, options) => {
      net.setParameters(warm.getParameters());
      fit(net, options);
    });
    const stepped = failure(update, (net, options) => {
      net.setParameters(warm.getParameters());
      stepAll(net, options);
    });
    expect(ran).toEqual(stepped);
    expect(ran.message).toMatch(/^Network\.fit: the update at iteration 1 would make/);
    expect((ran.diagnostics[0] as { evidence: { cost: number } }).evidence.cost).toBeGreaterThan(0);
  });
});
