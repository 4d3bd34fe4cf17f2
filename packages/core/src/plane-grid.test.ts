import { describe, expect, it } from 'vitest';
import { ValueError } from './errors';
import { columnCentre, planeGrid, rowCentre } from './index';

describe('planeGrid', () => {
  it('lays the cell centres out row-major: x1 left to right, x2 top to bottom', () => {
    const X = planeGrid({ x1: [0, 4], x2: [-1, 1] }, 4, 2);
    expect([X.rows, X.cols]).toEqual([2, 8]);
    expect(Array.from(X.data.subarray(0, 8))).toEqual([0.5, 1.5, 2.5, 3.5, 0.5, 1.5, 2.5, 3.5]);
    expect(Array.from(X.data.subarray(8))).toEqual([0.5, 0.5, 0.5, 0.5, -0.5, -0.5, -0.5, -0.5]);
  });

  it('is columnCentre and rowCentre at every cell, bit for bit', () => {
    const bounds = { x1: [-1.3, 2.9], x2: [0.1, 0.7] } as const;
    const X = planeGrid(bounds, 7, 5);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 7; j++) {
        expect(X.get(0, i * 7 + j)).toBe(columnCentre(bounds.x1, 7, j));
        expect(X.get(1, i * 7 + j)).toBe(rowCentre(bounds.x2, 5, i));
      }
    }
    expect(columnCentre([-1.3, 2.9], 7, 0)).toBe(-1.3 + (0.5 * (2.9 - -1.3)) / 7);
    expect(rowCentre([0.1, 0.7], 5, 0)).toBe(0.7 - (0.5 * (0.7 - 0.1)) / 5);
  });

  it('refuses a grid without cells and bounds that are not a finite lo < hi', () => {
    expect(() => planeGrid({ x1: [0, 1], x2: [0, 1] }, 0, 3)).toThrow('planeGrid: columns must be an integer ≥ 1, got 0');
    expect(() => planeGrid({ x1: [0, 1], x2: [0, 1] }, 3, 2.5)).toThrow('planeGrid: rows must be an integer ≥ 1, got 2.5');
    expect(() => planeGrid({ x1: [1, 1], x2: [0, 1] }, 3, 3)).toThrow(ValueError);
    expect(() => planeGrid({ x1: [0, 1], x2: [0, Number.NaN] }, 3, 3)).toThrow('planeGrid: bounds.x2 must be [lo, hi] with finite lo < hi, got [0,null]');
  });
});
