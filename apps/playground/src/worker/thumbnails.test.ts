import { DATASET_CATALOG, datasets } from '@ann/core';
import { describe, expect, it } from 'vitest';
import type { ProblemType } from '../protocol';
import { PlaygroundSession } from './session';
import { SettingsError } from './checks';
import { THUMBNAIL_POINTS, thumbnails } from './thumbnails';

const LIVE = { learningRate: 0.1, l2: 0, dropout: 0, optimizer: 'gd', beta: 0.9, beta1: 0.9, beta2: 0.999 } as const;

describe('thumbnails', () => {
  it('lists the datasets of each problem type in the catalogue’s order', () => {
    const names = (problem: ProblemType) => thumbnails(problem, 3, 50, 1).map((t) => t.dataset);
    expect(names('classification')).toEqual(['planarFlower', 'moons', 'circles', 'xor', 'gaussian', 'spiral']);
    expect(names('multiclass')).toEqual(['spirals', 'blobs']);
    expect(names('regression')).toEqual(['plane', 'multiGaussian']);
  });

  it('are core’s points at the given noise, classes and seed, evenly thinned to at most THUMBNAIL_POINTS', () => {
    const [, blobs] = thumbnails('multiclass', 5, 40, 7);
    const full = datasets.blobs({ seed: 7, classes: 5, noise: 0.4 * DATASET_CATALOG.find((d) => d.name === 'blobs')!.noiseMax! });
    const m = full.X.cols;
    expect(m).toBeGreaterThan(THUMBNAIL_POINTS);
    const { data } = blobs!;
    expect(data.x1.length).toBe(THUMBNAIL_POINTS);
    expect(data.classes).toBe(5);
    expect([data.yMin, data.yMax]).toEqual([0, 4]);
    for (let k = 0; k < THUMBNAIL_POINTS; k++) {
      const j = Math.floor((k * m) / THUMBNAIL_POINTS);
      expect([data.x1[k], data.x2[k], data.y[k]]).toEqual([full.X.get(0, j), full.X.get(1, j), full.Y.get(0, j)]);
    }
    expect(data.test.every((t) => t === 0)).toBe(true);
    // Every class keeps most of its share (the generator shuffles, so not exactly a fifth each).
    for (let c = 0; c < 5; c++) expect(data.y.filter((y) => y === c).length).toBeGreaterThanOrEqual((0.75 * THUMBNAIL_POINTS) / 5);
  });

  it('use the very bounds the run would use for the same dataset, noise, seed and classes', () => {
    for (const [problem, classes] of [['classification', 2], ['multiclass', 4], ['regression', 0]] as const) {
      for (const item of thumbnails(problem, classes, 100, 4)) {
        const session = new PlaygroundSession();
        const ready = session.configure(
          { problem, dataset: item.dataset, classes, noise: 100, trainPercent: 80, dataSeed: 4, features: ['x1', 'x2'], hidden: [], activations: [], init: 'xavier', initScale: 0.01, shuffle: 'generator', weightSeed: 1, batchSize: 0 },
          LIVE,
        );
        expect(item.data.bounds).toEqual(ready.data.bounds);
        if (problem === 'regression') {
          expect(item.data.yMin).toBe(Math.min(...item.data.y));
          expect(item.data.yMax).toBe(Math.max(...item.data.y));
        } else {
          expect(item.data.classes).toBe(classes);
        }
      }
    }
  });

  it('keeps every point of a small dataset, each array its own buffer', () => {
    const [plane] = thumbnails('regression', 3, 0, 1);
    expect(plane!.data.x1.length).toBe(Math.min(datasets.plane({ seed: 1 }).X.cols, THUMBNAIL_POINTS));
    const buffers = new Set([plane!.data.x1.buffer, plane!.data.x2.buffer, plane!.data.y.buffer, plane!.data.test.buffer]);
    expect(buffers.size).toBe(4);
  });

  it('refuses bad input with a message naming it', () => {
    expect(() => thumbnails('clustering' as never, 3, 50, 1)).toThrow(/Unknown problem type "clustering"/);
    expect(() => thumbnails('classification', 3, -1, 1)).toThrow(/Noise must be 0 to 100/);
    expect(() => thumbnails('classification', 3, 50, 1.5)).toThrow(/data seed/);
    expect(() => thumbnails('multiclass', 1, 50, 1)).toThrow(SettingsError);
    expect(() => thumbnails('multiclass', 99, 50, 1)).toThrow(/spirals preview/);
  });
});
