// Geometry for the dataset plot: the padded extent of the points and the coarse grid of cells
// whose predicted class paints the decision boundary. Plain arrays in, plain arrays out, so the
// worker can fill the grid with predictions and the page only draws what it receives.

/** A rectangle in data coordinates. */
export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** One grid cell: its lower-left corner, in data coordinates. */
export interface GridCell {
  x: number;
  y: number;
}

export interface PlotGrid {
  cellWidth: number;
  cellHeight: number;
  cells: GridCell[];
  /** Cell centres as the two rows of a (2, cells) input: row 0 the x coordinates, row 1 the y. */
  centers: [number[], number[]];
}

export interface DecisionBoundary {
  cellWidth: number;
  cellHeight: number;
  /** Each cell with the class the network predicts at its centre. */
  cells: (GridCell & { label: number })[];
}

/** The extent of the points, widened by `padding` on every side (the course's plots use 1). */
export function paddedBounds(x: ArrayLike<number>, y: ArrayLike<number>, padding = 1): PlotBounds {
  if (x.length === 0 || x.length !== y.length) {
    throw new Error(`paddedBounds: x and y must be non-empty and of equal length, got ${x.length} and ${y.length}`);
  }
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let k = 0; k < x.length; k++) {
    xMin = Math.min(xMin, x[k]);
    xMax = Math.max(xMax, x[k]);
    yMin = Math.min(yMin, y[k]);
    yMax = Math.max(yMax, y[k]);
  }
  return { xMin: xMin - padding, xMax: xMax + padding, yMin: yMin - padding, yMax: yMax + padding };
}

/** Splits `bounds` into `resolution` × `resolution` equal cells, row by row from the bottom. */
export function gridOver(bounds: PlotBounds, resolution: number): PlotGrid {
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new Error(`gridOver: resolution must be a positive integer, got ${resolution}`);
  }
  const cellWidth = (bounds.xMax - bounds.xMin) / resolution;
  const cellHeight = (bounds.yMax - bounds.yMin) / resolution;
  const cells: GridCell[] = [];
  const centerX: number[] = [];
  const centerY: number[] = [];
  for (let row = 0; row < resolution; row++) {
    for (let column = 0; column < resolution; column++) {
      const x = bounds.xMin + column * cellWidth;
      const y = bounds.yMin + row * cellHeight;
      cells.push({ x, y });
      centerX.push(x + cellWidth / 2);
      centerY.push(y + cellHeight / 2);
    }
  }
  return { cellWidth, cellHeight, cells, centers: [centerX, centerY] };
}

/** An SVG frame that shows `bounds` in data coordinates, for content drawn inside `scale(1 -1)` (y up). */
export interface PlotFrame {
  viewBox: string;
  /** A point radius of 1% of the plot's width, in data units. */
  pointRadius: number;
  /** The outline of a point (a hollow point's ring), a quarter of its radius. */
  pointStroke: number;
}

export function plotFrame(bounds: PlotBounds): PlotFrame {
  const width = bounds.xMax - bounds.xMin;
  const height = bounds.yMax - bounds.yMin;
  // Under scale(1 -1) the point (x, y) lands at (x, -y), so the view starts at -yMax.
  const pointRadius = width / 100;
  return { viewBox: `${bounds.xMin} ${-bounds.yMax} ${width} ${height}`, pointRadius, pointStroke: pointRadius / 4 };
}
