import { Network, datasets } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, parseTrainingForm, type TrainingForm } from './config';
import { coordinates, fitOptions, networkOptions, prepareData } from './engine';

function config(changes: Partial<TrainingForm> = {}) {
  const result = parseTrainingForm({ ...DEFAULT_FORM, ...changes });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe('prepareData', () => {
  it('generates the catalogue dataset and holds out a seeded 20%, marking the test columns', () => {
    const prepared = prepareData(config().data);
    const flower = datasets.planarFlower({ seed: 1 });
    expect(prepared.all.X.toArray()).toEqual(flower.X.toArray());
    expect(prepared.train.X.cols).toBe(320);
    expect(prepared.test?.X.cols).toBe(80);
    expect(prepared.isTest.filter(Boolean)).toHaveLength(80);
    // The same controls give the same split.
    expect(prepareData(config().data).isTest).toEqual(prepared.isTest);
  });

  it('passes noise and seed to generators that take them', () => {
    const data = config({ dataset: 'moons', noise: '0.1', dataSeed: '5', testPercent: '0' }).data;
    const prepared = prepareData(data);
    expect(coordinates(prepared.all.X)).toEqual(coordinates(datasets.moons({ noise: 0.1, seed: 5 }).X));
    expect(prepared.test).toBe(null);
    expect(prepared.train).toBe(prepared.all);
  });
});

describe('networkOptions and fitOptions', () => {
  it('builds a 2-input sigmoid classifier with the chosen hidden layers', () => {
    expect(networkOptions(config({ hiddenLayers: '8,8', batchNorm: true }).model, 2)).toEqual({
      layers: [2, 8, 8, 1],
      hidden: 'tanh',
      output: 'sigmoid',
      init: 'random',
      initScale: 0.01,
      batchNorm: true,
      seed: 2,
    });
  });

  it('uses full-batch iterations without a batch size, epochs of mini-batches with one', () => {
    const fullBatch = fitOptions(config().training, { test: null });
    expect(fullBatch).toMatchObject({ iterations: 10000, learningRate: 1.2, optimizer: 'gd', recordEvery: 100 });
    expect(fullBatch).not.toHaveProperty('batchSize');
    expect(fullBatch).not.toHaveProperty('validationData');

    const miniBatch = fitOptions(config({ batchSize: '32', iterations: '300', optimizer: 'adam' }).training, { test: null });
    expect(miniBatch).toMatchObject({ epochs: 300, batchSize: 32, optimizer: 'adam', recordEvery: 3 });
    expect(miniBatch).not.toHaveProperty('iterations');
  });

  it('gives options core accepts: a short run records train and test costs through the stepping API', () => {
    const { data, model, training } = config({ iterations: '20' });
    const prepared = prepareData(data);
    const network = new Network(networkOptions(model, 2));
    const records: { iteration: number; testCost?: number }[] = [];
    const trainer = network.trainer(
      prepared.train.X,
      prepared.train.Y,
      fitOptions(training, { test: prepared.test, onRecord: (record) => records.push({ iteration: record.iteration, testCost: record.validation?.cost }) }),
    );
    let steps = 0;
    while (trainer.step() !== null) steps++;
    expect(steps).toBe(20);
    expect(records.map((record) => record.iteration)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(records[0]!.testCost).toBeCloseTo(Math.log(2), 2);
  });
});
