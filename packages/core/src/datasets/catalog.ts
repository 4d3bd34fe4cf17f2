import { CIRCLES_DEFAULTS, MOONS_DEFAULTS } from './sklearn';
import { GAUSSIAN_DEFAULTS, PLANE_DEFAULTS, SPIRAL_DEFAULTS, XOR_DEFAULTS } from './synthetic';

/** The name of a built-in generator: the key to call on `datasets` (`datasets[name](options)`). */
export type DatasetName = 'planarFlower' | 'moons' | 'circles' | 'xor' | 'gaussian' | 'spiral' | 'plane';

/** What `ann datasets list` and the playground show about a built-in dataset. */
export interface DatasetInfo {
  name: DatasetName;
  /** 'binary' classification (Y holds 0/1 labels) or 'regression' (Y is real-valued). */
  task: 'binary' | 'regression';
  /** Number of input features n_x: X is (n_x, m). */
  features: number;
  /** One line for humans. */
  description: string;
  /** Every option the generator accepts, with its default. */
  defaults: Readonly<Record<string, number>>;
}

/** Every built-in dataset, in the order a list should show them. */
export const DATASET_CATALOG: readonly DatasetInfo[] = Object.freeze([
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
    defaults: { ...MOONS_DEFAULTS },
  },
  {
    name: 'circles',
    task: 'binary',
    features: 2,
    description: "A circle inside a circle: scikit-learn's make_circles under np.random.seed (Course 2 initialization; test set m 100, seed 2)",
    defaults: { ...CIRCLES_DEFAULTS },
  },
  {
    name: 'xor',
    task: 'binary',
    features: 2,
    description: 'Four Gaussian blobs centred at (±1, ±1), labelled 1 in the quadrants where x1·x2 < 0',
    defaults: { ...XOR_DEFAULTS },
  },
  {
    name: 'gaussian',
    task: 'binary',
    features: 2,
    description: 'Two Gaussian clusters centred at (-1, -1) and (1, 1), nearly linearly separable',
    defaults: { ...GAUSSIAN_DEFAULTS },
  },
  {
    name: 'spiral',
    task: 'binary',
    features: 2,
    description: "Two interleaved spirals (TensorFlow Playground's), 1.75 turns out to radius 5",
    defaults: { ...SPIRAL_DEFAULTS },
  },
  {
    name: 'plane',
    task: 'regression',
    features: 2,
    description: 'Regression: y = a·x1 + b·x2 + noise with X uniform in [-1, 1]²',
    defaults: { ...PLANE_DEFAULTS },
  },
].map((info) => Object.freeze({ ...info, defaults: Object.freeze(info.defaults) })) as DatasetInfo[]);

/** The catalogue (`DATASET_CATALOG`): name, task, description and defaults of each built-in dataset. */
export function list(): readonly DatasetInfo[] {
  return DATASET_CATALOG;
}
