import { planarFlower } from './planar';

export type { Dataset } from './planar';

/** Built-in datasets, generated exactly as the course generates them. */
export const datasets = {
  planarFlower,
};
