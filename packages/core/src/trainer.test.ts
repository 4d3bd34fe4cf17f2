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

  it('carries its likely cause, code and detail as fields: the message is the function, the detail and the cause', () => {
    const catchDivergence = (run: () => void): DivergenceError => {
      try {
        run();
      } catch (e) {
        if (e instanceof DivergenceError) return e;
        throw e;
      }
      throw new Error('expected a DivergenceError');
    };
    const full = datasets.planarFlower({ m: 60, seed: 4 });
    // Weights so large that the very first forward pass overflows: the inputs or the initial weights.
    const huge = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 1e200, seed: 3 });
    const first = catchDivergence(() => huge.fit(full.X, full.Y, { learningRate: 0.01, iterations: 5 }));
    expect([first.code, first.phase, first.iteration, first.likelyCause]).toEqual(['nonFinite', 'forward', 0, 'inputScale']);
    expect(first.message).toBe(`Network.fit: ${first.detail}; the inputs or the initial weights are too large`);
    // A refused update later on: the learning rate.
    const net = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
    const trainer = net.trainer(full.X, full.Y, { learningRate: 0.01, iterations: 10 });
    trainer.step();
    trainer.setHyperparameters({ learningRate: 1.7e308 });
    const later = catchDivergence(() => trainer.step());
    expect([later.code, later.phase, later.likelyCause]).toEqual(['nonFinite', 'update', 'learningRate']);
    expect(later.message).toBe(`Network.fit: ${later.detail}; the learning rate 1.7e+308 is likely too high`);
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

describe('Trainer.setHyperparameters: live changes from the next step', () => {
  // Dropout, L2, Adam and a schedule, stopped mid-epoch (23 updates: epoch 4, mini-batch 3 of 5).
  const options: FitOptions = { learningRate: 0.01, epochs: 12, batchSize: 32, optimizer: 'adam', keepProb: 0.9, l2: 0.05, decay: 0.5, recordEvery: 1 };
  const k = 23;

  /** A run changed live after k steps, and the same run by hand: k steps, then fit resumed with the new options. */
  function liveAndByHand(changes: Parameters<import('./trainer').Trainer['setHyperparameters']>[0], base: FitOptions = options) {
    const live = new Network(netOptions);
    const trainer = live.trainer(moons.X, moons.Y, base);
    for (let s = 0; s < k; s++) trainer.step();
    trainer.setHyperparameters(changes);
    const result = trainer.run();
    const byHand = new Network(netOptions);
    const first = byHand.trainer(moons.X, moons.Y, base);
    for (let s = 0; s < k; s++) first.step();
    const rest = byHand.fit(moons.X, moons.Y, { ...base, ...changes, resume: first.checkpoint() });
    return { live, result, byHand, costs: [...first.result().costs, ...rest.costs] };
  }

  it('a new learning rate equals, bit for bit, k steps at the old rate then a resumed fit at the new one; the schedule scales it', () => {
    const { live, result, byHand, costs } = liveAndByHand({ learningRate: 0.03 });
    expect(live.getParameters()).toEqual(byHand.getParameters());
    expect(result.costs).toEqual(costs);
    expect(result.iterations).toBe(60);
    // Epoch 4 changed rate mid-epoch and records the rate of its last mini-batch; epoch 11 is 0.03/(1 + 0.5·11).
    expect(result.costs.map((c) => c.learningRate)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((e) => scheduledLearningRate(e < 4 ? 0.01 : 0.03, { type: 'inverseTime', decayRate: 0.5 }, e)));
    const unchanged = new Network(netOptions);
    unchanged.fit(moons.X, moons.Y, options);
    expect(live.getParameters().W1!.data).not.toEqual(unchanged.getParameters().W1!.data);
  });

  it('in full-batch mode too, and the diagnostics name the new rate', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
    const messages: string[] = [];
    const trainer = net.trainer(flower.X, flower.Y, { learningRate: 0.5, iterations: 300, recordEvery: 10, onDiagnostic: (d) => messages.push(d.message) });
    for (let s = 0; s < 40; s++) trainer.step();
    trainer.setHyperparameters({ learningRate: 1e3 });
    trainer.run();
    expect(messages.find((m) => m.includes('likely too high'))).toMatch(/the learning rate 1000 is likely too high/);
    const byHand = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
    const first = byHand.trainer(flower.X, flower.Y, { learningRate: 0.5, iterations: 300, recordEvery: 10 });
    for (let s = 0; s < 40; s++) first.step();
    byHand.fit(flower.X, flower.Y, { learningRate: 1e3, iterations: 300, recordEvery: 10, resume: first.checkpoint() });
    expect(net.getParameters()).toEqual(byHand.getParameters());
  });

  it('l2 and keepProb take effect from the next step (the same bits as resuming with them)', () => {
    const { live, result, byHand, costs } = liveAndByHand({ l2: 0.7, keepProb: [0.6, 0.8] });
    expect(live.getParameters()).toEqual(byHand.getParameters());
    expect(result.costs).toEqual(costs);
    const unchanged = new Network(netOptions);
    const plain = unchanged.fit(moons.X, moons.Y, options);
    expect(result.costs.slice(0, 4)).toEqual(plain.costs.slice(0, 4)); // before the change: identical
    expect(result.costs[5]!.cost).not.toBe(plain.costs[5]!.cost); // after it: a different run
    // Switching dropout off again (keepProb 1) is the same as never having it from then on.
    const off = liveAndByHand({ keepProb: 1 });
    expect(off.live.getParameters()).toEqual(off.byHand.getParameters());
  });

  it('without a call, or with a call that changes nothing, training is bit for bit what it was before live changes existed', () => {
    // FNV-1a over the float64 bits of the parameters and recorded costs, taken before setHyperparameters was added.
    const fnv = (values: number[]): string => {
      const bytes = new Uint8Array(new Float64Array(values).buffer);
      let h = 0xcbf29ce484222325n;
      for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16);
    };
    const bits = (net: Network, costs: { cost: number; validation?: { cost: number } }[]): string => {
      const p = net.getParameters();
      const values: number[] = [];
      for (const key of Object.keys(p).sort()) values.push(...p[key]!.data);
      for (const c of costs) values.push(c.cost, ...(c.validation ? [c.validation.cost] : []));
      return fnv(values);
    };
    const adamOptions: FitOptions = { learningRate: 0.01, epochs: 20, batchSize: 32, optimizer: 'adam', keepProb: 0.9, l2: 0.05, decay: 0.3, validationData: flower };
    const labels = moons.Y.clone();
    labels.data.forEach((v, j) => (labels.data[j] = moons.X.data[j]! > 1 ? 2 : v));
    // Both backends give the same bits (the wasm hashes of the tanh runs were c4846c2742f27791 and
    // 840cf897bb17f938 until its tanh kernel became the reference's bit for bit).
    const recorded = ['f9ce547732dbecc', 'ba989105378cb154', '461005a5d98bd43f'];
    const expected = { reference: recorded, wasm: recorded } as const;
    try {
      for (const backend of ['reference', 'wasm'] as const) {
        useBackend(backend);
        const a = new Network(netOptions);
        const b = new Network({ layers: [2, 4, 1], hidden: 'tanh', seed: 2 });
        const c = new Network({ layers: [2, 5, 3], hidden: 'tanh', output: 'softmax', seed: 5 });
        expect([
          bits(a, a.fit(moons.X, moons.Y, adamOptions).costs),
          bits(b, b.fit(flower.X, flower.Y, { learningRate: 1.2, iterations: 500, recordEvery: 10 }).costs),
          bits(c, c.fit(moons.X, labels, { learningRate: 0.1, epochs: 30, batchSize: 50, optimizer: 'momentum', recordEvery: 3 }).costs),
        ]).toEqual(expected[backend]);
      }
    } finally {
      useBackend('reference');
    }
    // The same values again (the same optimizer keeps its moments) change nothing.
    const d = new Network(netOptions);
    const trainer = d.trainer(moons.X, moons.Y, adamOptions);
    for (let s = 0; s < 37; s++) trainer.step();
    trainer.setHyperparameters({ learningRate: 0.01, optimizer: 'adam', beta1: 0.9, keepProb: [0.9, 0.9], l2: 0.05 });
    trainer.setHyperparameters({});
    expect(bits(d, trainer.run().costs)).toBe('f9ce547732dbecc');
  });

  it('a different optimizer starts with fresh moments; new β or ε keep them', () => {
    const full: FitOptions = { learningRate: 0.01, iterations: 60, optimizer: 'adam', recordEvery: 10 };
    const live = new Network(netOptions);
    const trainer = live.trainer(moons.X, moons.Y, full);
    for (let s = 0; s < 25; s++) trainer.step();
    trainer.setHyperparameters({ optimizer: 'momentum', beta: 0.8 });
    trainer.run();
    expect(trainer.checkpoint().optimizer).toMatchObject({ type: 'momentum', t: 35 });
    // By hand: 25 Adam steps, then a new fit with momentum, whose moments start at zero.
    const byHand = new Network(netOptions);
    const first = byHand.trainer(moons.X, moons.Y, full);
    for (let s = 0; s < 25; s++) first.step();
    byHand.fit(moons.X, moons.Y, { learningRate: 0.01, iterations: 35, optimizer: 'momentum', beta: 0.8 });
    expect(live.getParameters()).toEqual(byHand.getParameters());

    // Adam with new β1, β2 and ε keeps v, s and t (the resumed fit restores them from the checkpoint).
    const tuned = liveAndByHand({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(tuned.live.getParameters()).toEqual(tuned.byHand.getParameters());
    expect(tuned.result.costs).toEqual(tuned.costs);
  });

  const bad: [Record<string, unknown> | null, string][] = [
    [{ learningRate: 0 }, 'Trainer.setHyperparameters: learningRate must be a positive finite number, got 0'],
    [{ learningRate: Number.NaN }, 'Trainer.setHyperparameters: learningRate must be a positive finite number, got NaN'],
    [{ l2: -1 }, 'Trainer.setHyperparameters: l2 must be a non-negative finite number, got -1'],
    [{ keepProb: 0 }, 'Trainer.setHyperparameters: keepProb must be in (0, 1], got 0'],
    [{ keepProb: [0.5, 1.5] }, 'Trainer.setHyperparameters: keepProb[1] must be in (0, 1], got 1.5'],
    [{ keepProb: [0.5] }, 'Trainer.setHyperparameters: keepProb lists 1 values but the network has 2 hidden layers'],
    [{ optimizer: 'sgd' }, 'Trainer.setHyperparameters: unknown optimizer "sgd"; expected one of gd, momentum, rmsprop, adam'],
    [{ beta: 1 }, 'Trainer.setHyperparameters: beta must be in [0, 1), got 1'],
    [{ beta1: -0.1 }, 'Trainer.setHyperparameters: beta1 must be in [0, 1), got -0.1'],
    [{ beta2: '0.9' }, 'Trainer.setHyperparameters: beta2 must be in [0, 1), got 0.9'],
    [{ epsilon: 0 }, 'Trainer.setHyperparameters: epsilon must be a positive finite number, got 0'],
    [{ momentum: 0.9 }, 'Trainer.setHyperparameters: unknown option "momentum"'],
    [{ epochs: 5 }, 'Trainer.setHyperparameters: unknown option "epochs"'],
    [null, 'Trainer.setHyperparameters: expected changes such as { learningRate: 0.01 }'],
  ];
  for (const [changes, message] of bad) {
    it(`rejects ${JSON.stringify(changes)} and changes nothing`, () => {
      const net = new Network(netOptions);
      const trainer = net.trainer(moons.X, moons.Y, { learningRate: 0.01, epochs: 3, batchSize: 50 });
      trainer.step();
      // A valid value next to the invalid one is not applied either.
      const attempt = changes === null ? null : { learningRate: 0.5, ...changes };
      expect(() => trainer.setHyperparameters(attempt as never)).toThrow(AnnError);
      expect(() => trainer.setHyperparameters(attempt as never)).toThrow(message);
      trainer.run();
      const reference = new Network(netOptions);
      reference.fit(moons.X, moons.Y, { learningRate: 0.01, epochs: 3, batchSize: 50 });
      expect(net.getParameters()).toEqual(reference.getParameters());
    });
  }
});

describe('Trainer: practically unbounded runs', () => {
  for (const mode of ['epochs', 'iterations'] as const) {
    it(`${mode}: Number.MAX_SAFE_INTEGER as the length steps like a finite run, keeping no records with keepCosts: false`, () => {
      const length = mode === 'epochs' ? { epochs: Number.MAX_SAFE_INTEGER, batchSize: 32 } : { iterations: Number.MAX_SAFE_INTEGER };
      const finite = mode === 'epochs' ? { epochs: 40, batchSize: 32 } : { iterations: 200 };
      const endless = new Network(netOptions);
      const records: number[] = [];
      const started = performance.now();
      const trainer = endless.trainer(moons.X, moons.Y, { learningRate: 0.05, optimizer: 'adam', recordEvery: 1, keepCosts: false, onRecord: (r) => records.push(r.cost), ...length });
      expect(performance.now() - started).toBeLessThan(100); // nothing is sized by the length
      for (let s = 0; s < 200; s++) expect(trainer.step()).not.toBeNull();
      expect(trainer.done).toBe(false);
      expect(trainer.costs).toEqual([]);
      expect(trainer.result().costs).toEqual([]);
      const reference = new Network(netOptions);
      const result = reference.fit(moons.X, moons.Y, { learningRate: 0.05, optimizer: 'adam', recordEvery: 1, ...finite });
      expect(endless.getParameters()).toEqual(reference.getParameters());
      expect(records).toEqual(result.costs.map((c) => c.cost));
    });
  }

  it('rejects a keepCosts that is not a boolean', () => {
    expect(() => new Network(netOptions).fit(moons.X, moons.Y, { learningRate: 0.1, iterations: 1, keepCosts: 'no' as never })).toThrow('Network.fit: keepCosts must be true or false');
  });
});

describe('Trainer: going on after a DivergenceError', () => {
  for (const batchNorm of [false, true]) {
  it(`a refused update leaves no trace: lowering the rate and stepping on equals never having raised it (mini-batches, batch norm ${batchNorm})`, () => {
    // Two failures: one at the first mini-batch of an epoch (its shuffle is kept), one in the middle.
    // With batch norm, the failed step's forward pass does not count in the running statistics.
    const { X, Y } = datasets.planarFlower({ m: 60, seed: 4 });
    const make = () => new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3, batchNorm });
    const options: FitOptions = { learningRate: 0.01, epochs: 8, batchSize: 25, recordEvery: 1 };
    const net = make();
    const trainer = net.trainer(X, Y, options);
    for (const [at, where] of [[6, 'epoch 2, mini-batch 0'], [10, 'epoch 3, mini-batch 1']] as const) {
      while (trainer.result().iterations < at) trainer.step();
      const before = net.getParameters();
      trainer.setHyperparameters({ learningRate: 1.7e308 });
      let error: unknown;
      try {
        trainer.step();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DivergenceError);
      expect((error as Error).message).toContain(`the update at iteration ${at} (${where}) would make`);
      expect((error as DivergenceError).phase).toBe('update');
      expect(net.getParameters()).toEqual(before);
      for (const M of Object.values(net.getParameters())) expect(Array.from(M.data).every(Number.isFinite)).toBe(true);
      trainer.setHyperparameters({ learningRate: 0.01 });
    }
    const result = trainer.run();
    const reference = make();
    const expected = reference.fit(X, Y, options);
    expect(net.getParameters()).toEqual(reference.getParameters());
    expect(result.costs).toEqual(expected.costs); // each epoch's cost counts the retried mini-batch once
    expect(result.iterations).toBe(expected.iterations);
    expect(net.getBatchNormStatistics()).toEqual(reference.getBatchNormStatistics());
  });
  }

  it('full batch: a refused update leaves no trace, and X is pinned again for the rest of the run', () => {
    const { X, Y } = datasets.planarFlower({ m: 60, seed: 4 });
    const make = () => new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
    const options: FitOptions = { learningRate: 0.01, iterations: 40, recordEvery: 1000 };
    const reference = make();
    reference.fit(X, Y, options);
    const keeps: Matrix[] = [];
    let releases = 0;
    setBackend({ ...referenceBackend, name: 'counting', createOperandStore: () => ({ keep: (M: Matrix) => void keeps.push(M), release: () => void releases++ }) });
    try {
      const net = make();
      const trainer = net.trainer(X, Y, options);
      for (let s = 0; s < 5; s++) trainer.step();
      trainer.setHyperparameters({ learningRate: 1.7e308 });
      let error: DivergenceError | undefined;
      try {
        trainer.step();
      } catch (e) {
        error = e as DivergenceError;
      }
      expect(error).toBeInstanceOf(DivergenceError);
      expect(error!.phase).toBe('update');
      expect(releases).toBe(1); // diverging unpins X, so the caller may rescale it
      trainer.setHyperparameters({ learningRate: 0.01 });
      trainer.run();
      expect(net.getParameters()).toEqual(reference.getParameters());
      expect(keeps).toEqual([X, X]); // pinned again at the next step: one copy for the rest of the run
      expect(releases).toBe(2);
    } finally {
      useBackend('reference');
    }
  });

  it('a forward-pass divergence says so: its finite but huge weights overflow again whatever the rate', () => {
    const { X, Y } = datasets.planarFlower({ m: 60, seed: 4 });
    const net = new Network({ layers: [2, 5, 1], hidden: 'relu', init: 'random', initScale: 10, seed: 3 });
    const trainer = net.trainer(X, Y, { learningRate: 1e6, iterations: 60, recordEvery: 1000 });
    const failure = (): DivergenceError => {
      try {
        while (trainer.step() !== null);
      } catch (e) {
        return e as DivergenceError;
      }
      throw new Error('expected a DivergenceError');
    };
    const first = failure();
    expect(first).toMatchObject({ phase: 'forward', iteration: 28 });
    for (const M of Object.values(net.getParameters())) expect(Array.from(M.data).every(Number.isFinite)).toBe(true);
    trainer.setHyperparameters({ learningRate: 1e-3 });
    expect(failure()).toMatchObject({ phase: 'forward', iteration: 28 });
  });
});

describe('Trainer.gradientNorms: the last update’s ‖dW[l]‖_F per layer', () => {
  const frobenius = (M: Matrix) => Math.sqrt(Array.from(M.data).reduce((sum, v) => sum + v * v, 0));

  it('is empty before the first update', () => {
    const trainer = new Network(netOptions).trainer(flower.X, flower.Y, { learningRate: 0.1, iterations: 3 });
    expect(trainer.gradientNorms()).toEqual([]);
  });

  it('equals the norms of Network.gradients at the parameters the update started from, with and without L2', () => {
    for (const l2 of [0, 0.7]) {
      const net = new Network(netOptions);
      const trainer = net.trainer(flower.X, flower.Y, { learningRate: 0.1, iterations: 5, l2 });
      for (let i = 0; i < 3; i++) {
        const grads = net.gradients(flower.X, flower.Y, { l2 });
        trainer.step();
        const expected = [1, 2, 3].map((l) => frobenius(grads[`dW${l}`]!));
        const norms = trainer.gradientNorms();
        expect(norms).toHaveLength(3);
        norms.forEach((n, k) => expect(n).toBeCloseTo(expected[k]!, 12));
      }
    }
  });

  it('reads only: a run that calls it after every step ends with the same bits as one that does not', () => {
    const options: FitOptions = { learningRate: 0.05, epochs: 4, batchSize: 32, optimizer: 'adam' };
    const plain = new Network(netOptions);
    plain.fit(moons.X, moons.Y, options);
    const watched = new Network(netOptions);
    const trainer = watched.trainer(moons.X, moons.Y, options);
    while (trainer.step() !== null) expect(trainer.gradientNorms().every((n) => Number.isFinite(n) && n >= 0)).toBe(true);
    const a = plain.getParameters();
    const b = watched.getParameters();
    for (const name of Object.keys(a)) expect(Array.from(b[name]!.data)).toEqual(Array.from(a[name]!.data));
  });
});
