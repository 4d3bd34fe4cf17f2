import { Matrix } from '../matrix';
import { RandomState } from '../random';
import { noiseLevel, readOptions, sampleCount, seedValue } from './options';
import type { Dataset } from './planar';

export interface MultiGaussianOptions {
  /** Number of examples. */
  m?: number;
  /** Standard deviation of the Gaussian noise on the target. */
  noise?: number;
  /** Seed of numpy's legacy generator (`RandomState(seed)`). */
  seed?: number;
}

export const MULTI_GAUSSIAN_DEFAULTS = { m: 300, noise: 0.05, seed: 1 } as const;

/**
 * The bumps (c1, c2, sign) of `multiGaussian`, in the order they are summed: TensorFlow Playground's
 * "multi Gaussian" centres, two rows of three with alternating signs (a checkerboard).
 */
// Marked pure so that a bundler drops it from the light constants entry, which imports this module
// for MULTI_GAUSSIAN_DEFAULTS alone.
export const MULTI_GAUSSIAN_BUMPS: readonly (readonly [number, number, 1 | -1])[] = /* @__PURE__ */ Object.freeze([
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
] as const);

/**
 * The noise-free surface of `multiGaussian` at (x1, x2): six Gaussian bumps of height ±1 and width
 * √2 (a standard deviation; the exponent's 4 is 2·√2²),
 *
 *   f(x) = Σ_k s_k · exp(-((x1 - c_k1)² + (x2 - c_k2)²) / 4)
 *
 * summed in the order of MULTI_GAUSSIAN_BUMPS. Neighbouring bumps of opposite sign cancel midway, so
 * f ranges over about [-0.98, 0.98] (standard deviation 0.45 over the square) and is near 0 at the
 * edges.
 */
export function multiGaussianSurface(x1: number, x2: number): number {
  let f = 0;
  for (const [c1, c2, s] of MULTI_GAUSSIAN_BUMPS) {
    const d1 = x1 - c1;
    const d2 = x2 - c2;
    // numpy evaluates -(d1**2 + d2**2) / 4 as below (x**2 is x*x exactly); the sum starts from 0.
    f = f + s * Math.exp(-(d1 * d1 + d2 * d2) / 4);
  }
  return f;
}

/**
 * A 2-D regression surface made of Gaussian bumps of both signs (TensorFlow Playground's "multi
 * Gaussian", with smooth bumps instead of its cones): X ~ uniform(-6, 6)² drawn as numpy's
 * `rng.uniform(-6, 6, size=(m, 2))` (row-major: x1 then x2 of each example), then
 *
 *   y = f(x1, x2) + ε,  ε ~ N(0, noise²)  drawn as `rng.normal(scale=noise, size=m)`
 *
 * with f the six bumps of `multiGaussianSurface`. X (2, m), Y (1, m) real-valued (use a linear
 * output and mean squared error). Defaults: m 300, noise 0.05, seed 1.
 */
export function multiGaussian(options?: MultiGaussianOptions): Dataset {
  const fn = 'datasets.multiGaussian';
  const o = readOptions(options, ['m', 'noise', 'seed'], fn);
  const m = sampleCount(o.m, MULTI_GAUSSIAN_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, MULTI_GAUSSIAN_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, MULTI_GAUSSIAN_DEFAULTS.seed, fn));
  const X = new Matrix(2, m);
  const Y = new Matrix(1, m);
  for (let j = 0; j < m; j++) {
    // numpy's legacy uniform(low, high) is low + (high - low)·random_sample().
    X.data[j] = -6 + 12 * rng.nextDouble();
    X.data[m + j] = -6 + 12 * rng.nextDouble();
  }
  for (let j = 0; j < m; j++) {
    Y.data[j] = multiGaussianSurface(X.data[j]!, X.data[m + j]!) + noise * rng.nextGaussian();
  }
  return { X, Y };
}
