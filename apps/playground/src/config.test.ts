import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, parseHiddenLayerSizes, parseTrainingForm, recordEveryFor } from './config';

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

describe('parseTrainingForm', () => {
  it('turns the default form into the course planar experiment', () => {
    expect(parseTrainingForm(DEFAULT_FORM)).toEqual({
      ok: true,
      config: {
        hiddenLayerSizes: [4],
        hiddenActivation: 'tanh',
        learningRate: 1.2,
        iterations: 10000,
        seed: 2,
        init: 'random',
        initScale: 0.01,
        recordEvery: 100,
      },
    });
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
    ['activation', 'softmax', /Activation: choose one of tanh, relu, sigmoid, leakyRelu, linear/],
  ] as const)('rejects %s = %j with a message for that field only', (field, text, message) => {
    const result = parseTrainingForm({ ...DEFAULT_FORM, [field]: text });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field]).toMatch(message);
  });

  it('reports every invalid field at once', () => {
    const result = parseTrainingForm({ ...DEFAULT_FORM, hiddenLayers: '', learningRate: '0' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['hiddenLayers', 'learningRate']);
  });

  it('accepts small and scientific learning rates', () => {
    const result = parseTrainingForm({ ...DEFAULT_FORM, learningRate: '7.5e-3' });
    expect(result.ok && result.config.learningRate).toBe(0.0075);
  });
});

describe('recordEveryFor', () => {
  it('records about 100 costs per run, at least one iteration per chunk', () => {
    expect(recordEveryFor(10000)).toBe(100);
    expect(recordEveryFor(3000)).toBe(30);
    expect(recordEveryFor(150)).toBe(2);
    expect(recordEveryFor(7)).toBe(1);
  });
});
