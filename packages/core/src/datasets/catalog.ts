import { CIRCLES_DEFAULTS, MOONS_DEFAULTS } from './sklearn';
import { MULTI_GAUSSIAN_DEFAULTS } from './multi-gaussian';
import { BLOBS_DEFAULTS, SPIRALS_DEFAULTS } from './multiclass';
import { GAUSSIAN_DEFAULTS, PLANE_DEFAULTS, SPIRAL_DEFAULTS, XOR_DEFAULTS } from './synthetic';

// This module is part of the light `@ann/core/constants` entry: it may import the generators' default
// objects (plain constants, which bundlers keep without the code around them) but nothing that runs.

/** The name of a built-in generator: the key to call on `datasets` (`datasets[name](options)`). */
export type DatasetName =
  | 'planarFlower'
  | 'moons'
  | 'circles'
  | 'xor'
  | 'gaussian'
  | 'spiral'
  | 'spirals'
  | 'blobs'
  | 'plane'
  | 'multiGaussian';

/** The kind of problem a dataset poses, and so the output head that fits it. */
export type DatasetTask = 'binary' | 'multiclass' | 'regression';

/** What `ann datasets list` and the playground show about a built-in dataset. */
export interface DatasetInfo {
  name: DatasetName;
  /**
   * 'binary' classification (Y holds 0/1 labels: a sigmoid head), 'multiclass' (Y holds class
   * indices 0..K-1: a softmax head over K outputs) or 'regression' (Y is real-valued: a linear head).
   */
  task: DatasetTask;
  /** Number of input features n_x: X is (n_x, m). */
  features: number;
  /** Multi-class sets only: the default number of classes K (the generator's `classes` option). */
  classes?: number;
  /**
   * Sets with a `noise` option only: the noise (a standard deviation, in the units of X, or of Y for
   * regression) that a 0–100 slider's 100% should mean, so that one slider is equally "messy" on
   * every set. Each is the noise at which the best possible predictor is a third of the way from
   * perfect to useless: for classification, the Bayes-optimal classifier (which knows the noise-free
   * shape and the noise) errs on (1/3)·(1 - 1/K) of the examples, a sixth of them for two classes;
   * for regression, the noise is a third of the targets' variance (R² of the true surface 2/3,
   * noise = std(f)/√2). The classes then overlap heavily but the shape is still plain to see.
   * Values were found by bisection on a Monte Carlo estimate (packages/core/fixtures/noise_max.py,
   * checked again by datasets.test.ts) and rounded; for spirals and blobs they hold for the default
   * K (more classes are messier at the same noise), for plane for the default a and b.
   */
  noiseMax?: number;
  /** One line for humans. */
  description: string;
  /** Every option the generator accepts, with its default. */
  defaults: Readonly<Record<string, number>>;
}

/** Every built-in dataset, in the order a list should show them. */
export const DATASET_CATALOG: readonly DatasetInfo[] = Object.freeze(([
  {
    name: 'planarFlower',
    task: 'binary',
    features: 2,
    description: "The 'flower' of Course 1 week 3 (load_planar_dataset): eight petals in two colours",
    defaults: { m: 400, seed: 1 },
  },
  {
    name: 'moons',
    task: 'binary',
    features: 2,
    description: "Two interleaving half circles: scikit-learn's make_moons under np.random.seed (Course 2 optimization)",
    noiseMax: 0.45,
    defaults: { ...MOONS_DEFAULTS },
  },
  {
    name: 'circles',
    task: 'binary',
    features: 2,
    description: "A circle inside a circle: scikit-learn's make_circles under np.random.seed (Course 2 initialization; test set m 100, seed 2)",
    noiseMax: 0.1,
    defaults: { ...CIRCLES_DEFAULTS },
  },
  {
    name: 'xor',
    task: 'binary',
    features: 2,
    description: 'Four Gaussian blobs centred at (±1, ±1), labelled 1 in the quadrants where x1·x2 < 0',
    noiseMax: 0.75,
    defaults: { ...XOR_DEFAULTS },
  },
  {
    name: 'gaussian',
    task: 'binary',
    features: 2,
    description: 'Two Gaussian clusters centred at (-1, -1) and (1, 1), nearly linearly separable',
    noiseMax: 1.5,
    defaults: { ...GAUSSIAN_DEFAULTS },
  },
  {
    name: 'spiral',
    task: 'binary',
    features: 2,
    description: "Two interleaved spirals (TensorFlow Playground's), 1.75 turns out to radius 5",
    noiseMax: 0.5,
    defaults: { ...SPIRAL_DEFAULTS },
  },
  {
    name: 'spirals',
    task: 'multiclass',
    features: 2,
    classes: SPIRALS_DEFAULTS.classes,
    description: 'K interleaved spiral arms (2 to 8, default 3): the spiral with its arms 2π/K apart',
    noiseMax: 0.35,
    defaults: { ...SPIRALS_DEFAULTS },
  },
  {
    name: 'blobs',
    task: 'multiclass',
    features: 2,
    classes: BLOBS_DEFAULTS.classes,
    description: 'K Gaussian blobs (2 to 8, default 4) centred on a circle, neighbouring centres 2√2 apart',
    noiseMax: 1.25,
    defaults: { ...BLOBS_DEFAULTS },
  },
  {
    name: 'plane',
    task: 'regression',
    features: 2,
    description: 'Regression: y = a·x1 + b·x2 + noise with X uniform in [-1, 1]²',
    noiseMax: 0.9,
    defaults: { ...PLANE_DEFAULTS },
  },
  {
    name: 'multiGaussian',
    task: 'regression',
    features: 2,
    description: 'Regression: y = six Gaussian bumps of height ±1 (a checkerboard) + noise with X uniform in [-6, 6]²',
    noiseMax: 0.3,
    defaults: { ...MULTI_GAUSSIAN_DEFAULTS },
  },
] satisfies DatasetInfo[]).map((info): DatasetInfo => Object.freeze({ ...info, defaults: Object.freeze(info.defaults) })));

/** The catalogue (`DATASET_CATALOG`): name, task, classes, noise scale, description and defaults of each built-in dataset. */
export function list(): readonly DatasetInfo[] {
  return DATASET_CATALOG;
}
