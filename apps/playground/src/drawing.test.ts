import { describe, expect, it } from 'vitest';
import { emptyDrawing, planeAt, pointsPerClass, pointsThatFit, withoutPointsNear, withPoints } from './drawing';
import { MAX_DRAWN_POINTS } from './protocol';

const BOUNDS = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };

describe('the drawing', () => {
  it('maps the plot\'s corners and centre to the plane (x2 up)', () => {
    expect(planeAt(BOUNDS, 0, 0)).toEqual({ x1: -2, x2: 3 });
    expect(planeAt(BOUNDS, 1, 1)).toEqual({ x1: 2, x2: -1 });
    expect(planeAt(BOUNDS, 0.5, 0.5)).toEqual({ x1: 0, x2: 1 });
  });

  it('adds a stroke of one class, in order, up to the limit', () => {
    const one = withPoints(emptyDrawing(true), [{ x1: 1, x2: 2 }], 1);
    const two = withPoints(one, [{ x1: 3, x2: 4 }, { x1: 5, x2: 6 }], 0);
    expect(two).toEqual({ blank: true, x1: [1, 3, 5], x2: [2, 4, 6], y: [1, 0, 0] });
    expect(one.x1).toEqual([1]);
    expect(withPoints(null, [{ x1: 0, x2: 0 }], 0).blank).toBe(false);
    const full = withPoints(null, Array.from({ length: MAX_DRAWN_POINTS + 5 }, () => ({ x1: 0, x2: 0 })), 1);
    expect(full.x1).toHaveLength(MAX_DRAWN_POINTS);
    expect(withPoints(full, [{ x1: 1, x2: 1 }], 0).x1).toHaveLength(MAX_DRAWN_POINTS);
  });

  it('erases the points within the radius and keeps the others (the same drawing when none is near)', () => {
    const d = withPoints(emptyDrawing(false), [{ x1: 0, x2: 0 }, { x1: 0.5, x2: 0 }, { x1: 2, x2: 2 }], 1);
    expect(withoutPointsNear(d, { x1: 0.1, x2: 0 }, 0.5)).toEqual({ blank: false, x1: [2], x2: [2], y: [1] });
    expect(withoutPointsNear(d, { x1: -3, x2: -3 }, 0.5)).toBe(d);
  });

  it('counts the points of each class', () => {
    const d = withPoints(withPoints(null, [{ x1: 0, x2: 0 }], 1), [{ x1: 0, x2: 0 }, { x1: 1, x2: 1 }], 2);
    expect(pointsPerClass(d, 3)).toEqual([0, 1, 2]);
    expect(pointsPerClass(null, 2)).toEqual([0, 0]);
  });

  it('keeps only the points whose class the problem has (regression keeps every point)', () => {
    const d = { blank: true, x1: [0, 1, 2], x2: [0, 1, 2], y: [0, 3, 1] };
    expect(pointsThatFit(d, 'classification', 3)).toEqual({ blank: true, x1: [0, 2], x2: [0, 2], y: [0, 1] });
    expect(pointsThatFit(d, 'multiclass', 4)).toBe(d);
    expect(pointsThatFit(d, 'multiclass', 3).y).toEqual([0, 1]);
    expect(pointsThatFit({ ...d, y: [0.5, -2, 7] }, 'regression', 3).y).toEqual([0.5, -2, 7]);
  });
});
