import { Matrix } from '../matrix';
import { RandomState } from '../random';
import { finiteNumber, noiseLevel, readOptions, sampleCount, seedValue } from './options';
import type { Dataset } from './planar';
import { shuffleAndAddNoise } from './shuffle-noise';

// Seeded toy datasets in the spirit of TensorFlow Playground's, 2-D. The classification sets place
// noise-free points in class order, then shuffle and add Gaussian noise exactly as scikit-learn's
// make_moons does (`shuffleAndAddNoise`), so each is one short numpy recipe
// (fixtures/generate_datasets.py) and reproducible draw for draw.

export interface SyntheticOptions {
  /** Number of examples. */
  m?: number;
  /** Standard deviation of the Gaussian noise on each coordinate (on the target, for `plane`). */
  noise?: number;
  /** Seed of numpy's legacy generator (`RandomState(seed)`). */
  seed?: number;
}

export interface PlaneOptions extends SyntheticOptions {
  /** Coefficient of x1. Default 2. */
  a?: number;
  /** Coefficient of x2. Default -1. */
  b?: number;
}

export const XOR_DEFAULTS = { m: 200, noise: 0.35, seed: 1 } as const;
export const GAUSSIAN_DEFAULTS = { m: 200, noise: 0.6, seed: 1 } as const;
export const SPIRAL_DEFAULTS = { m: 300, noise: 0.2, seed: 1 } as const;
export const PLANE_DEFAULTS = { m: 200, noise: 0.1, a: 2, b: -1, seed: 1 } as const;

const CLASSIFICATION_OPTIONS = ['m', 'noise', 'seed'] as const;

/** Quadrant centres in the order `xor` cycles through them: (1, 1), (-1, 1), (-1, -1), (1, -1). */
const XOR_CENTERS = [1, 1, -1, 1, -1, -1, 1, -1] as const;

/**
 * Four Gaussian blobs, one per quadrant, labelled like XOR. Before the shuffle, example j sits at
 * the centre c = (±1, ±1) of quadrant j mod 4, with y = 1 when c1·c2 < 0 (quadrants II and IV) and
 * y = 0 otherwise; then the columns are shuffled and N(0, noise²) noise is added. Labels follow the
 * centre, so with large noise a point may land in a neighbouring quadrant (label noise, as in
 * TensorFlow Playground). X (2, m), Y (1, m). Defaults: m 200, noise 0.35, seed 1.
 */
export function xor(options?: SyntheticOptions): Dataset {
  const fn = 'datasets.xor';
  const o = readOptions(options, CLASSIFICATION_OPTIONS, fn);
  const m = sampleCount(o.m, XOR_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, XOR_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, XOR_DEFAULTS.seed, fn));
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const q = j % 4;
    const c1 = XOR_CENTERS[2 * q]!;
    const c2 = XOR_CENTERS[2 * q + 1]!;
    points[2 * j] = c1;
    points[2 * j + 1] = c2;
    labels[j] = c1 * c2 < 0 ? 1 : 0;
  }
  return shuffleAndAddNoise(points, labels, noise, rng);
}

/**
 * Two Gaussian clusters: m // 2 examples of class 0 centred at (-1, -1), the rest of class 1 at
 * (1, 1), each coordinate with standard deviation `noise`; shuffled as `xor`. Linearly separable
 * up to the overlap (the Bayes error is Φ(-√2 / noise), about 0.9% at the default).
 * X (2, m), Y (1, m). Defaults: m 200, noise 0.6, seed 1.
 */
export function gaussian(options?: SyntheticOptions): Dataset {
  const fn = 'datasets.gaussian';
  const o = readOptions(options, CLASSIFICATION_OPTIONS, fn);
  const m = sampleCount(o.m, GAUSSIAN_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, GAUSSIAN_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, GAUSSIAN_DEFAULTS.seed, fn));
  const n0 = Math.floor(m / 2);
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const center = j < n0 ? -1 : 1;
    points[2 * j] = center;
    points[2 * j + 1] = center;
    labels[j] = j < n0 ? 0 : 1;
  }
  return shuffleAndAddNoise(points, labels, noise, rng);
}

/**
 * Two interleaved spirals, TensorFlow Playground's: for class k (m // 2 examples for k = 0, the rest
 * for k = 1), point i of n is
 *
 *   r = 5·i/n,  t = 1.75·2π·i/n + k·π,  (x1, x2) = (r·sin t, r·cos t)
 *
 * (1.75 turns out to radius 5), then the columns are shuffled and N(0, noise²) noise is added (the
 * playground uses uniform noise; Gaussian keeps one recipe for every set here).
 * X (2, m), Y (1, m). Defaults: m 300, noise 0.2, seed 1.
 */
export function spiral(options?: SyntheticOptions): Dataset {
  const fn = 'datasets.spiral';
  const o = readOptions(options, CLASSIFICATION_OPTIONS, fn);
  const m = sampleCount(o.m, SPIRAL_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, SPIRAL_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, SPIRAL_DEFAULTS.seed, fn));
  const n0 = Math.floor(m / 2);
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  const arm = (k: 0 | 1, n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      // Same operation order as the numpy recipe, so that the values agree to the last bit.
      const r = (i / n) * 5;
      const t = ((((1.75 * i) / n) * 2) * Math.PI) + k * Math.PI;
      points[2 * (offset + i)] = r * Math.sin(t);
      points[2 * (offset + i) + 1] = r * Math.cos(t);
      labels[offset + i] = k;
    }
  };
  arm(0, n0, 0);
  arm(1, m - n0, n0);
  return shuffleAndAddNoise(points, labels, noise, rng);
}

/**
 * A 2-D regression plane: X ~ uniform(-1, 1) drawn as numpy's `rng.uniform(-1, 1, size=(m, 2))`
 * (row-major: x1 then x2 of each example), then
 *
 *   y = a·x1 + b·x2 + ε,  ε ~ N(0, noise²)  drawn as `rng.normal(scale=noise, size=m)`
 *
 * X (2, m), Y (1, m) real-valued (use a linear output and mean squared error).
 * Defaults: m 200, noise 0.1, a 2, b -1, seed 1.
 */
export function plane(options?: PlaneOptions): Dataset {
  const fn = 'datasets.plane';
  const o = readOptions(options, ['m', 'noise', 'a', 'b', 'seed'], fn);
  const m = sampleCount(o.m, PLANE_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, PLANE_DEFAULTS.noise, fn);
  const a = finiteNumber(o.a, PLANE_DEFAULTS.a, fn, 'a');
  const b = finiteNumber(o.b, PLANE_DEFAULTS.b, fn, 'b');
  const rng = new RandomState(seedValue(o.seed, PLANE_DEFAULTS.seed, fn));
  const X = new Matrix(2, m);
  const Y = new Matrix(1, m);
  for (let j = 0; j < m; j++) {
    // numpy's legacy uniform(low, high) is low + (high - low)·random_sample().
    X.data[j] = -1 + 2 * rng.nextDouble();
    X.data[m + j] = -1 + 2 * rng.nextDouble();
  }
  for (let j = 0; j < m; j++) {
    Y.data[j] = a * X.data[j]! + b * X.data[m + j]! + noise * rng.nextGaussian();
  }
  return { X, Y };
}
