import { list } from './catalog';
import { planarFlower } from './planar';
import { circles, moons } from './sklearn';
import { gaussian, plane, spiral, xor } from './synthetic';

export type { Dataset } from './planar';
export type { MoonsOptions, CirclesOptions } from './sklearn';
export type { SyntheticOptions, PlaneOptions } from './synthetic';
export { DATASET_CATALOG, type DatasetInfo, type DatasetName } from './catalog';

/**
 * Built-in datasets, all seeded (numpy's legacy generator, never Math.random) and returned in the
 * course's shapes: X (n_x, m) with one example per column, Y (1, m). `planarFlower`, `moons` and
 * `circles` are generated exactly as the course generates them; `list()` describes every one.
 */
export const datasets = {
  planarFlower,
  moons,
  circles,
  xor,
  gaussian,
  spiral,
  plane,
  list,
};
