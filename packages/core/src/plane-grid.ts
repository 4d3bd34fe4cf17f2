// The cell centres of a rectangle of the input plane, on which a 2-D classifier is evaluated to draw
// its decision regions (the CLI's terminal picture, the playground's maps): one formula for both.
import { ValueError } from './errors';
import { Matrix } from './matrix';
import { integerAtLeast } from './validate';

/** A rectangle of the input plane: x1 (the first input row) from lo to hi, x2 (the second) likewise. */
export interface PlaneBounds {
  x1: readonly [lo: number, hi: number];
  x2: readonly [lo: number, hi: number];
}

/**
 * x1 at the centre of grid column j of `columns` over [lo, hi] (column 0 at the left, near lo):
 * lo + (j + ½)·(hi − lo)/columns.
 */
export function columnCentre([lo, hi]: readonly [number, number], columns: number, j: number): number {
  return lo + ((j + 0.5) * (hi - lo)) / columns;
}

/**
 * x2 at the centre of grid row i of `rows` over [lo, hi] (row 0 at the top, near hi, as a picture
 * is drawn): hi − (i + ½)·(hi − lo)/rows.
 */
export function rowCentre([lo, hi]: readonly [number, number], rows: number, i: number): number {
  return hi - ((i + 0.5) * (hi - lo)) / rows;
}

/**
 * The centres of a columns × rows grid over `bounds` as raw inputs X (2, columns·rows): column
 * k = i·columns + j of X is the cell in row i (0 at the top) and column j (0 at the left), row-major
 * like a picture, so a classifier's predictions (1, columns·rows) read row by row are the picture.
 * Row 0 of X is x1 = columnCentre(bounds.x1, columns, j), row 1 is x2 = rowCentre(bounds.x2, rows, i).
 */
export function planeGrid(bounds: PlaneBounds, columns: number, rows: number): Matrix {
  integerAtLeast(columns, 1, 'planeGrid', 'columns');
  integerAtLeast(rows, 1, 'planeGrid', 'rows');
  for (const axis of ['x1', 'x2'] as const) {
    const range = bounds?.[axis];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
      throw new ValueError(`planeGrid: bounds.${axis} must be [lo, hi] with finite lo < hi, got ${JSON.stringify(range)}`);
    }
  }
  const cells = columns * rows;
  const X = new Matrix(2, cells);
  for (let i = 0; i < rows; i++) {
    const x2 = rowCentre(bounds.x2, rows, i);
    for (let j = 0; j < columns; j++) {
      X.data[i * columns + j] = columnCentre(bounds.x1, columns, j);
      X.data[cells + i * columns + j] = x2;
    }
  }
  return X;
}
