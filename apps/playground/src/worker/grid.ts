// Geometry of the output plot: the fixed rectangle of the input plane a dataset is drawn in, and the
// GRID_SIZE × GRID_SIZE cell centres on which the worker evaluates the network. Pure functions of
// plain numbers, so the orientation (row 0 at the top) is tested once here and shared by every map.
import { columnCentre, planeGrid, rowCentre, type Matrix } from '@ann/core';
import { GRID_SIZE, type PlotBounds } from '../protocol';

/**
 * Share of the data's larger span added on each side: enough that no dot is cut by the plot's
 * frame (a dot is ~1.5% of the plot wide), no more, so the data fills the plot.
 */
export const PADDING = 0.03;
/**
 * About this many rounding steps across the data's span: the centre and half-side are whole
 * multiples of the step (1, 2, 2.5 or 5 times a power of ten), so the axes read well while the
 * rounding adds at most a 40th of the span.
 */
const STEPS = 40;

/** The extent of rows 0 and 1 (x1, x2) over every matrix given: [xMin, xMax, yMin, yMax]. */
export function extentOf(...matrices: Matrix[]): [number, number, number, number] {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const X of matrices) {
    if (X.rows < 2) throw new Error(`extentOf: expected raw 2-D inputs X (2, m), got ${X.shapeString()}`);
    const m = X.cols;
    const d = X.data;
    for (let j = 0; j < m; j++) {
      const x = d[j]!;
      const y = d[m + j]!;
      if (x < xMin) xMin = x;
      if (x > xMax) xMax = x;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
    }
  }
  if (!(xMin <= xMax && yMin <= yMax)) throw new Error('extentOf: no finite points to bound');
  return [xMin, xMax, yMin, yMax];
}

/** 1, 2, 2.5 or 5 times a power of ten, the smallest not below `raw`: steps whose ticks read well. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= raw) return factor * power;
  return 10 * power;
}

/**
 * A square of the plane around the extent: padded, centred on a multiple of a nice step and with a
 * half-side that is a multiple of it, so the axes read well; square so that distances look the
 * same along both axes (the plot is drawn square).
 */
export function squareBounds([xMin, xMax, yMin, yMax]: [number, number, number, number]): PlotBounds {
  const span = Math.max(xMax - xMin, yMax - yMin) || 1; // a single point: a unit square around it
  const step = niceStep(span / STEPS);
  // k steps, as the nearest double to the decimal k·step (k / 5 is 0.2·k exactly rounded; k * 0.2 is not).
  const steps = (k: number) => (step >= 1 ? k * step : k / Math.round(1 / step));
  const cx = Math.round((xMin + xMax) / 2 / step);
  const cy = Math.round((yMin + yMax) / 2 / step);
  const need = Math.max(steps(cx) - xMin, xMax - steps(cx), steps(cy) - yMin, yMax - steps(cy)) + PADDING * span;
  const half = Math.ceil(need / step);
  return { xMin: steps(cx - half), xMax: steps(cx + half), yMin: steps(cy - half), yMax: steps(cy + half) };
}

/** x1 at the centre of grid column j (0 at the left): core's columnCentre over [xMin, xMax]. */
export function columnX(bounds: PlotBounds, j: number): number {
  return columnCentre([bounds.xMin, bounds.xMax], GRID_SIZE, j);
}

/** x2 at the centre of grid row i (0 at the top, x2 near yMax): core's rowCentre over [yMin, yMax]. */
export function rowY(bounds: PlotBounds, i: number): number {
  return rowCentre([bounds.yMin, bounds.yMax], GRID_SIZE, i);
}

/**
 * The cell centres as raw inputs X (2, GRID_SIZE²), core's planeGrid: column k = i·GRID_SIZE + j is
 * cell (row i, column j), the same row-major order as GridValues, so a forward pass's row of A[l] is a map.
 */
export function gridInputs(bounds: PlotBounds): Matrix {
  return planeGrid({ x1: [bounds.xMin, bounds.xMax], x2: [bounds.yMin, bounds.yMax] }, GRID_SIZE, GRID_SIZE);
}

/** Row r of M (one unit or one feature over the grid) as a fresh Float32Array, to transfer. */
export function rowMap(M: Matrix, r: number): Float32Array {
  const n = M.cols;
  return new Float32Array(M.data.subarray(r * n, (r + 1) * n));
}
