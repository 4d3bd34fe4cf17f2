// The Draw tool's edits of the drawing (the page's own list of points, which the worker joins to the
// data): a stroke of points added, the points near the pointer erased. Pure, unit-tested; the plane
// coordinates come from the pointer's place in the plot, the plot's frame from the worker.
import { MAX_DRAWN_POINTS, type DrawnData, type PlotBounds, type ProblemType } from './protocol';

/** A place on the input plane. */
export interface PlanePoint {
  x1: number;
  x2: number;
}

/** Pixels between two points of a dragged stroke, so a drag draws a dotted line, not a blot. */
export const STROKE_SPACING_PX = 12;
/** Points one stroke adds at most. */
export const MAX_STROKE_POINTS = 60;
/** The eraser's radius in pixels. */
export const ERASER_RADIUS_PX = 14;

/** The empty drawing: on a blank plane, or on top of the current data. */
export function emptyDrawing(blank: boolean): DrawnData {
  return { blank, x1: [], x2: [], y: [] };
}

/** The plane position at a fraction (fx across from the left, fy down from the top) of the square plot. */
export function planeAt(bounds: PlotBounds, fx: number, fy: number): PlanePoint {
  return { x1: bounds.xMin + fx * (bounds.xMax - bounds.xMin), x2: bounds.yMax - fy * (bounds.yMax - bounds.yMin) };
}

/** The drawing with `points` added, all with target y; at most MAX_DRAWN_POINTS in all (the rest are dropped). */
export function withPoints(current: DrawnData | null, points: readonly PlanePoint[], y: number): DrawnData {
  const base = current ?? emptyDrawing(false);
  const room = Math.max(0, MAX_DRAWN_POINTS - base.x1.length);
  const added = points.slice(0, room);
  return {
    blank: base.blank,
    x1: [...base.x1, ...added.map((p) => p.x1)],
    x2: [...base.x2, ...added.map((p) => p.x2)],
    y: [...base.y, ...added.map(() => y)],
  };
}

/** The drawing without its points within `radius` (plane units) of `at`; the same object when none is that near. */
export function withoutPointsNear(current: DrawnData, at: PlanePoint, radius: number): DrawnData {
  const keep: number[] = [];
  for (let k = 0; k < current.x1.length; k++) {
    if (Math.hypot(current.x1[k]! - at.x1, current.x2[k]! - at.x2) > radius) keep.push(k);
  }
  return keeping(current, keep);
}

/** The drawing with only the points `keep` (indices, in order); the same object when that is all of them. */
function keeping(current: DrawnData, keep: readonly number[]): DrawnData {
  if (keep.length === current.x1.length) return current;
  return { blank: current.blank, x1: keep.map((k) => current.x1[k]!), x2: keep.map((k) => current.x2[k]!), y: keep.map((k) => current.y[k]!) };
}

/** How many drawn points each class 0..classes-1 has. */
export function pointsPerClass(current: DrawnData | null, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of current?.y ?? []) if (y >= 0 && y < classes) counts[y]!++;
  return counts;
}

/**
 * The drawing without the points whose class the problem does not have (a class 3 after a switch
 * to two classes); the same object when every point fits. Any number is a regression target, so
 * a switch to regression keeps every point, its class index as its value.
 */
export function pointsThatFit(current: DrawnData, problem: ProblemType, classes: number): DrawnData {
  if (problem === 'regression') return current;
  const K = problem === 'classification' ? 2 : classes;
  return keeping(current, current.y.flatMap((y, k) => (Number.isInteger(y) && y >= 0 && y < K ? [k] : [])));
}
