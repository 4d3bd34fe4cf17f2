import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { parseTextList } from '../flags';
import { optionsToConfig, resolveTrainOptions } from './options';

describe('--features', () => {
  it('splits the comma-separated terms, trimmed, and saves them in the training configuration', () => {
    const options = resolveTrainOptions({ features: 'x1, x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)' });
    expect(options.features).toEqual(['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
    expect(optionsToConfig(options).features).toBe('x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)');
    // A config file's list arrives joined by commas (config.ts), and reads back the same.
    expect(resolveTrainOptions({ features: ['x1^2', 'x2^2'].join(',') }).features).toEqual(['x1^2', 'x2^2']);
    expect(resolveTrainOptions({}).features).toBeNull();
    expect('features' in optionsToConfig(resolveTrainOptions({}))).toBe(false);
  });

  it('refuses an empty list or an empty item, naming the flag and where it came from', () => {
    expect(() => resolveTrainOptions({ features: '' })).toThrow(UsageError);
    expect(() => resolveTrainOptions({ features: '' })).toThrow('--features: missing value');
    expect(() => resolveTrainOptions({ features: 'x1,,x2' }, { features: 'train.json' })).toThrow("--features (train.json): item 2 of 'x1,,x2' is empty; expected a comma-separated list");
    expect(() => parseTextList('--features', 'x1,')).toThrow("--features: item 2 of 'x1,' is empty");
    expect(() => parseTextList('--features', ['x1', 'x2'])).toThrow('--features: given more than once (x1 x2)');
  });
});
