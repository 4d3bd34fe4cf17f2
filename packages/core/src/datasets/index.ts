import { list } from './catalog';
import { multiGaussian } from './multi-gaussian';
import { blobs, spirals } from './multiclass';
import { planarFlower } from './planar';
import { circles, moons } from './sklearn';
import { gaussian, plane, spiral, xor } from './synthetic';

export type { Dataset } from './planar';
export type { MoonsOptions, CirclesOptions } from './sklearn';
export type { SyntheticOptions, PlaneOptions } from './synthetic';
export type { MulticlassOptions } from './multiclass';
export type { MultiGaussianOptions } from './multi-gaussian';
export { DATASET_CATALOG, type DatasetInfo, type DatasetName, type DatasetTask } from './catalog';

/**
 * Built-in datasets, all seeded (numpy's legacy generator, never Math.random) and returned in the
 * course's shapes: X (n_x, m) with one example per column, Y (1, m): 0/1 labels for the binary sets,
 * class indices 0..K-1 for the multi-class `spirals` and `blobs`, real values for the regression
 * `plane` and `multiGaussian`. `planarFlower`, `moons` and `circles` are generated exactly as the
 * course generates them; `list()` describes every one (task, classes, noise scale, defaults).
 */
export const datasets = {
  planarFlower,
  moons,
  circles,
  xor,
  gaussian,
  spiral,
  spirals,
  blobs,
  plane,
  multiGaussian,
  list,
};
