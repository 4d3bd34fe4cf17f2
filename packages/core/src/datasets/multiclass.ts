import { RandomState } from '../random';
import { classCount, classSizes, noiseLevel, readOptions, sampleCount, seedValue } from './options';
import type { Dataset } from './planar';
import { shuffleAndAddNoise } from './shuffle-noise';

// Multi-class toy sets, 2-D, with Y (1, m) holding class indices 0..K-1 (a softmax head one-hot
// encodes them). Same pipeline as the binary sets of synthetic.ts: noise-free points in class order,
// then scikit-learn's shuffle and Gaussian noise (`shuffleAndAddNoise`), so each is one short numpy
// recipe in fixtures/generate_datasets.py, reproduced draw for draw.

export interface MulticlassOptions {
  /** Number of examples, split as evenly as possible over the classes (earlier classes get fewer). */
  m?: number;
  /** The number of classes K, from 2 to 8. */
  classes?: number;
  /** Standard deviation of the Gaussian noise on each coordinate. */
  noise?: number;
  /** Seed of numpy's legacy generator (`RandomState(seed)`). */
  seed?: number;
}

export const SPIRALS_DEFAULTS = { m: 300, classes: 3, noise: 0.2, seed: 1 } as const;
export const BLOBS_DEFAULTS = { m: 300, classes: 4, noise: 0.6, seed: 1 } as const;

const MULTICLASS_OPTIONS = ['m', 'classes', 'noise', 'seed'] as const;

/**
 * K interleaved spiral arms: TensorFlow Playground's spiral with the arms 2π/K apart instead of π.
 * Class k gets n = ⌊(k+1)·m/K⌋ - ⌊k·m/K⌋ examples; before the shuffle its point i (0 ≤ i < n) is
 *
 *   r = 5·i/n,  t = 1.75·2π·i/n + 2π·k/K,  (x1, x2) = (r·sin t, r·cos t)
 *
 * (1.75 turns out to radius 5), then the columns are shuffled and N(0, noise²) noise is added to
 * each coordinate. Neighbouring arms are 5 / (1.75·K) apart along a ray (0.95 for K = 3), so a
 * given noise is messier for larger K; every arm starts at the origin, where they all meet.
 * `spirals({ classes: 2 })` is exactly `spiral()`, the binary set.
 * X (2, m), Y (1, m) of class indices 0..K-1. Defaults: m 300, classes 3, noise 0.2, seed 1.
 */
export function spirals(options?: MulticlassOptions): Dataset {
  const fn = 'datasets.spirals';
  const o = readOptions(options, MULTICLASS_OPTIONS, fn);
  const m = sampleCount(o.m, SPIRALS_DEFAULTS.m, fn);
  const K = classCount(o.classes, SPIRALS_DEFAULTS.classes, fn);
  const noise = noiseLevel(o.noise, SPIRALS_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, SPIRALS_DEFAULTS.seed, fn));
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  let offset = 0;
  classSizes(m, K).forEach((n, k) => {
    // (2π·k)/K in this order: for K = 2 it is 0 and π exactly, as `spiral` adds k·π.
    const delta = (2 * Math.PI * k) / K;
    for (let i = 0; i < n; i++) {
      // Same operation order as `spiral` and the numpy recipe, so that the values agree to the bit.
      const r = (i / n) * 5;
      const t = ((((1.75 * i) / n) * 2) * Math.PI) + delta;
      points[2 * (offset + i)] = r * Math.sin(t);
      points[2 * (offset + i) + 1] = r * Math.cos(t);
      labels[offset + i] = k;
    }
    offset += n;
  });
  return shuffleAndAddNoise(points, labels, noise, rng);
}

/**
 * K Gaussian blobs with their centres evenly spread on a circle:
 *
 *   c_k = R·(cos θ_k, sin θ_k),  θ_k = 2π·k/K,  R = √2 / sin(π/K)
 *
 * R grows with K so that neighbouring centres stay 2·R·sin(π/K) = 2√2 apart, as gaussian's two
 * centres (-1, -1) and (1, 1) are: a given noise then blurs neighbouring blobs equally for every K
 * (R is √2 for K = 2, 2 for K = 4, 3.70 for K = 8). Class k gets ⌊(k+1)·m/K⌋ - ⌊k·m/K⌋ examples at
 * c_k, then the columns are shuffled and N(0, noise²) noise is added to each coordinate.
 * X (2, m), Y (1, m) of class indices 0..K-1. Defaults: m 300, classes 4, noise 0.6, seed 1.
 */
export function blobs(options?: MulticlassOptions): Dataset {
  const fn = 'datasets.blobs';
  const o = readOptions(options, MULTICLASS_OPTIONS, fn);
  const m = sampleCount(o.m, BLOBS_DEFAULTS.m, fn);
  const K = classCount(o.classes, BLOBS_DEFAULTS.classes, fn);
  const noise = noiseLevel(o.noise, BLOBS_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, BLOBS_DEFAULTS.seed, fn));
  const R = Math.SQRT2 / Math.sin(Math.PI / K);
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  let offset = 0;
  classSizes(m, K).forEach((n, k) => {
    const theta = (2 * Math.PI * k) / K;
    const c1 = R * Math.cos(theta);
    const c2 = R * Math.sin(theta);
    for (let i = offset; i < offset + n; i++) {
      points[2 * i] = c1;
      points[2 * i + 1] = c2;
      labels[i] = k;
    }
    offset += n;
  });
  return shuffleAndAddNoise(points, labels, noise, rng);
}
