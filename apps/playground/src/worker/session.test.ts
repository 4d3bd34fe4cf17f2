import { DATASET_CATALOG, FEATURE_TERMS, Matrix, Network, datasets, featureExpansion, trainTestSplit } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { GRID_SIZE, type LiveSettings, type PlotBounds, type Snapshot, type StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { columnX, rowY } from './grid';
import { HISTORY_BUDGET, MAX_POINTS_PER_REQUEST, PlaygroundSession, SettingsError, TrainingDiverged } from './session';
import { payloadBytes, transferables } from './transfer';

const CELLS = GRID_SIZE * GRID_SIZE;

/** The course's planar setting (Course 1 week 3): flower, 2-4-1 tanh, W = 0.01·randn from seed 2, α = 1.2, full batch. */
const COURSE: StructureSettings = { ...COURSE_STRUCTURE, trainPercent: 100 };
const LIVE: LiveSettings = { ...COURSE_LIVE };

function session(structure: Partial<StructureSettings> = {}, live: Partial<LiveSettings> = {}) {
  const s = new PlaygroundSession();
  const ready = s.configure({ ...COURSE, ...structure }, { ...LIVE, ...live });
  return { s, ready };
}

/** The course's network, built directly with core. */
function courseNetwork(): Network {
  return new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2 });
}

/** A core network holding a snapshot's parameters, to compute what the session should have computed. */
function networkAt(snapshot: Snapshot, options: ConstructorParameters<typeof Network>[0]): Network {
  const net = new Network(options);
  const params: Record<string, Matrix> = {};
  snapshot.W.forEach((w, k) => {
    const l = k + 1;
    const rows = net.layers[l]!;
    params[`W${l}`] = new Matrix(rows, net.layers[l - 1]!, Float64Array.from(w));
    params[`b${l}`] = new Matrix(rows, 1, Float64Array.from(snapshot.b[k]!));
  });
  net.setParameters(params);
  return net;
}

describe('the course setting', () => {
  it('starts at the cost core computes for the same network (numpy: 0.693048…)', () => {
    const { ready } = session();
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const expected = courseNetwork().cost(X, Y);
    expect(ready.snapshot.epoch).toBe(0);
    expect(ready.snapshot.trainCost).toBe(expected);
    expect(ready.snapshot.trainCost).toBeCloseTo(0.693048, 6);
    expect(ready.snapshot.testCost).toBeNaN();
    expect(ready.snapshot.history).toEqual([{ epoch: 0, trainCost: expected, testCost: Number.NaN }]);
    expect(ready.snapshot.historyReset).toBe(true);
    expect(ready.topology).toEqual({ layers: [2, 4, 1], features: ['x1', 'x2'], activations: ['tanh', 'sigmoid'] });
  });

  it('after 1000 steps, in frames of any size, has the same bits as core fitting 1000 iterations', () => {
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const net = courseNetwork();
    net.fit(X, Y, { learningRate: 1.2, iterations: 1000 });
    const params = net.getParameters();
    const { s, ready } = session();
    let snapshot: Snapshot | null = null;
    for (const steps of [1, 9, 90, 400, 500]) snapshot = s.step(steps);
    expect(snapshot!.epoch).toBe(1000);
    expect(snapshot!.iteration).toBe(1000);
    expect(snapshot!.W[0]).toEqual(params.W1!.data);
    expect(snapshot!.b[0]).toEqual(params.b1!.data);
    expect(snapshot!.W[1]).toEqual(params.W2!.data);
    expect(snapshot!.b[1]).toEqual(params.b2!.data);
    expect(snapshot!.trainCost).toBe(net.cost(X, Y));
    expect(snapshot!.trainAccuracy).toBe(net.evaluate(X, Y).accuracy);
    // The output map is core's prediction on the grid (float32 on the way to the page).
    for (const [i, j] of [[0, 0], [0, GRID_SIZE - 1], [GRID_SIZE - 1, 0], [20, 31]] as const) {
      expect(snapshot!.output[i * GRID_SIZE + j]).toBe(Math.fround(net.predictProba(gridColumn(ready.data.bounds, i, j)).data[0]!));
    }
  });

  it('a frame of many steps charts about MAX_POINTS_PER_REQUEST points, at every stride-th epoch and the last', () => {
    const { s } = session();
    const steps = 10 * MAX_POINTS_PER_REQUEST + 3;
    const epochs = s.step(steps).history.map((p) => p.epoch);
    // The stride is the smallest power of two that keeps the points within the limit: 16 here.
    const stride = 16;
    expect(epochs).toEqual([...Array.from({ length: Math.floor(steps / stride) }, (_, k) => (k + 1) * stride), steps]);
    expect(epochs.length).toBeLessThanOrEqual(MAX_POINTS_PER_REQUEST + 1);
  });

  it('charts one point per epoch, the last equal to the displayed cost', () => {
    const { s } = session();
    const snapshot = s.step(5);
    expect(snapshot.history.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(snapshot.history.at(-1)!.trainCost).toBe(snapshot.trainCost);
    expect(snapshot.historyReset).toBe(false);
    // The cost at epoch 3 is the cost of the network after 3 updates.
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const net = courseNetwork();
    net.fit(X, Y, { learningRate: 1.2, iterations: 3 });
    expect(snapshot.history[2]!.trainCost).toBe(net.cost(X, Y));
  });

  it('thins a long history: every epoch up to the budget, then fewer, always ending at the current epoch', () => {
    const { s } = session({ hidden: [], activations: [] });
    const total = 2 * HISTORY_BUDGET + 501;
    const epochs: number[] = [];
    while (epochs.at(-1) !== total) {
      const steps = Math.min(MAX_POINTS_PER_REQUEST, total - (epochs.at(-1) ?? 0));
      epochs.push(...s.step(steps).history.map((p) => p.epoch));
    }
    expect(epochs.slice(0, HISTORY_BUDGET)).toEqual(Array.from({ length: HISTORY_BUDGET }, (_, k) => k + 1));
    expect(epochs.at(-1)).toBe(total);
    // Stride 1 to the budget, 2 to twice the budget, then 4: half as many points per doubling.
    expect(epochs.length).toBe(HISTORY_BUDGET + HISTORY_BUDGET / 2 + Math.floor(501 / 4) + 1);
    for (let k = 1; k < epochs.length; k++) expect(epochs[k]!).toBeGreaterThan(epochs[k - 1]!);
  });
});

/** The grid's input at cell (i, j) as a (2, 1) matrix of the raw features. */
function gridColumn(bounds: PlotBounds, i: number, j: number): Matrix {
  return Matrix.from([[columnX(bounds, j)], [rowY(bounds, i)]]);
}

describe('reset', () => {
  it('returns to epoch 0 with the same initial cost and the same weights, bit for bit', () => {
    const { s, ready } = session({ batchSize: 50, trainPercent: 80 });
    const start = ready.snapshot;
    s.step(7);
    const again = s.reset();
    expect(again.epoch).toBe(0);
    expect(again.iteration).toBe(0);
    expect(again.trainCost).toBe(start.trainCost);
    expect(again.testCost).toBe(start.testCost);
    expect(again.W).toEqual(start.W);
    expect(again.b).toEqual(start.b);
    expect(again.historyReset).toBe(true);
    expect(again.history).toEqual([{ epoch: 0, trainCost: start.trainCost, testCost: start.testCost }]);
    // And the run after the reset is the run from the start: same shuffles, same numbers.
    const first = new PlaygroundSession();
    first.configure({ ...COURSE, batchSize: 50, trainPercent: 80 }, LIVE);
    expect(s.step(3).W).toEqual(first.step(3).W);
  });
});

describe('steps', () => {
  it('with mini-batches, step(1) takes exactly one epoch (all its mini-batches)', () => {
    // 80% of 400 = 320 training examples in batches of 32: 10 updates per epoch.
    const { s } = session({ trainPercent: 80, batchSize: 32 });
    const one = s.step(1);
    expect(one.epoch).toBe(1);
    expect(one.iteration).toBe(10);
    const more = s.step(3);
    expect(more.epoch).toBe(4);
    expect(more.iteration).toBe(40);
    expect(more.history.map((p) => p.epoch)).toEqual([2, 3, 4]);
    expect(Number.isFinite(more.testCost)).toBe(true);
  });

  it('refuses a step count that is not a whole number ≥ 1', () => {
    const { s } = session();
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => s.step(bad)).toThrow(SettingsError);
    expect(s.step(1).epoch).toBe(1);
  });

  it('splits off the test set with core’s seeded split and reports its cost', () => {
    const { s, ready } = session({ trainPercent: 80, dataSeed: 1 });
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const split = trainTestSplit(X, Y, { testFraction: 0.2, seed: 1 });
    const marked = [...ready.data.test.keys()].filter((k) => ready.data.test[k] === 1);
    expect(marked).toEqual([...split.testIndices].sort((a, b) => a - b));
    const snapshot = s.step(2);
    const net = networkAt(snapshot, { layers: [2, 4, 1], hidden: 'tanh' });
    expect(snapshot.testCost).toBe(net.evaluate(split.XTest, split.YTest).cost);
    expect(snapshot.trainCost).toBe(net.evaluate(split.XTrain, split.YTrain).cost);
    expect(snapshot.history.at(-1)!.testCost).toBe(snapshot.testCost);
  });
});

describe('live settings', () => {
  it('a new learning rate applies from the next step and keeps the epoch count', () => {
    const { s } = session();
    const before = s.step(5);
    s.setLive({ ...LIVE, learningRate: 0.1 });
    const after = s.step(1);
    expect(after.epoch).toBe(6);
    expect(after.historyReset).toBe(false);
    // The step taken is gradient descent with α = 0.1 from the parameters at epoch 5.
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const net = networkAt(before, { layers: [2, 4, 1], hidden: 'tanh' });
    const grads = net.gradients(X, Y);
    const expected = before.W[1]!.map((w, k) => w - 0.1 * grads.dW2!.data[k]!);
    expect(after.W[1]).toEqual(expected);
  });

  it('switches the optimizer, L2 and dropout mid-run without a reset', () => {
    const { s } = session({ trainPercent: 80, batchSize: 64 });
    const { s: plain } = session({ trainPercent: 80, batchSize: 64 });
    expect(s.step(3).W).toEqual(plain.step(3).W);
    s.setLive({ ...LIVE, optimizer: 'adam', learningRate: 0.01, l2: 0.1, dropout: 0.2 });
    const changed = s.step(2);
    const unchanged = plain.step(2);
    expect(changed.epoch).toBe(5);
    expect(changed.iteration).toBe(unchanged.iteration);
    expect(changed.W).not.toEqual(unchanged.W);
    expect(changed.history.map((p) => p.epoch)).toEqual([4, 5]);
    // The displayed cost stays the data cost of the whole network (no dropout, no L2 term).
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const split = trainTestSplit(X, Y, { testFraction: 0.2, seed: 1 });
    expect(changed.trainCost).toBe(networkAt(changed, { layers: [2, 4, 1], hidden: 'tanh' }).evaluate(split.XTrain, split.YTrain).cost);
  });

  it('before any configure, checks them and waits for the run that configure brings', () => {
    const s = new PlaygroundSession();
    expect(() => s.setLive({ ...LIVE, learningRate: 0.3 })).not.toThrow();
    expect(() => s.setLive({ ...LIVE, learningRate: Number.NaN })).toThrow(/Learning rate/);
    expect(() => s.step(1)).toThrow(/not configured yet/);
    expect(s.configure(COURSE, LIVE).snapshot.epoch).toBe(0);
  });

  it('refuses bad values with a message naming the control, and keeps the previous ones', () => {
    const { s } = session();
    expect(() => s.setLive({ ...LIVE, learningRate: -1 })).toThrow(/Learning rate/);
    expect(() => s.setLive({ ...LIVE, dropout: 1 })).toThrow(/Dropout/);
    expect(() => s.setLive({ ...LIVE, l2: Number.NaN })).toThrow(/Regularization/);
    expect(() => s.setLive({ ...LIVE, optimizer: 'sgd' as never })).toThrow(/optimizer/);
    const { s: reference } = session();
    expect(s.step(2).W).toEqual(reference.step(2).W);
  });
});

describe('edits', () => {
  it('sets one weight or bias, and the output map and costs follow', () => {
    const { s, ready } = session();
    const edited = s.edit(2, 'W', 0, 1, 5);
    expect(edited.W[1]![1]).toBe(5);
    expect(edited.W[1]![0]).toBe(ready.snapshot.W[1]![0]);
    expect(edited.output).not.toEqual(ready.snapshot.output);
    expect(edited.trainCost).not.toBe(ready.snapshot.trainCost);
    // The chart gets a second point at the same epoch, ending at the displayed cost.
    expect(edited.history).toEqual([{ epoch: 0, trainCost: edited.trainCost, testCost: Number.NaN }]);
    const biased = s.edit(1, 'b', 3, 0, -0.5);
    expect(biased.b[0]![3]).toBe(-0.5);
    expect(biased.neurons[0]![3]).not.toEqual(edited.neurons[0]![3]);
    // Training continues from the edited parameters.
    const { X, Y } = datasets.planarFlower({ seed: 1 });
    const net = networkAt(biased, { layers: [2, 4, 1], hidden: 'tanh' });
    net.fit(X, Y, { learningRate: 1.2, iterations: 1 });
    expect(s.step(1).W[0]).toEqual(net.getParameters().W1!.data);
  });

  it('refuses indices outside the network and values that are not finite', () => {
    const { s } = session();
    const refusals: [number, 'W' | 'b', number, number, number, RegExp][] = [
      [0, 'W', 0, 0, 1, /layer must be 1 to 2/],
      [3, 'W', 0, 0, 1, /layer must be 1 to 2/],
      [1, 'W', 4, 0, 1, /row must be 0 to 3/],
      [1, 'W', 0, 2, 1, /column must be 0 to 1/],
      [2, 'W', 0, -1, 1, /column must be 0 to 3/],
      [1, 'b', 0, 1, 1, /only column 0/],
      [1, 'W', 0.5, 0, 1, /row/],
      [1, 'W', 0, 0, Number.NaN, /finite/],
      [1, 'b', 0, 0, Number.POSITIVE_INFINITY, /finite/],
      [1, 'gamma' as 'W', 0, 0, 1, /'W' or 'b'/],
    ];
    for (const [layer, parameter, row, column, value, message] of refusals) {
      expect(() => s.edit(layer, parameter, row, column, value)).toThrow(SettingsError);
      expect(() => s.edit(layer, parameter, row, column, value)).toThrow(message);
    }
    const { s: untouched } = session();
    expect(s.step(1).W).toEqual(untouched.step(1).W);
  });
});

describe('problems', () => {
  it('multi-class: a 3-arm spiral trains with a softmax head past 90% train accuracy', () => {
    const { s, ready } = session(
      { problem: 'multiclass', dataset: 'spirals', features: ['x1', 'x2', 'sin(x1)', 'sin(x2)'], hidden: [16, 16], activations: ['tanh', 'tanh'], init: 'xavier', batchSize: 32, trainPercent: 80 },
      { optimizer: 'adam', learningRate: 0.01 },
    );
    expect(ready.data.classes).toBe(3);
    expect(ready.topology.layers).toEqual([4, 16, 16, 3]);
    expect(ready.topology.activations).toEqual(['tanh', 'tanh', 'softmax']);
    let snapshot = ready.snapshot;
    expect(snapshot.trainCost).toBeCloseTo(Math.log(3), 0);
    for (let frame = 0; frame < 60 && snapshot.trainAccuracy < 0.9; frame++) snapshot = s.step(10);
    expect(snapshot.trainAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(snapshot.trainCost).toBeLessThan(ready.snapshot.trainCost / 2);
    // The output map holds class indices, the confidence map their probabilities.
    expect(new Set(snapshot.output)).toEqual(new Set([0, 1, 2]));
    for (const p of snapshot.confidence!) {
      expect(p).toBeGreaterThanOrEqual(1 / 3 - 1e-6);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('regression: the plane trains with a linear head and its cost falls', () => {
    const { s, ready } = session({ problem: 'regression', dataset: 'plane', hidden: [4], activations: ['linear'], init: 'xavier', trainPercent: 80 }, { learningRate: 0.1 });
    expect(ready.data.classes).toBe(0);
    expect(ready.data.yMin).toBe(Math.min(...ready.data.y));
    expect(ready.data.yMax).toBe(Math.max(...ready.data.y));
    expect(ready.topology.activations).toEqual(['linear', 'linear']);
    const snapshot = s.step(200);
    expect(snapshot.trainCost).toBeLessThan(ready.snapshot.trainCost / 20);
    expect(snapshot.testCost).toBeLessThan(ready.snapshot.testCost / 20);
    expect(snapshot.trainAccuracy).toBeNaN();
    expect(snapshot.confidence).toBeNull();
  });

  it('every catalogue dataset configures under its problem type, inside its bounds, and steps', () => {
    const problems = { binary: 'classification', multiclass: 'multiclass', regression: 'regression' } as const;
    for (const info of DATASET_CATALOG) {
      const { s, ready } = session({ problem: problems[info.task], dataset: info.name, classes: 4, noise: 100, dataSeed: 3, trainPercent: 70 }, { learningRate: 0.01 });
      const { data } = ready;
      expect(data.classes).toBe(info.task === 'binary' ? 2 : info.task === 'multiclass' ? 4 : 0);
      expect(ready.topology.layers.at(-1)).toBe(info.task === 'multiclass' ? 4 : 1);
      for (let k = 0; k < data.x1.length; k++) {
        expect(data.bounds.xMin < data.x1[k]! && data.x1[k]! < data.bounds.xMax && data.bounds.yMin < data.x2[k]! && data.x2[k]! < data.bounds.yMax).toBe(true);
      }
      const snapshot = s.step(5);
      expect(Number.isFinite(snapshot.trainCost) && Number.isFinite(snapshot.testCost)).toBe(true);
    }
  });

  it('refuses a dataset that does not belong to the problem type', () => {
    const s = new PlaygroundSession();
    expect(() => s.configure({ ...COURSE, problem: 'regression' }, LIVE)).toThrow(SettingsError);
    expect(() => s.configure({ ...COURSE, problem: 'multiclass', dataset: 'plane' }, LIVE)).toThrow(/regression dataset/);
  });
});

describe('architecture', () => {
  it('gives every hidden neuron its map over the grid', () => {
    const { ready } = session({ hidden: [3, 5], activations: ['relu', 'tanh'], init: 'he' });
    const { neurons, W, b } = ready.snapshot;
    expect(neurons.map((layer) => layer.length)).toEqual([3, 5]);
    for (const map of neurons.flat()) {
      expect(map).toBeInstanceOf(Float32Array);
      expect(map.length).toBe(CELLS);
    }
    expect(neurons[0]!.flat().every((map) => map.every((a) => a >= 0))).toBe(true); // relu
    expect(W.map((w) => w.length)).toEqual([3 * 2, 5 * 3, 1 * 5]);
    expect(b.map((v) => v.length)).toEqual([3, 5, 1]);
  });

  it('works without a hidden layer (logistic regression)', () => {
    const { s, ready } = session({ dataset: 'gaussian', hidden: [], activations: [], trainPercent: 80 }, { learningRate: 0.5 });
    expect(ready.topology.layers).toEqual([2, 1]);
    expect(ready.snapshot.neurons).toEqual([]);
    expect(ready.snapshot.W.map((w) => w.length)).toEqual([2]);
    const snapshot = s.step(100);
    expect(snapshot.trainAccuracy).toBeGreaterThan(0.9);
    expect(snapshot.output.length).toBe(CELLS);
  });

  it('takes n_x from the chosen features, with one input map each', () => {
    const features = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'];
    const { ready } = session({ features, hidden: [4] });
    expect(ready.topology.layers).toEqual([7, 4, 1]);
    expect(ready.snapshot.W[0]!.length).toBe(4 * 7);
    expect(ready.inputs).toHaveLength(7);
    const { ready: single } = session({ features: ['x1*x2'] });
    expect(single.topology.layers).toEqual([1, 4, 1]);
    expect(() => session({ features: [] })).toThrow(/at least one input feature/);
    expect(() => session({ features: ['x3'] })).toThrow(/Unknown input feature/);
    expect(() => session({ features: ['x1', 'x1'] })).toThrow(/twice/);
  });

  it('sends every candidate feature over the grid, in FEATURE_TERMS order, whichever are switched on', () => {
    const { ready } = session({ features: ['x2'] });
    expect(ready.candidateInputs).toHaveLength(FEATURE_TERMS.length);
    const { bounds } = ready.data;
    const raw = new Matrix(2, CELLS);
    for (let i = 0; i < GRID_SIZE; i++) {
      for (let j = 0; j < GRID_SIZE; j++) {
        raw.set(0, i * GRID_SIZE + j, columnX(bounds, j));
        raw.set(1, i * GRID_SIZE + j, rowY(bounds, i));
      }
    }
    const expected = featureExpansion(FEATURE_TERMS).fit(raw).transform(raw);
    FEATURE_TERMS.forEach((term, r) => {
      expect(ready.candidateInputs[r], term).toEqual(new Float32Array(expected.data.subarray(r * CELLS, (r + 1) * CELLS)));
    });
    // The active feature's map is the candidate's map.
    expect(ready.inputs[0]).toEqual(ready.candidateInputs[FEATURE_TERMS.indexOf('x2')]);
    const buffers = new Set(ready.candidateInputs.map((map) => map.buffer));
    expect(buffers.size).toBe(FEATURE_TERMS.length);
  });

  it('refuses impossible architectures with a clear message', () => {
    expect(() => session({ hidden: [4, 4], activations: ['tanh'] })).toThrow(/one activation per hidden layer/);
    expect(() => session({ hidden: [40], activations: ['tanh'] })).toThrow(/1 to 32 neurons/);
    expect(() => session({ hidden: [1, 1, 1, 1, 1, 1, 1], activations: Array(7).fill('tanh') })).toThrow(/0 to 6 layers/);
    expect(() => session({ activations: ['swish' as never] })).toThrow(/Unknown activation/);
  });
});

describe('the grid', () => {
  it('row 0 is the top (x2 = yMax) and column 0 the left: the x1, x2 and x1·x2 maps say so', () => {
    const { ready } = session({ features: ['x1', 'x2', 'x1*x2'] });
    const { bounds } = ready.data;
    const [x1, x2, product] = ready.inputs as [Float32Array, Float32Array, Float32Array];
    const step = (bounds.yMax - bounds.yMin) / GRID_SIZE;
    expect(x2[0]).toBe(Math.fround(bounds.yMax - step / 2));
    expect(x2[CELLS - 1]).toBe(Math.fround(bounds.yMin + step / 2));
    expect(x1[0]).toBe(Math.fround(bounds.xMin + step / 2));
    expect(x1[GRID_SIZE - 1]).toBe(Math.fround(bounds.xMax - step / 2));
    for (let i = 0; i < GRID_SIZE; i++) {
      for (let j = 0; j < GRID_SIZE; j++) {
        const k = i * GRID_SIZE + j;
        expect(x1[k]).toBe(Math.fround(columnX(bounds, j)));
        expect(x2[k]).toBe(Math.fround(rowY(bounds, i)));
        expect(product[k]).toBe(Math.fround(columnX(bounds, j) * rowY(bounds, i)));
      }
    }
  });

  it('the output map follows the same orientation: a linear unit with w = 1 on x2 outputs x2', () => {
    const { s, ready } = session({ problem: 'regression', dataset: 'plane', features: ['x2'], hidden: [], activations: [] });
    const snapshot = s.edit(1, 'W', 0, 0, 1);
    expect(snapshot.output).toEqual(ready.inputs[0]);
  });

  it('has fixed, square bounds per dataset that hold every point, whatever the noise or seed', () => {
    const bounds = (structure: Partial<StructureSettings>) => session({ dataset: 'moons', ...structure }).ready.data.bounds;
    const reference = bounds({ noise: 30, dataSeed: 1 });
    expect(bounds({ noise: 0, dataSeed: 1 })).toEqual(reference);
    expect(bounds({ noise: 60, dataSeed: 7 })).toEqual(reference);
    expect(reference.xMax - reference.xMin).toBeCloseTo(reference.yMax - reference.yMin, 12);
    const { data } = session({ dataset: 'moons', noise: 100, dataSeed: 9 }).ready;
    for (let k = 0; k < data.x1.length; k++) {
      expect(data.x1[k]).toBeGreaterThan(data.bounds.xMin);
      expect(data.x1[k]).toBeLessThan(data.bounds.xMax);
      expect(data.x2[k]).toBeGreaterThan(data.bounds.yMin);
      expect(data.x2[k]).toBeLessThan(data.bounds.yMax);
    }
  });
});

describe('divergence', () => {
  function divergence(run: () => unknown): TrainingDiverged {
    try {
      run();
    } catch (error) {
      if (error instanceof TrainingDiverged) return error;
      throw error;
    }
    throw new Error('expected the run to diverge');
  }

  it('stops on a learning rate far too high, showing the last network with a finite output; Reset recovers', () => {
    const { s, ready } = session({ problem: 'regression', dataset: 'plane', hidden: [4], activations: ['linear'], init: 'xavier' }, { learningRate: 50 });
    const seen: Snapshot[] = [ready.snapshot];
    let diverged: TrainingDiverged | null = null;
    while (diverged === null) {
      try {
        seen.push(s.step(1));
      } catch (error) {
        if (!(error instanceof TrainingDiverged)) throw error;
        diverged = error;
      }
    }
    const at = seen.length - 1 + 1; // the epoch whose step failed
    expect(diverged.message).toMatch(new RegExp(`^Training diverged at epoch ${at - 1}: the weights are still finite, but so large that the forward pass overflows`));
    // The network's own weights draw nothing (its cost is Infinity), so the snapshot is the last
    // snapshot that did draw: its epoch, costs, output and weights, bit for bit.
    const drawable = seen.filter((x) => Number.isFinite(x.trainCost) && x.output.every(Number.isFinite)).at(-1)!;
    expect(seen.at(-1)!.trainCost).toBe(Number.POSITIVE_INFINITY);
    const last = diverged.snapshot;
    expect(last.epoch).toBe(drawable.epoch);
    expect(last.epoch).toBeLessThan(at - 1);
    expect(last.trainCost).toBe(drawable.trainCost);
    expect(last.output).toEqual(drawable.output);
    expect(last.W).toEqual(drawable.W);
    expect(diverged.message).toMatch(new RegExp(`Showing the last network with a finite output \\(epoch ${drawable.epoch}, \\d+ epochs? earlier\\)\\. Lower the learning rate \\(now 50\\) and press Reset`));
    expect(last.diagnostics.some((d) => d.code === 'nonFinite')).toBe(true);
    // No chart point is an overflowed cost.
    expect(seen.flatMap((x) => x.history).every((p) => Number.isFinite(p.trainCost))).toBe(true);
    s.setLive({ ...LIVE, learningRate: 0.05 });
    const fresh = s.reset();
    expect(fresh.trainCost).toBe(ready.snapshot.trainCost);
    expect(s.step(50).trainCost).toBeLessThan(fresh.trainCost);
  });

  it('shows the network as it is when core refused an update it could still draw, and says to continue', () => {
    // W = 1e20 still draws (cost 1e40), but 1e300 times its gradient overflows: the update is refused.
    const { s } = session({ problem: 'regression', dataset: 'plane', hidden: [], activations: [] }, { learningRate: 1e300 });
    const edited = s.edit(1, 'W', 0, 0, 1e20);
    expect(Number.isFinite(edited.trainCost)).toBe(true);
    const diverged = divergence(() => s.step(3));
    expect(diverged.message).toMatch(/^Training diverged at epoch 0: the numbers grew to Infinity or NaN, so the last update was not applied .* Lower the learning rate \(now 1e\+300\) and continue, or press Reset/);
    const shown = diverged.snapshot;
    expect(shown.epoch).toBe(0);
    expect(shown.W[0]![0]).toBe(1e20);
    expect(shown.trainCost).toBe(edited.trainCost);
    expect(shown.output).toEqual(edited.output);
    s.setLive({ ...LIVE, learningRate: 0.05 });
    expect(s.step(1).epoch).toBe(1);
  });

  it('continues from where it stopped once the cause is gone', () => {
    const { s } = session({ problem: 'regression', dataset: 'plane', hidden: [], activations: [], trainPercent: 80 }, { learningRate: 0.1 });
    const before = s.step(10);
    // A weight so large that the squared error overflows: the next step stops in its forward pass.
    const edited = s.edit(1, 'W', 0, 0, 1e200);
    expect(edited.trainCost).toBe(Number.POSITIVE_INFINITY);
    const diverged = divergence(() => s.step(5));
    expect(diverged.message).toMatch(/forward pass overflows .* Showing the last network with a finite output \(epoch 10\)/);
    // The snapshot shows the network from before the edit; the network itself keeps the edit.
    expect(diverged.snapshot.epoch).toBe(10);
    expect(diverged.snapshot.W[0]![0]).toBe(before.W[0]![0]);
    expect(diverged.snapshot.trainCost).toBe(before.trainCost);
    expect(s.edit(1, 'W', 0, 0, 1e200).W[0]![0]).toBe(1e200);
    s.edit(1, 'W', 0, 0, before.W[0]![0]!);
    s.setLive({ ...LIVE, learningRate: 0.05 });
    const next = s.step(3);
    expect(next.epoch).toBe(13);
    expect(next.iteration).toBe(13);
    expect(next.trainCost).toBeLessThan(before.trainCost);
  });
});

describe('diagnostics', () => {
  it('passes core’s diagnostics on once, in the snapshot after they were raised', () => {
    // Zero initialization: every hidden unit of the layer stays identical (symmetricUnits).
    const { s } = session({ init: 'zeros' });
    const snapshots = [s.step(5), s.step(5)];
    const symmetric = snapshots[0]!.diagnostics.filter((d) => d.code === 'symmetricUnits');
    expect(symmetric).toHaveLength(1);
    expect(symmetric[0]).toMatchObject({ level: 'warning', layer: 1 });
    expect(typeof symmetric[0]!.message).toBe('string');
    expect(snapshots[1]!.diagnostics.filter((d) => d.code === 'symmetricUnits')).toEqual([]);
    // A reset starts a new run, whose diagnostics are new again.
    s.reset();
    expect(s.step(5).diagnostics.some((d) => d.code === 'symmetricUnits')).toBe(true);
  });
});

describe('messages', () => {
  it('every array of a reply has its own buffer, so all of them can be transferred', () => {
    const { ready } = session({ hidden: [4, 3], activations: ['tanh', 'tanh'] });
    const message = { type: 'ready' as const, requestId: 1, ...ready };
    const arrays = [ready.data.x1, ready.data.x2, ready.data.y, ready.data.test, ...ready.inputs, ...ready.candidateInputs, ready.snapshot.output, ...ready.snapshot.neurons.flat(), ...ready.snapshot.W, ...ready.snapshot.b];
    const buffers = transferables(message);
    expect(buffers).toHaveLength(arrays.length);
    for (const array of arrays) {
      expect(buffers).toContain(array.buffer);
      expect(array.byteLength).toBe(array.buffer.byteLength);
    }
    expect(payloadBytes(message)).toBe(arrays.reduce((sum, a) => sum + a.byteLength, 0));
    // structuredClone with the transfer list is what postMessage does: it must accept it.
    expect(() => structuredClone(message, { transfer: buffers })).not.toThrow();
  });
});
