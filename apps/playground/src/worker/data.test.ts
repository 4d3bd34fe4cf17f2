import { DATASET_CATALOG, type DatasetInfo } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { datasetBounds, generate, REFERENCE_SEEDS } from './data';
import { extentOf, PADDING, squareBounds } from './grid';

/** Every catalogue dataset, the multi-class ones at 3 to 6 classes. */
const VARIANTS: [DatasetInfo, number][] = DATASET_CATALOG.flatMap((info) => (info.task === 'multiclass' ? [3, 4, 5, 6].map((K) => [info, K] as [DatasetInfo, number]) : [[info, 2] as [DatasetInfo, number]]));

describe('plot bounds', () => {
  it('are fixed per dataset: neither the noise nor the data seed moves them', () => {
    for (const [info, K] of VARIANTS) {
      const reference = datasetBounds(info, K, generate(info, 1, 0, K).X);
      for (const seed of REFERENCE_SEEDS) {
        for (const noise of [0, 35, 100]) expect(datasetBounds(info, K, generate(info, seed, noise, K).X), `${info.name} K=${K} seed ${seed} noise ${noise}`).toEqual(reference);
      }
    }
  });

  it('hold every point at 100% noise with room to spare, and are tight: the data fills most of the plot', () => {
    for (const [info, K] of VARIANTS) {
      const b = datasetBounds(info, K, generate(info, 1, 0, K).X);
      const side = b.xMax - b.xMin;
      expect(b.yMax - b.yMin).toBeCloseTo(side, 12);
      const [xMin, xMax, yMin, yMax] = extentOf(...REFERENCE_SEEDS.map((seed) => generate(info, seed, 100, K).X));
      // Inside by at least the padding's worth of the data's span (so no dot is cut by the frame)…
      const span = Math.max(xMax - xMin, yMax - yMin);
      const margin = Math.min(xMin - b.xMin, b.xMax - xMax, yMin - b.yMin, b.yMax - yMax);
      expect(margin, `${info.name} K=${K}`).toBeGreaterThanOrEqual(PADDING * span - 1e-12);
      // …and the data at 100% noise spans at least 85% of the plot along its longer axis (blobs
      // spanned two thirds of it with the former 10% padding and coarse rounding).
      expect(span / side, `${info.name} K=${K}: data ${span.toFixed(2)} in a plot of ${side}`).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('widen for an outlier beyond every reference sample rather than cut it off', () => {
    const blobs = DATASET_CATALOG.find((d) => d.name === 'blobs')!;
    const X = generate(blobs, 1, 100, 4).X;
    const usual = datasetBounds(blobs, 4, X);
    X.set(0, 0, usual.xMax + 3);
    const widened = datasetBounds(blobs, 4, X);
    expect(widened.xMax).toBeGreaterThan(usual.xMax + 3);
  });
});

describe('squareBounds', () => {
  it('is a square on round numbers: centre and half-side are whole steps, printed as the decimals they are', () => {
    // Span 5.14, step 0.2 (the nice step above 5.14/40); centre (0.6, 0.2); the farthest edge 2.6 from
    // it, plus 3% of 5.14, rounds up to 14 steps: 0.6 ± 2.8 and 0.2 ± 2.8.
    expect(squareBounds([-2, 3.14, -1.64, 2.14])).toEqual({ xMin: -2.2, xMax: 3.4, yMin: -2.6, yMax: 3 });
    expect(squareBounds([-1, 0.99, -1, 1])).toEqual({ xMin: -1.1, xMax: 1.1, yMin: -1.1, yMax: 1.1 });
    expect(squareBounds([-4.22, 4.23, -4.05, 4.24])).toEqual({ xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 });
  });

  it('puts a single point in a unit-sized square around it', () => {
    const b = squareBounds([2, 2, 3, 3]);
    expect(b.xMin < 2 && 2 < b.xMax && b.yMin < 3 && 3 < b.yMax).toBe(true);
    expect(b.xMax - b.xMin).toBeGreaterThan(0);
  });
});
