import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { resolveTrainOptions, TRAIN_DEFAULTS } from './train';

describe('resolveTrainOptions', () => {
  it("defaults to the course's C1W3 planar experiment", () => {
    expect(resolveTrainOptions({})).toEqual({
      data: { kind: 'builtin', name: 'flower' },
      hiddenSizes: [4],
      hidden: ['tanh'],
      init: 'random',
      initScale: 0.01,
      learningRate: 1.2,
      iterations: 10000,
      seed: 2,
      printEvery: 1000,
      format: 'text',
    });
    // What yargs passes when no flag is given: the declared defaults.
    expect(resolveTrainOptions({ ...TRAIN_DEFAULTS })).toEqual(resolveTrainOptions({}));
  });

  it('reads every flag as typed on the command line', () => {
    const options = resolveTrainOptions({
      layers: '20,7,5',
      hidden: 'relu,relu,tanh',
      init: 'he',
      initScale: '0.5',
      lr: '0.0075',
      iterations: '2500',
      seed: '1',
      printEvery: '100',
      json: true,
    });
    expect(options).toMatchObject({
      hiddenSizes: [20, 7, 5],
      hidden: ['relu', 'relu', 'tanh'],
      init: 'he',
      initScale: 0.5,
      learningRate: 0.0075,
      iterations: 2500,
      seed: 1,
      printEvery: 100,
      format: 'json',
    });
  });

  it('uses one hidden activation for every layer', () => {
    expect(resolveTrainOptions({ layers: '5,5,5', hidden: 'leakyRelu' }).hidden).toEqual(['leakyRelu', 'leakyRelu', 'leakyRelu']);
  });

  it('selects quiet output', () => {
    expect(resolveTrainOptions({ quiet: true }).format).toBe('quiet');
  });

  it.each([
    [{ layers: '4,x' }, "--layers: 'x' is not a positive integer"],
    [{ layers: '0' }, "--layers: '0' is not a positive integer"],
    [{ hidden: 'relu,tanh' }, '--hidden: 2 values (relu,tanh) but --layers 4 has 1 hidden layer; give one value for all or one per layer'],
    [{ layers: '3,3', hidden: 'relu,relu,relu' }, '--hidden: 3 values (relu,relu,relu) but --layers 3,3 has 2 hidden layers; give one value for all or one per layer'],
    [{ hidden: 'nope' }, "--hidden: 'nope' is not one of sigmoid, tanh, relu, leakyRelu, linear"],
    [{ init: 'glorot' }, "--init: 'glorot' is not one of zeros, random, xavier, he"],
    [{ initScale: '0' }, "--init-scale: '0' is not a positive finite number"],
    [{ lr: '-1' }, "--lr: '-1' is not a positive finite number"],
    [{ lr: 'abc' }, "--lr: 'abc' is not a positive finite number"],
    [{ iterations: '0' }, "--iterations: '0' is not a positive integer"],
    [{ iterations: '2.5' }, "--iterations: '2.5' is not a positive integer"],
    [{ seed: '-3' }, "--seed: '-3' is not an integer in [0, 4294967295]"],
    [{ printEvery: '0' }, "--print-every: '0' is not a positive integer"],
    [{ quiet: true, json: true }, '--quiet and --json cannot be used together'],
  ])('rejects %j: %s', (args, message) => {
    expect(() => resolveTrainOptions(args)).toThrow(new UsageError(message));
  });
});
