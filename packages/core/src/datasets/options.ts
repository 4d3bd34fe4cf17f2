import { ValueError } from '../errors';
import { assertKnownOptions } from '../validate';

// Option checks shared by the dataset generators. Each throws a ValueError that names the
// generator and the option, e.g. "datasets.moons: noise must be a finite number ≥ 0, got -1", with
// the generator, the option and the reason as fields (ValueError.about) for callers that name their own flag.

/** Checks `options` is a plain object with only `known` keys, and returns it. */
export function readOptions<T extends object>(options: T | undefined, known: readonly string[], fn: string): Partial<T> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${fn}: options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  assertKnownOptions(options, known, fn);
  return options;
}

/** The number of examples m: a positive integer. */
export function sampleCount(value: unknown, fallback: number, fn: string): number {
  const m = value ?? fallback;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) {
    throw ValueError.about(fn, 'm', `m must be a positive integer (the number of examples), got ${String(m)}`);
  }
  return m;
}

/** A standard deviation: a finite number ≥ 0 (0 means no noise). */
export function noiseLevel(value: unknown, fallback: number, fn: string): number {
  const noise = value ?? fallback;
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) {
    throw ValueError.about(fn, 'noise', `noise must be a finite number ≥ 0 (a standard deviation), got ${String(noise)}`);
  }
  return noise;
}

/** A seed for numpy's legacy generator: an integer in [0, 2^32 - 1]. */
export function seedValue(value: unknown, fallback: number, fn: string): number {
  const seed = value ?? fallback;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw ValueError.about(fn, 'seed', `seed must be an integer between 0 and 2**32 - 1, got ${String(seed)}`);
  }
  return seed;
}

/** Any finite number (a coefficient); `name` is the option. */
export function finiteNumber(value: unknown, fallback: number, fn: string, name: string): number {
  const x = value ?? fallback;
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw ValueError.about(fn, name, `${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** Smallest and largest K the multi-class generators accept (`spirals`, `blobs`). */
const MIN_GENERATED_CLASSES = 2;
const MAX_GENERATED_CLASSES = 8;

/** The number of classes K of a multi-class generator: an integer from MIN_GENERATED_CLASSES to MAX_GENERATED_CLASSES. */
export function classCount(value: unknown, fallback: number, fn: string): number {
  const K = value ?? fallback;
  // Beyond 8 the arms or blobs crowd each other and a 2-D plot runs out of distinguishable colours.
  if (typeof K !== 'number' || !Number.isInteger(K) || K < MIN_GENERATED_CLASSES || K > MAX_GENERATED_CLASSES) {
    throw ValueError.about(fn, 'classes', `classes must be an integer from ${MIN_GENERATED_CLASSES} to ${MAX_GENERATED_CLASSES} (the number of classes K), got ${String(K)}`);
  }
  return K;
}

/**
 * How many of m examples class k of K gets: n_k = ⌊(k+1)·m/K⌋ - ⌊k·m/K⌋. The counts differ by at
 * most one and sum to m; for K = 2 they are m // 2 and m - m // 2, the split the binary sets use.
 */
export function classSizes(m: number, K: number): number[] {
  return Array.from({ length: K }, (_, k) => Math.floor(((k + 1) * m) / K) - Math.floor((k * m) / K));
}
