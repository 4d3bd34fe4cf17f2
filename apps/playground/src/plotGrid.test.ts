import { describe, expect, it } from 'vitest';
import { gridOver, paddedBounds, plotFrame } from './plotGrid';

describe('paddedBounds', () => {
  it('widens the points’ extent by the padding on every side', () => {
    expect(paddedBounds([0, 2, -1], [5, 3, 4], 1)).toEqual({ xMin: -2, xMax: 3, yMin: 2, yMax: 6 });
  });

  it('rejects empty or mismatched coordinates', () => {
    expect(() => paddedBounds([], [])).toThrow(/non-empty/);
    expect(() => paddedBounds([1, 2], [1])).toThrow(/got 2 and 1/);
  });
});

describe('gridOver', () => {
  it('covers the bounds with equal cells, row by row from the bottom, centres as two rows', () => {
    const grid = gridOver({ xMin: 0, xMax: 4, yMin: -2, yMax: 2 }, 2);
    expect(grid.cellWidth).toBe(2);
    expect(grid.cellHeight).toBe(2);
    expect(grid.cells).toEqual([
      { x: 0, y: -2 },
      { x: 2, y: -2 },
      { x: 0, y: 0 },
      { x: 2, y: 0 },
    ]);
    expect(grid.centers).toEqual([
      [1, 3, 1, 3],
      [-1, -1, 1, 1],
    ]);
  });

  it('rejects a resolution that is not a positive integer', () => {
    expect(() => gridOver({ xMin: 0, xMax: 1, yMin: 0, yMax: 1 }, 0)).toThrow(/positive integer, got 0/);
  });
});

describe('plotFrame', () => {
  it('frames the bounds for content drawn under scale(1 -1)', () => {
    expect(plotFrame({ xMin: -4, xMax: 6, yMin: -1, yMax: 3 })).toEqual({ viewBox: '-4 -3 10 4', pointRadius: 0.1, pointStroke: 0.025 });
  });
});
