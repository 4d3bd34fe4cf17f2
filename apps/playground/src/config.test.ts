import { ACTIVATIONS, DATASET_CATALOG, INITIALIZATIONS, OPTIMIZERS } from '@ann/core';
import { describe, expect, it } from 'vitest';
import {
  DATASET_CHOICES,
  DEFAULT_FORM,
  datasetDefaults,
  datasetLabel,
  hasNoise,
  parseDataForm,
  parseHiddenLayerSizes,
  parseTrainingForm,
  plannedSteps,
  recordEveryFor,
  stepUnitFor,
  type TrainingForm,
} from './config';

function parse(changes: Partial<TrainingForm>) {
  return parseTrainingForm({ ...DEFAULT_FORM, ...changes });
}

describe('parseHiddenLayerSizes', () => {
  it('reads one size or a comma-separated list, ignoring spaces', () => {
    expect(parseHiddenLayerSizes('4')).toEqual({ ok: true, sizes: [4] });
    expect(parseHiddenLayerSizes('8,8')).toEqual({ ok: true, sizes: [8, 8] });
    expect(parseHiddenLayerSizes(' 20 , 7,5 ')).toEqual({ ok: true, sizes: [20, 7, 5] });
  });

  it.each([
    ['', /at least one size/],
    ['   ', /at least one size/],
    ['abc', /"abc" is not a positive whole number/],
    ['4,', /an empty entry/],
    ['-3', /"-3" is not a positive whole number/],
    ['2.5', /"2.5" is not a positive whole number/],
    ['0', /between 1 and 256, got 0/],
    ['1000', /between 1 and 256, got 1000/],
    ['1,1,1,1,1,1,1,1,1', /at most 8 hidden layers/],
  ])('rejects %j', (text, message) => {
    const result = parseHiddenLayerSizes(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('choices from core', () => {
  it('offers every classification dataset of the catalogue, and not the regression plane', () => {
    expect(DATASET_CHOICES.map((info) => info.name)).toEqual(['planarFlower', 'moons', 'circles', 'xor', 'gaussian', 'spiral']);
    expect(DATASET_CHOICES).toEqual(DATASET_CATALOG.filter((info) => info.task === 'binary'));
  });

  it('labels catalogue names for people and knows which generators take noise', () => {
    expect(datasetLabel('planarFlower')).toBe('planar flower');
    expect(datasetLabel('moons')).toBe('moons');
    expect(DATASET_CHOICES.filter(hasNoise).map((info) => info.name)).toEqual(['moons', 'circles', 'xor', 'gaussian', 'spiral']);
  });

  it('resets noise and seed to the catalogue defaults of a dataset', () => {
    const moons = DATASET_CHOICES.find((info) => info.name === 'moons')!;
    expect(datasetDefaults(moons)).toEqual({ dataset: 'moons', noise: '0.2', dataSeed: '3' });
    const flower = DATASET_CHOICES.find((info) => info.name === 'planarFlower')!;
    expect(datasetDefaults(flower)).toEqual({ dataset: 'planarFlower', noise: '', dataSeed: '1' });
  });

  it('accepts every activation, initialization and optimizer core lists', () => {
    for (const activation of ACTIVATIONS) expect(parse({ activation }).ok).toBe(true);
    for (const init of INITIALIZATIONS) expect(parse({ init }).ok).toBe(true);
    for (const optimizer of OPTIMIZERS) expect(parse({ optimizer }).ok).toBe(true);
  });
});

describe('parseTrainingForm', () => {
  it('turns the default form into the course planar experiment on the flower, 20% held out', () => {
    expect(parseTrainingForm(DEFAULT_FORM)).toEqual({
      ok: true,
      config: {
        data: { name: 'planarFlower', noise: null, seed: 1, testFraction: 0.2 },
        model: { hiddenLayerSizes: [4], hiddenActivation: 'tanh', init: 'random', initScale: 0.01, batchNorm: false, seed: 2 },
        training: {
          optimizer: 'gd',
          learningRate: 1.2,
          schedule: { mode: 'iterations', iterations: 10000 },
          l2: 0,
          keepProb: 1,
          recordEvery: 100,
        },
      },
    });
  });

  it('reads a mini-batch run: the iterations field then counts epochs', () => {
    const result = parse({
      dataset: 'moons',
      noise: '0.3',
      dataSeed: '7',
      testPercent: '0',
      optimizer: 'adam',
      learningRate: '0.01',
      batchSize: ' 32 ',
      iterations: '300',
      l2: '0.7',
      keepProb: '0.86',
      batchNorm: true,
      init: 'he',
      activation: 'relu',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.data).toEqual({ name: 'moons', noise: 0.3, seed: 7, testFraction: 0 });
    expect(result.config.model).toMatchObject({ hiddenActivation: 'relu', init: 'he', batchNorm: true });
    expect(result.config.training).toEqual({
      optimizer: 'adam',
      learningRate: 0.01,
      schedule: { mode: 'epochs', epochs: 300, batchSize: 32 },
      l2: 0.7,
      keepProb: 0.86,
      recordEvery: 3,
    });
    expect(plannedSteps(result.config.training.schedule)).toBe(300);
  });

  it('ignores the noise field for the flower, which has no noise option', () => {
    const result = parse({ dataset: 'planarFlower', noise: 'not a number' });
    expect(result.ok && result.config.data.noise).toBe(null);
  });

  it.each([
    ['learningRate', '', /Learning rate: enter a number/],
    ['learningRate', 'fast', /Learning rate: enter a number/],
    ['learningRate', '0', /greater than 0, got 0/],
    ['learningRate', '-0.5', /greater than 0, got -0.5/],
    ['learningRate', 'Infinity', /Learning rate: enter a number/],
    ['iterations', '', /Iterations: enter a whole number/],
    ['iterations', '0', /Iterations must be from 1/],
    ['iterations', '-10', /Iterations: enter a whole number/],
    ['iterations', '1e3', /Iterations: enter a whole number/],
    ['seed', '', /Seed: enter a whole number/],
    ['seed', '-1', /Seed: enter a whole number/],
    ['activation', 'softmax', /Activation: choose one of sigmoid, tanh, relu, leakyRelu, linear/],
    ['init', 'glorot', /Initialization: choose one of zeros, random, xavier, he/],
    ['optimizer', 'sgd', /Optimizer: choose one of gd, momentum, rmsprop, adam/],
    ['batchSize', '0', /Batch size must be from 1/],
    ['batchSize', '-32', /Batch size: enter a whole number .* or leave it empty/],
    ['batchSize', '3.5', /Batch size: enter a whole number/],
    ['batchSize', 'all', /Batch size: enter a whole number/],
    ['l2', '', /L2 λ: enter a number/],
    ['l2', '-0.1', /L2 λ must be 0 or more, got -0.1/],
    ['l2', 'x', /L2 λ: enter a number/],
    ['keepProb', '', /Keep probability: enter a number/],
    ['keepProb', '0', /Keep probability must be in \(0, 1\], got 0/],
    ['keepProb', '1.5', /Keep probability must be in \(0, 1\], got 1.5/],
    ['keepProb', '-0.2', /Keep probability must be in \(0, 1\], got -0.2/],
    ['dataset', 'plane', /Dataset: choose one of planarFlower, moons/],
    ['dataSeed', '1.5', /Data seed: enter a whole number/],
    ['testPercent', '', /Test split %: enter a whole number from 0 to 50/],
    ['testPercent', '80', /Test split % must be from 0 to 50, got 80/],
  ] as const)('rejects %s = %j with a message for that field only', (field, text, message) => {
    const result = parse({ [field]: text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field]).toMatch(message);
  });

  it('checks the noise of a dataset that has one', () => {
    for (const [noise, message] of [
      ['', /Noise: enter a number/],
      ['-1', /Noise must be 0 or more/],
    ] as const) {
      const result = parse({ dataset: 'moons', noise });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors).toEqual({ noise: expect.stringMatching(message) });
    }
  });

  it('names epochs, not iterations, in the message once a batch size is given', () => {
    const result = parse({ batchSize: '32', iterations: '0' });
    expect(!result.ok && result.errors.iterations).toMatch(/Epochs must be from 1/);
  });

  it('reports every invalid field at once', () => {
    const result = parse({ hiddenLayers: '', learningRate: '0', keepProb: '2', batchSize: '0' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['batchSize', 'hiddenLayers', 'keepProb', 'learningRate']);
    }
  });

  it('accepts small and scientific learning rates', () => {
    const result = parse({ learningRate: '7.5e-3' });
    expect(result.ok && result.config.training.learningRate).toBe(0.0075);
  });
});

describe('parseDataForm', () => {
  it('validates the dataset controls alone', () => {
    expect(parseDataForm({ dataset: 'spiral', noise: '0', dataSeed: '0', testPercent: '50' })).toEqual({
      ok: true,
      data: { name: 'spiral', noise: 0, seed: 0, testFraction: 0.5 },
    });
    const result = parseDataForm({ dataset: 'xor', noise: 'lots', dataSeed: '1', testPercent: '20' });
    expect(result.ok).toBe(false);
  });
});

describe('stepUnitFor and recordEveryFor', () => {
  it('counts iterations with the full batch, epochs with mini-batches', () => {
    expect(stepUnitFor('')).toBe('iteration');
    expect(stepUnitFor('  ')).toBe('iteration');
    expect(stepUnitFor('64')).toBe('epoch');
  });

  it('records about 100 costs per run, at least one iteration per chunk', () => {
    expect(recordEveryFor(10000)).toBe(100);
    expect(recordEveryFor(3000)).toBe(30);
    expect(recordEveryFor(150)).toBe(2);
    expect(recordEveryFor(7)).toBe(1);
  });
});
