// The playground's data as the views get it: core's catalogue generators called on the page's one
// noise scale, each dataset's fixed plot bounds, and the plain arrays of DataPoints. Shared by the
// session (the run's data) and the thumbnails (every dataset of a problem type, thinned), so a
// thumbnail shows exactly the points and the frame the run would.
import { datasets, type Dataset, type DatasetInfo, type Matrix } from '@ann/core';
import type { DataPoints, PlotBounds } from '../protocol';
import { extentOf, squareBounds } from './grid';

/** Seeds of the samples that fix a dataset's plot bounds (see datasetBounds). */
export const REFERENCE_SEEDS = [1, 2, 3, 4, 5];

/**
 * The catalogue generator with the data seed, the noise scaled from 0–100 to 0–noiseMax (when the
 * generator has noise) and, for a multi-class set, the number of classes.
 */
export function generate(info: DatasetInfo, seed: number, noisePercent: number, classes: number): Dataset {
  // Every catalogue generator takes { seed }; those with a noiseMax take { noise } and the
  // multi-class ones { classes }. `datasets[name]` is a union of generators, so it is called
  // through this common signature.
  const generator = datasets[info.name] as (options: { seed: number; noise?: number; classes?: number }) => Dataset;
  return generator({
    seed,
    ...(info.noiseMax === undefined ? {} : { noise: (noisePercent / 100) * info.noiseMax }),
    ...(info.task === 'multiclass' ? { classes } : {}),
  });
}

/**
 * The plot bounds of a dataset (with `classes` classes, which moves the multi-class shapes): the
 * square around a few reference samples at 100% noise, so neither the noise slider nor the data
 * seed moves the axes and the points fit at every noise. The union with `current` (the points
 * shown) only matters for the rare outlier beyond every reference.
 */
export function datasetBounds(info: DatasetInfo, classes: number, current: Matrix): PlotBounds {
  const references = REFERENCE_SEEDS.map((seed) => generate(info, seed, 100, classes).X);
  return squareBounds(extentOf(...references, current));
}

/**
 * The targets' range for the colour key: the values' own for regression ([-1, 1] before there are
 * any, a blank plane to draw on), [0, classes - 1] otherwise.
 */
export function targetRange(y: Float64Array, classes: number): { yMin: number; yMax: number } {
  if (classes > 0) return { yMin: 0, yMax: classes - 1 };
  if (y.length === 0) return { yMin: -1, yMax: 1 };
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const v of y) {
    if (v < yMin) yMin = v;
    if (v > yMax) yMax = v;
  }
  return { yMin, yMax };
}

/**
 * The examples `indices` of raw data (X (n, m), Y (1, m)) as DataPoints, each array a fresh buffer
 * (a reply transfers them): x1 and x2 are rows `plot` of X. `isTest` is indexed like the data.
 */
export function dataPoints(all: Dataset, indices: ArrayLike<number>, isTest: Uint8Array, bounds: PlotBounds, classes: number, plot: [number, number] = [0, 1]): DataPoints {
  const m = all.X.cols;
  const [across, up] = [plot[0] * m, plot[1] * m];
  const n = indices.length;
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const y = new Float64Array(n);
  const test = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const j = indices[k]!;
    x1[k] = all.X.data[across + j]!;
    x2[k] = all.X.data[up + j]!;
    y[k] = all.Y.data[j]!;
    test[k] = isTest[j]!;
  }
  return { x1, x2, y, test, bounds: { ...bounds }, classes, ...targetRange(y, classes) };
}

/** 0, 1, …, m - 1. */
export function allIndices(m: number): Int32Array {
  const indices = new Int32Array(m);
  for (let j = 0; j < m; j++) indices[j] = j;
  return indices;
}

/**
 * At most `limit` of m examples, evenly spread over the generator's order: every class keeps its
 * share (generators emit classes in blocks or in turn, and an even stride samples both alike).
 */
export function thinnedIndices(m: number, limit: number): Int32Array {
  if (m <= limit) return allIndices(m);
  const indices = new Int32Array(limit);
  for (let k = 0; k < limit; k++) indices[k] = Math.floor((k * m) / limit);
  return indices;
}
