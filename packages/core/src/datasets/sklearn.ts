import { ValueError } from '../errors';
import { RandomState } from '../random';
import { linspace } from './linspace';
import { noiseLevel, readOptions, sampleCount, seedValue } from './options';
import type { Dataset } from './planar';
import { shuffleAndAddNoise } from './shuffle-noise';

// scikit-learn's make_moons and make_circles as Course 2 calls them: without random_state, after
// np.random.seed(seed), so every draw comes from numpy's global legacy generator. Reproduced draw
// for draw (fixtures/generate_datasets.py re-implements them in numpy and records the results).

export interface MoonsOptions {
  /** Number of examples; m // 2 on the first moon, the rest on the second. Default 300. */
  m?: number;
  /** Standard deviation of the Gaussian noise added to both coordinates. Default 0.2. */
  noise?: number;
  /** `np.random.seed(seed)` before generating. Default 3 (the course's optimization notebook). */
  seed?: number;
}

export interface CirclesOptions {
  /** Number of examples; m // 2 on the outer circle, the rest on the inner one. Default 300. */
  m?: number;
  /** Standard deviation of the Gaussian noise added to both coordinates. Default 0.05. */
  noise?: number;
  /** Radius of the inner circle relative to the outer one (radius 1), in (0, 1). Default 0.8. */
  factor?: number;
  /** `np.random.seed(seed)` before generating. Default 1 (the course's training set; its test set is m 100, seed 2). */
  seed?: number;
}

export const MOONS_DEFAULTS = { m: 300, noise: 0.2, seed: 3 } as const;
export const CIRCLES_DEFAULTS = { m: 300, noise: 0.05, factor: 0.8, seed: 1 } as const;

/**
 * Two interleaving half circles: `sklearn.datasets.make_moons(m, noise=noise)` after
 * `np.random.seed(seed)`. With n_out = m // 2 and n_in = m - n_out:
 *
 *   t = linspace(0, π, n_out)  (endpoint included)   first moon  (cos t, sin t),             y = 0
 *   s = linspace(0, π, n_in)                          second moon (1 - cos s, 1 - sin s - 0.5), y = 1
 *
 * then the rows are shuffled (`rng.shuffle(arange(m))`, a gather) and N(0, noise²) noise is added
 * row-major (see `shuffleAndAddNoise`). Returns X (2, m), Y (1, m) of 0/1 labels. The defaults are
 * the course's training set (C2W2 optimization): m 300, noise 0.2, seed 3.
 *
 * `Math.sin`/`Math.cos` may differ from the C library's in the last bit, so a coordinate can be an
 * ulp or so away from numpy's; the labels and the draws are exact.
 */
export function moons(options?: MoonsOptions): Dataset {
  const fn = 'datasets.moons';
  const o = readOptions(options, ['m', 'noise', 'seed'], fn);
  const m = sampleCount(o.m, MOONS_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, MOONS_DEFAULTS.noise, fn);
  const rng = new RandomState(seedValue(o.seed, MOONS_DEFAULTS.seed, fn));
  const nOut = Math.floor(m / 2);
  const nIn = m - nOut;
  const t = linspace(0, Math.PI, nOut);
  const s = linspace(0, Math.PI, nIn);
  const inner = (x: number, y: number): [number, number] => [1 - x, 1 - y - 0.5];
  return shuffleAndAddNoise(...twoCurves(t, s, inner), noise, rng);
}

/**
 * The points, interleaved (x, y) as sklearn stacks them, and labels of two curves: class 0 at
 * (cos t, sin t) for each t, then class 1 at inner(cos s, sin s) for each s.
 */
function twoCurves(t: Float64Array, s: Float64Array, inner: (x: number, y: number) => [number, number]): [Float64Array, Float64Array] {
  const nOut = t.length;
  const m = nOut + s.length;
  const points = new Float64Array(2 * m);
  const labels = new Float64Array(m);
  for (let i = 0; i < nOut; i++) {
    points[2 * i] = Math.cos(t[i]!);
    points[2 * i + 1] = Math.sin(t[i]!);
  }
  for (let i = 0; i < s.length; i++) {
    const j = nOut + i;
    const [x, y] = inner(Math.cos(s[i]!), Math.sin(s[i]!));
    points[2 * j] = x;
    points[2 * j + 1] = y;
    labels[j] = 1;
  }
  return [points, labels];
}

/**
 * A circle inside a circle: `sklearn.datasets.make_circles(m, noise=noise, factor=factor)` after
 * `np.random.seed(seed)`. With n_out = m // 2 and n_in = m - n_out:
 *
 *   t = linspace(0, 2π, n_out, endpoint=False)   outer circle (cos t, sin t),                  y = 0
 *   s = linspace(0, 2π, n_in, endpoint=False)    inner circle (cos s · factor, sin s · factor), y = 1
 *
 * then the rows are shuffled and N(0, noise²) noise is added row-major, as in `moons`. Returns
 * X (2, m), Y (1, m). The defaults are the course's training set (C2W1 initialization): m 300,
 * noise 0.05, factor 0.8, seed 1; its test set is `circles({ m: 100, seed: 2 })`.
 */
export function circles(options?: CirclesOptions): Dataset {
  const fn = 'datasets.circles';
  const o = readOptions(options, ['m', 'noise', 'factor', 'seed'], fn);
  const m = sampleCount(o.m, CIRCLES_DEFAULTS.m, fn);
  const noise = noiseLevel(o.noise, CIRCLES_DEFAULTS.noise, fn);
  const factor = o.factor ?? CIRCLES_DEFAULTS.factor;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw ValueError.about(fn, 'factor', `factor must be a number in (0, 1) (inner radius / outer radius), got ${String(factor)}`);
  }
  const rng = new RandomState(seedValue(o.seed, CIRCLES_DEFAULTS.seed, fn));
  const nOut = Math.floor(m / 2);
  const nIn = m - nOut;
  const t = linspace(0, 2 * Math.PI, nOut, false);
  const s = linspace(0, 2 * Math.PI, nIn, false);
  const inner = (x: number, y: number): [number, number] => [x * factor, y * factor];
  return shuffleAndAddNoise(...twoCurves(t, s, inner), noise, rng);
}
