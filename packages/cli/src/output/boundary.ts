import { planeGrid, type Matrix } from '@ann/core/node';
import type { Style } from './style';

const POINT_MARKS = ['o', 'x', '+', '*', '#', '@'];
const REGION_MARKS = [' ', '·', ':', '-', '=', '~'];

/**
 * The decision regions of a 2-D classifier as a terminal picture: each character cell is shaded by
 * the class predicted at its centre, and each example is drawn on top with its true class's mark
 * (o for class 0, x for class 1, …). `predict` maps raw inputs (2, k) to classes (1, k); the cells
 * are core's planeGrid.
 */
export function renderBoundary(
  X: Matrix,
  Y: Matrix,
  predict: (X: Matrix) => Matrix,
  width: number,
  height: number,
  style: Style,
): string[] {
  const m = X.cols;
  const x1 = X.data.subarray(0, m);
  const x2 = X.data.subarray(m, 2 * m);
  const [lo1, hi1] = padded(x1);
  const [lo2, hi2] = padded(x2);
  const grid = planeGrid({ x1: [lo1, hi1], x2: [lo2, hi2] }, width, height);
  const regions = predict(grid).data;
  // Each cell: its predicted class and, where an example falls, that example's true class.
  const points: (number | null)[][] = Array.from({ length: height }, () => new Array<number | null>(width).fill(null));
  for (let j = 0; j < m; j++) {
    const col = Math.min(width - 1, Math.floor(((x1[j]! - lo1) / (hi1 - lo1)) * width));
    const row = Math.min(height - 1, Math.floor(((hi2 - x2[j]!) / (hi2 - lo2)) * height));
    points[row]![col] = Y.data[j]!;
  }
  const rows: string[] = [];
  for (let row = 0; row < height; row++) {
    let text = '';
    let run = '';
    let runClass = -1;
    const flush = () => {
      if (run !== '') text += style.palette(runClass, run);
      run = '';
    };
    for (let col = 0; col < width; col++) {
      const point = points[row]![col]!;
      if (point !== null) {
        flush();
        text += style.bold(style.palette(point, POINT_MARKS[point % POINT_MARKS.length]!));
        continue;
      }
      const c = regions[row * width + col]!;
      if (c !== runClass) flush();
      runClass = c;
      run += style.enabled ? '·' : REGION_MARKS[c % REGION_MARKS.length]!;
    }
    flush();
    rows.push(text);
  }
  const border = `┌${'─'.repeat(width)}┐`;
  return [border, ...rows.map((row) => `│${row}│`), `└${'─'.repeat(width)}┘`];
}

function padded(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    lo = Math.min(lo, values[k]!);
    hi = Math.max(hi, values[k]!);
  }
  const pad = (hi - lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}
