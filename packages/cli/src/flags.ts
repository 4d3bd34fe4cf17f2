/**
 * Parsers for flag values. Each takes the flag's name and the raw value yargs gave (a string from
 * the command line, or the default) and either returns the typed value or throws a UsageError
 * whose message starts with the flag, e.g. `--layers: 'x' is not a positive integer`.
 */
import { UsageError } from './errors';

const MAX_SEED = 2 ** 32 - 1;
const UNSIGNED_INTEGER = /^\d+$/;
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The raw value as the user typed it, for messages. */
function raw(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(' ') : String(value ?? '');
}

/** Rejects a flag given twice (`--lr 1 --lr 2`), which yargs would turn into an array. */
function single(flag: string, value: unknown): string {
  if (Array.isArray(value)) throw new UsageError(`${flag}: given more than once (${raw(value)})`);
  return raw(value).trim();
}

export function parsePositiveInteger(flag: string, value: unknown): number {
  const text = single(flag, value);
  const parsed = Number(text);
  if (!UNSIGNED_INTEGER.test(text) || !Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new UsageError(`${flag}: '${text}' is not a positive integer`);
  }
  return parsed;
}

export function parsePositiveNumber(flag: string, value: unknown): number {
  const text = single(flag, value);
  const parsed = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(parsed) || parsed <= 0) {
    throw new UsageError(`${flag}: '${text}' is not a positive finite number`);
  }
  return parsed;
}

/** A seed for the engine's generator: an integer in [0, 2^32 − 1]. */
export function parseSeed(flag: string, value: unknown): number {
  const text = single(flag, value);
  const parsed = Number(text);
  if (!UNSIGNED_INTEGER.test(text) || parsed > MAX_SEED) {
    throw new UsageError(`${flag}: '${text}' is not an integer in [0, ${MAX_SEED}]`);
  }
  return parsed;
}

/** A comma-separated list of positive integers, e.g. hidden layer sizes `20,7,5`. */
export function parsePositiveIntegerList(flag: string, value: unknown): number[] {
  const text = single(flag, value);
  if (text === '') throw new UsageError(`${flag}: expected a comma-separated list of positive integers`);
  return text.split(',').map((item) => {
    const trimmed = item.trim();
    const parsed = Number(trimmed);
    if (!UNSIGNED_INTEGER.test(trimmed) || !Number.isSafeInteger(parsed) || parsed <= 0) {
      throw new UsageError(`${flag}: '${trimmed}' is not a positive integer`);
    }
    return parsed;
  });
}

/** One of a fixed set of names, matched exactly. */
export function parseChoice<T extends string>(flag: string, value: unknown, choices: readonly T[]): T {
  const text = single(flag, value);
  const choice = choices.find((candidate) => candidate === text);
  if (choice === undefined) {
    throw new UsageError(`${flag}: '${text}' is not one of ${choices.join(', ')}`);
  }
  return choice;
}

/**
 * One choice for all `count` items, or a comma-separated list of exactly `count` choices, e.g.
 * `--hidden tanh` or `--hidden relu,relu,tanh` for three hidden layers. `countDescription` says
 * where `count` came from, for the mismatch message (`--layers 4 has 1 hidden layer`).
 */
export function parseChoiceList<T extends string>(
  flag: string,
  value: unknown,
  choices: readonly T[],
  count: number,
  countDescription: string,
): T[] {
  const text = single(flag, value);
  const items = text.split(',').map((item) => parseChoice(flag, item, choices));
  if (items.length === 1) return Array.from({ length: count }, () => items[0]!);
  if (items.length !== count) {
    throw new UsageError(
      `${flag}: ${items.length} values (${text}) but ${countDescription}; give one value for all or one per layer`,
    );
  }
  return items;
}

export function parseNonNegativeNumber(flag: string, value: unknown): number {
  const text = single(flag, value);
  const parsed = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !Number.isFinite(parsed) || parsed < 0) {
    throw new UsageError(`${flag}: '${text}' is not a non-negative finite number`);
  }
  return parsed;
}

/** A fraction strictly between 0 and 1, e.g. `--split 0.2`. */
export function parseFraction(flag: string, value: unknown): number {
  const text = single(flag, value);
  const parsed = Number(text);
  if (!DECIMAL_NUMBER.test(text) || !(parsed > 0 && parsed < 1)) {
    throw new UsageError(`${flag}: '${text}' is not a number strictly between 0 and 1`);
  }
  return parsed;
}

/** Probabilities in (0, 1], one for all or a comma-separated list, e.g. `--keep-prob 0.8,0.9`. */
export function parseProbabilityList(flag: string, value: unknown): number[] {
  const text = single(flag, value);
  return text.split(',').map((item) => {
    const trimmed = item.trim();
    const parsed = Number(trimmed);
    if (!DECIMAL_NUMBER.test(trimmed) || !(parsed > 0 && parsed <= 1)) {
      throw new UsageError(`${flag}: '${trimmed}' is not a probability in (0, 1]`);
    }
    return parsed;
  });
}

/** A non-empty string such as a path or a column name. */
export function parseText(flag: string, value: unknown): string {
  const text = single(flag, value);
  if (text === '') throw new UsageError(`${flag}: missing value`);
  return text;
}

/** A comma-separated list of nonempty words, each trimmed, e.g. `--features x1,x1^2,sin(x1)`. */
export function parseTextList(flag: string, value: unknown): string[] {
  const text = parseText(flag, value);
  const items = text.split(',').map((item) => item.trim());
  const empty = items.indexOf('');
  if (empty >= 0) throw new UsageError(`${flag}: item ${empty + 1} of '${text}' is empty; expected a comma-separated list`);
  return items;
}

/** An on/off flag: yargs gives a boolean; a config file may too. */
export function parseSwitch(flag: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = single(flag, value);
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new UsageError(`${flag}: '${text}' is not true or false`);
}
