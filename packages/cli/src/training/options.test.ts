import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { optionsToConfig, resolveTrainOptions, TRAIN_DEFAULTS } from './options';

describe('resolveTrainOptions', () => {
  it("defaults to the course's C1W3 planar experiment", () => {
    expect(resolveTrainOptions({})).toEqual({
      data: { kind: 'builtin', name: 'flower' },
      test: null,
      split: null,
      scale: null,
      normalize: 'none',
      features: null,
      hiddenSizes: [4],
      hidden: ['tanh'],
      head: null,
      init: 'random',
      initScale: 0.01,
      seed: 2,
      batchNorm: false,
      dtype: 'float64',
      learningRate: 1.2,
      iterations: 10000,
      epochs: null,
      batchSize: null,
      optimizer: 'gd',
      l2: 0,
      keepProb: null,
      decay: null,
      clip: null,
      earlyStopping: null,
      printEvery: 1000,
      out: null,
      resume: null,
      format: 'text',
    });
    expect(resolveTrainOptions({ ...TRAIN_DEFAULTS })).toEqual(resolveTrainOptions({}));
  });

  it('reads every flag as typed on the command line', () => {
    const options = resolveTrainOptions({
      data: 'cat.h5', x: 'train_set_x', y: 'train_set_y', scale: '255', normalize: 'standard', split: '0.2',
      layers: '20,7,5', hidden: 'relu,relu,tanh', head: 'binary', init: 'he', initScale: '0.5', seed: '1', batchNorm: true,
      lr: '0.0075', epochs: '30', batchSize: '64', optimizer: 'adam', l2: '0.7', keepProb: '0.8', decay: '0.3', clip: '5',
      earlyStopping: '3', printEvery: '100', out: 'm.json', json: true,
    });
    expect(options).toMatchObject({
      data: { kind: 'file', path: 'cat.h5', x: 'train_set_x', y: 'train_set_y' },
      split: 0.2, scale: 255, normalize: 'standard', hiddenSizes: [20, 7, 5], hidden: ['relu', 'relu', 'tanh'], head: 'binary',
      init: 'he', initScale: 0.5, seed: 1, batchNorm: true, learningRate: 0.0075, iterations: null, epochs: 30, batchSize: 64,
      optimizer: 'adam', l2: 0.7, keepProb: [0.8, 0.8, 0.8], decay: 0.3, clip: 5, earlyStopping: 3, printEvery: 100, out: 'm.json', format: 'json',
    });
  });

  it('reads --label as a column name or a 0-based index', () => {
    expect(resolveTrainOptions({ data: 'a.csv', label: 'species' }).data).toEqual({ kind: 'file', path: 'a.csv', label: 'species' });
    expect(resolveTrainOptions({ data: 'a.csv', label: '-1' }).data).toEqual({ kind: 'file', path: 'a.csv', label: -1 });
  });

  it('prints a tenth of the epochs by default', () => {
    expect(resolveTrainOptions({ epochs: '50' }).printEvery).toBe(5);
  });

  it('names where a bad value came from', () => {
    expect(() => resolveTrainOptions({ lr: 'abc' }, { lr: 'train.json' })).toThrow(new UsageError("--lr (train.json): 'abc' is not a positive finite number"));
  });

  it.each([
    [{ layers: '4,x' }, "--layers: 'x' is not a positive integer"],
    [{ hidden: 'relu,tanh' }, '--hidden: 2 values (relu,tanh) but --layers 4 has 1 hidden layer; give one value for all or one per layer'],
    [{ hidden: 'nope' }, "--hidden: 'nope' is not one of sigmoid, tanh, relu, leakyRelu, linear"],
    [{ init: 'glorot' }, "--init: 'glorot' is not one of zeros, random, xavier, he"],
    [{ head: 'softmax' }, "--head: 'softmax' is not one of binary, multiclass, regression"],
    [{ lr: '-1' }, "--lr: '-1' is not a positive finite number"],
    [{ iterations: '2.5' }, "--iterations: '2.5' is not a positive integer"],
    [{ seed: '-3' }, "--seed: '-3' is not an integer in [0, 4294967295]"],
    [{ split: '1' }, "--split: '1' is not a number strictly between 0 and 1"],
    [{ keepProb: '0' }, "--keep-prob: '0' is not a probability in (0, 1]"],
    [{ keepProb: '0.5,0.5' }, '--keep-prob: 2 values but --layers 4 has 1 hidden layer; give one value for all or one per layer'],
    [{ optimizer: 'sgd' }, "--optimizer: 'sgd' is not one of gd, momentum, rmsprop, adam"],
    [{ normalize: 'zscore' }, "--normalize: 'zscore' is not one of none, standard, minmax"],
    [{ quiet: true, json: true }, '--quiet and --json cannot be used together'],
    [{ iterations: '5', epochs: '5' }, '--iterations and --epochs cannot be used together: --iterations counts full-batch steps, --epochs passes over the data in mini-batches'],
    [{ batchSize: '32' }, '--batch-size needs --epochs (--iterations are full-batch steps)'],
    [{ earlyStopping: '3' }, '--early-stopping needs validation data: give --test FILE or --split FRACTION'],
    [{ data: 'a.csv', test: 'b.csv', split: '0.2' }, '--test and --split cannot be used together: give a test file or a fraction to hold out'],
    [{ testX: 'x' }, '--test-x needs --test FILE'],
    [{ x: 'train_set_x' }, '--x needs --data FILE (without --data, ann trains on the built-in flower)'],
    [{ data: '-' }, "--data: ann train reads a file; standard input ('-') is for ann predict"],
  ])('rejects %j: %s', (args, message) => {
    expect(() => resolveTrainOptions(args)).toThrow(new UsageError(message));
  });

  it('writes options back as flags that resolve to the same options', () => {
    const options = resolveTrainOptions({ data: 'a.csv', label: 'y', layers: '8,4', hidden: 'relu', lr: '0.1', epochs: '20', batchSize: '16', optimizer: 'adam', keepProb: '0.9', split: '0.25' });
    const config = optionsToConfig(options);
    expect(config).toMatchObject({ data: 'a.csv', label: 'y', layers: '8,4', hidden: 'relu,relu', lr: 0.1, epochs: 20, 'batch-size': 16, 'keep-prob': '0.9,0.9' });
    const camel = Object.fromEntries(Object.entries(config).map(([key, value]) => [key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()), value]));
    expect(resolveTrainOptions(camel)).toEqual(options);
  });
});
