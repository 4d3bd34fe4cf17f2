// Model files in and out of a session, and the gradient check, against core computing the same.
import { DATASET_CATALOG, Matrix, Model, Network, featureExpansion, gradientCheck, standardize } from '@ann/core';
import { describe, expect, it } from 'vitest';
import type { LiveSettings, StructureSettings } from '../protocol';
import { generate } from './data';
import { GRADIENT_CHECK_EXAMPLES, PlaygroundSession, SettingsError } from './session';

const MOONS: StructureSettings = {
  problem: 'classification',
  dataset: 'moons',
  classes: 3,
  noise: 50,
  trainPercent: 100,
  dataSeed: 3,
  features: ['x1', 'x2', 'x1*x2'],
  hidden: [5, 2],
  activations: ['relu', 'tanh'],
  init: 'he',
  initScale: 0.01,
  shuffle: 'generator',
  weightSeed: 3,
  batchSize: 0,
};
const LIVE: LiveSettings = { learningRate: 0.3, l2: 0, dropout: 0, optimizer: 'gd', beta: 0.9, beta1: 0.9, beta2: 0.999 };

function trained(structure: Partial<StructureSettings> = {}, steps = 50) {
  const s = new PlaygroundSession();
  const ready = s.configure({ ...MOONS, ...structure }, LIVE);
  const snapshot = s.step(steps);
  return { s, ready, snapshot };
}

/** The raw moons the session trains on (trainPercent 100: every example). */
function moonsRaw() {
  return generate(DATASET_CATALOG.find((d) => d.name === 'moons')!, MOONS.dataSeed, MOONS.noise, MOONS.classes);
}

describe('Export model', () => {
  it('writes an ann-model file with the feature expansion, names and metrics that predicts as the session does', () => {
    const { s, snapshot } = trained();
    const { text, fileName } = s.exportModel();
    expect(fileName).toBe('playground-moons-epoch-50.json');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.format).toBe('ann-model');
    expect(doc.preprocessing).toEqual([{ kind: 'features', terms: ['x1', 'x2', 'x1*x2'], inputs: 2 }]);
    expect(doc.featureNames).toEqual(['x1', 'x2']);
    expect(doc.classNames).toEqual(['0', '1']);
    const model = Model.parse(text, fileName);
    expect(model.network.layers).toEqual([3, 5, 2, 1]);
    expect(model.network.hidden).toEqual(['relu', 'tanh']);
    const metrics = model.metrics as { train: { cost: number; accuracy: number } };
    expect(metrics.train.cost).toBe(snapshot.trainCost);
    expect(metrics.train.accuracy).toBe(snapshot.trainAccuracy);
    expect(model.training?.config).toMatchObject({ learningRate: 0.3, optimizer: 'gd', epochs: 50, init: 'he' });
    // The model takes the raw inputs: its cost on the raw data is the session's cost.
    const { X, Y } = moonsRaw();
    expect(model.network.evaluate(model.transform(X), Y).cost).toBeCloseTo(snapshot.trainCost, 12);
  });
});

describe('Import model', () => {
  it('takes on an exported model: the same network, features and cost, and Reset goes back to its weights', () => {
    const { s, snapshot } = trained();
    const { text } = s.exportModel();
    const other = new PlaygroundSession();
    other.configure({ ...MOONS, features: ['x1', 'x2'], hidden: [4], activations: ['tanh'], init: 'random' }, LIVE);
    const ready = other.importModel(text, 'm.json', { ...MOONS, features: ['x1', 'x2'], hidden: [4], activations: ['tanh'], init: 'random' }, LIVE);
    expect(ready.structure).toMatchObject({ features: ['x1', 'x2', 'x1*x2'], hidden: [5, 2], activations: ['relu', 'tanh'], init: 'he', dataset: 'moons' });
    expect(ready.topology.layers).toEqual([3, 5, 2, 1]);
    expect(ready.snapshot.epoch).toBe(0);
    expect(ready.snapshot.trainCost).toBe(snapshot.trainCost);
    expect(Array.from(ready.snapshot.W[0]!)).toEqual(Array.from(snapshot.W[0]!));
    expect(ready.summary).toContain('[3, 5, 2, 1]');
    // It trains on, and Reset returns to the imported weights.
    const after = other.step(10);
    expect(after.trainCost).toBeLessThan(snapshot.trainCost);
    expect(other.reset().trainCost).toBe(snapshot.trainCost);
  });

  it('puts W1 columns into the page feature order when the file lists its terms in another order', () => {
    const { X, Y } = moonsRaw();
    const terms = ['x1*x2', 'x2', 'x1'];
    const expansion = featureExpansion(terms).fit(X);
    const net = new Network({ layers: [3, 4, 1], hidden: 'tanh', seed: 5 });
    net.fit(expansion.transform(X), Y, { learningRate: 0.5, iterations: 30 });
    const text = new Model({ network: net, preprocessing: [expansion] }).serialize();
    const s = new PlaygroundSession();
    const ready = s.importModel(text, 'cli.json', MOONS, LIVE);
    expect(ready.structure.features).toEqual(['x1', 'x2', 'x1*x2']);
    expect(ready.snapshot.trainCost).toBeCloseTo(net.evaluate(expansion.transform(X), Y).cost, 12);
  });

  it('imports a model without preprocessing as the raw x1, x2', () => {
    const { X, Y } = moonsRaw();
    const net = new Network({ layers: [2, 3, 1], hidden: 'relu', init: 'he', seed: 1 });
    net.fit(X, Y, { learningRate: 0.1, iterations: 20 });
    const s = new PlaygroundSession();
    const ready = s.importModel(new Model({ network: net }).serialize(), 'raw.json', MOONS, LIVE);
    expect(ready.structure.features).toEqual(['x1', 'x2']);
    expect(ready.snapshot.trainCost).toBe(net.evaluate(X, Y).cost);
    expect(ready.snapshot.trainAccuracy).toBe(net.evaluate(X, Y).accuracy);
  });

  it('switches the problem type to the model output (softmax with 3 classes: multi-class)', () => {
    const net = new Network({ layers: [2, 6, 3], output: 'softmax', seed: 1 });
    const s = new PlaygroundSession();
    const ready = s.importModel(new Model({ network: net }).serialize(), 'k3.json', MOONS, LIVE);
    expect(ready.structure.problem).toBe('multiclass');
    expect(ready.structure.classes).toBe(3);
    expect(ready.structure.dataset).toBe('spirals');
    expect(ready.topology.layers).toEqual([2, 6, 3]);
  });

  it('refuses what the playground cannot take, saying why, and keeps the current run', () => {
    const { s, snapshot } = trained();
    const cases: [string, RegExp][] = [
      ['{"format": "ann-model", ', /m\.json/],
      [new Model({ network: new Network({ layers: [4, 3, 1], seed: 1 }) }).serialize(), /takes 4 raw inputs, but the playground's data has two \(x1, x2\)/],
      [
        new Model({ network: new Network({ layers: [2, 3, 1], seed: 1 }), preprocessing: [standardize().fit(moonsRaw().X)] }).serialize(),
        /preprocesses its inputs \(preprocessing\[0\]: standardize\)/,
      ],
      [new Model({ network: new Network({ layers: [2, 3, 2], output: 'softmax', seed: 1 }) }).serialize(), /output \(2 softmax units\) is none of the playground's/],
      [new Model({ network: new Network({ layers: [2, 40, 1], seed: 1 }) }).serialize(), /hidden layer 1 of \[2, 40, 1\] has 40 units/],
      [new Model({ network: new Network({ layers: [2, 3, 1], seed: 1, batchNorm: true }) }).serialize(), /batch normalization/],
    ];
    for (const [text, message] of cases) {
      expect(() => s.importModel(text, 'm.json', MOONS, LIVE)).toThrow(SettingsError);
      expect(() => s.importModel(text, 'm.json', MOONS, LIVE)).toThrow(message);
    }
    // Nothing was lost: the run is where it was and steps on.
    expect(s.reset().epoch).toBe(0);
    expect(s.step(50).trainCost).toBe(snapshot.trainCost);
  });
});

describe('Check gradients', () => {
  it('is core gradientCheck on a spread sample of the training set, per layer, and leaves the network alone', () => {
    const { s, snapshot } = trained({ activations: ['tanh', 'tanh'] }, 20);
    const report = s.checkGradients();
    expect(report.examples).toBe(GRADIENT_CHECK_EXAMPLES);
    expect(report.epoch).toBe(20);
    expect(report.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    // The same check by hand: the session's parameters, the same examples.
    const { X, Y } = moonsRaw();
    const expansion = featureExpansion(MOONS.features).fit(X);
    const EX = expansion.transform(X);
    const m = EX.cols;
    const k = GRADIENT_CHECK_EXAMPLES;
    const Xs = new Matrix(EX.rows, k);
    const Ys = new Matrix(1, k);
    for (let j = 0; j < k; j++) {
      const from = Math.floor((j * m) / k);
      for (let r = 0; r < EX.rows; r++) Xs.set(r, j, EX.get(r, from));
      Ys.set(0, j, Y.get(0, from));
    }
    const net = new Network({ layers: [3, 5, 2, 1], hidden: ['tanh', 'tanh'], init: 'he', seed: 3 });
    const params: Record<string, Matrix> = {};
    snapshot.W.forEach((w, i) => {
      const l = i + 1;
      params[`W${l}`] = new Matrix(net.layers[l]!, net.layers[l - 1]!, Float64Array.from(w));
      params[`b${l}`] = new Matrix(net.layers[l]!, 1, Float64Array.from(snapshot.b[i]!));
    });
    net.setParameters(params);
    const expected = gradientCheck(net, Xs, Ys, { threshold: 2e-7 });
    expect(report.difference).toBe(expected.difference);
    expect(report.passed).toBe(true);
    expect(report.layers[0]!.W).toBe(expected.perParameter.W1);
    expect(report.layers[2]!.b).toBe(expected.perParameter.b3);
    expect(report.layers.map((l) => l.difference)).toEqual(expected.perLayer);
    expect(report.layers.every((l) => l.passed)).toBe(true);
    // The run is untouched.
    expect(s.step(1).epoch).toBe(21);
  });

  it('passes on the default network (the flower, 2-4-1 tanh) at epoch 0', () => {
    const s = new PlaygroundSession();
    s.configure({ ...MOONS, dataset: 'planarFlower', noise: 0, trainPercent: 80, dataSeed: 1, features: ['x1', 'x2'], hidden: [4], activations: ['tanh'], init: 'random', weightSeed: 2 }, { ...LIVE, learningRate: 1.2 });
    const report = s.checkGradients();
    expect(report.passed).toBe(true);
    expect(report.difference).toBeLessThan(2e-7);
    expect(report.layers).toHaveLength(2);
  });

  it('needs a configured run', () => {
    expect(() => new PlaygroundSession().checkGradients()).toThrow('send configure first');
  });
});
