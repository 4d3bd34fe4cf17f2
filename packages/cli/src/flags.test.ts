import { describe, expect, it } from 'vitest';
import { UsageError } from './errors';
import {
  parseChoice,
  parseChoiceList,
  parsePositiveInteger,
  parsePositiveIntegerList,
  parsePositiveNumber,
  parseSeed,
} from './flags';

/** The UsageError message `run` throws. */
function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('parsePositiveInteger', () => {
  it('accepts positive integers given as strings or numbers', () => {
    expect(parsePositiveInteger('--iterations', '10000')).toBe(10000);
    expect(parsePositiveInteger('--iterations', 1)).toBe(1);
    expect(parsePositiveInteger('--iterations', ' 7 ')).toBe(7);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '0x10', '99999999999999999999'])('rejects %j, naming the flag', (value) => {
    expect(usageMessage(() => parsePositiveInteger('--iterations', value))).toBe(
      `--iterations: '${value.trim()}' is not a positive integer`,
    );
  });
});

describe('parsePositiveNumber', () => {
  it.each([
    ['1.2', 1.2],
    ['0.0075', 0.0075],
    ['1e-3', 0.001],
    ['.5', 0.5],
    ['3', 3],
    ['1E9', 1e9],
  ])('accepts %j', (value, expected) => {
    expect(parsePositiveNumber('--lr', value)).toBe(expected);
  });

  it.each(['-1', '0', 'abc', '', 'Infinity', 'NaN', '1e999', '0x10', '1,2'])('rejects %j, naming the flag', (value) => {
    expect(usageMessage(() => parsePositiveNumber('--lr', value))).toBe(`--lr: '${value}' is not a positive finite number`);
  });
});

describe('parseSeed', () => {
  it('accepts integers from 0 to 2^32 - 1', () => {
    expect(parseSeed('--seed', '0')).toBe(0);
    expect(parseSeed('--seed', 2)).toBe(2);
    expect(parseSeed('--seed', '4294967295')).toBe(4294967295);
  });

  it.each(['-3', '4294967296', '1.5', 'abc', ''])('rejects %j', (value) => {
    expect(usageMessage(() => parseSeed('--seed', value))).toBe(`--seed: '${value}' is not an integer in [0, 4294967295]`);
  });
});

describe('parsePositiveIntegerList', () => {
  it('parses comma-separated sizes', () => {
    expect(parsePositiveIntegerList('--layers', '4')).toEqual([4]);
    expect(parsePositiveIntegerList('--layers', '20,7,5')).toEqual([20, 7, 5]);
    expect(parsePositiveIntegerList('--layers', '20, 7')).toEqual([20, 7]);
    expect(parsePositiveIntegerList('--layers', 4)).toEqual([4]);
  });

  it('names the bad item', () => {
    expect(usageMessage(() => parsePositiveIntegerList('--layers', '4,x'))).toBe("--layers: 'x' is not a positive integer");
    expect(usageMessage(() => parsePositiveIntegerList('--layers', '4,0'))).toBe("--layers: '0' is not a positive integer");
    expect(usageMessage(() => parsePositiveIntegerList('--layers', '4,-2'))).toBe("--layers: '-2' is not a positive integer");
    expect(usageMessage(() => parsePositiveIntegerList('--layers', '4,,5'))).toBe("--layers: '' is not a positive integer");
    expect(usageMessage(() => parsePositiveIntegerList('--layers', '2.5'))).toBe("--layers: '2.5' is not a positive integer");
  });

  it('rejects an empty list', () => {
    expect(usageMessage(() => parsePositiveIntegerList('--layers', ''))).toBe(
      '--layers: expected a comma-separated list of positive integers',
    );
  });
});

describe('parseChoice', () => {
  const inits = ['random', 'zeros', 'xavier', 'he'] as const;

  it('returns the matching choice', () => {
    expect(parseChoice('--init', 'he', inits)).toBe('he');
  });

  it('lists the choices when the value is not one of them', () => {
    expect(usageMessage(() => parseChoice('--init', 'He', inits))).toBe("--init: 'He' is not one of random, zeros, xavier, he");
  });
});

describe('parseChoiceList', () => {
  const activations = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'] as const;
  const layers = (count: number) => `--layers has ${count} hidden layers`;

  it('repeats a single value for every layer', () => {
    expect(parseChoiceList('--hidden', 'tanh', activations, 3, layers(3))).toEqual(['tanh', 'tanh', 'tanh']);
  });

  it('takes one value per layer', () => {
    expect(parseChoiceList('--hidden', 'relu,relu,tanh', activations, 3, layers(3))).toEqual(['relu', 'relu', 'tanh']);
  });

  it('rejects a count mismatch, naming the flag and where the count came from', () => {
    expect(usageMessage(() => parseChoiceList('--hidden', 'relu,tanh', activations, 3, layers(3)))).toBe(
      '--hidden: 2 values (relu,tanh) but --layers has 3 hidden layers; give one value for all or one per layer',
    );
  });

  it('rejects an unknown value', () => {
    expect(usageMessage(() => parseChoiceList('--hidden', 'relu,nope', activations, 2, layers(2)))).toBe(
      "--hidden: 'nope' is not one of sigmoid, tanh, relu, leakyRelu, linear",
    );
  });
});

describe('repeated flags', () => {
  it('rejects an array value', () => {
    expect(usageMessage(() => parsePositiveNumber('--lr', ['1', '2']))).toBe('--lr: given more than once (1 2)');
  });
});
