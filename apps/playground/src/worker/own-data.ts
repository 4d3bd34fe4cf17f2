// The user's own data as the session trains on it: points drawn on the plot (joined onto the
// generated or uploaded examples, or alone on a blank plane), the two plotted columns of data with
// more than two features, the grid over the plane with the other features held at their training
// means, and why a drawing cannot train yet. Pure functions over core's Matrix, tested in Node.
import { Matrix, type Dataset } from '@ann/core';
import { MAX_DRAWN_POINTS, type DrawnData, type ProblemType } from '../protocol';
import { SettingsError } from './checks';
import { gridInputs } from './grid';
import type { PlotBounds } from '../protocol';

/** Most feature columns an upload may have: the network view draws one input per column. */
export const MAX_FEATURE_COLUMNS = 16;

/**
 * The drawn points, checked: three arrays of one length (at most MAX_DRAWN_POINTS), finite
 * coordinates, and targets that fit the problem (class indices 0..classes-1, or finite values).
 */
export function checkDrawn(drawn: DrawnData, problem: ProblemType, classes: number): DrawnData {
  if (drawn === null || typeof drawn !== 'object') throw new SettingsError('The drawn points are missing');
  const { blank, x1, x2, y } = drawn;
  if (!Array.isArray(x1) || !Array.isArray(x2) || !Array.isArray(y) || x1.length !== x2.length || y.length !== x1.length) {
    throw new SettingsError('The drawn points need x1, x2 and y arrays of one length');
  }
  if (x1.length > MAX_DRAWN_POINTS) throw new SettingsError(`${x1.length} drawn points: the Draw tool keeps at most ${MAX_DRAWN_POINTS}`);
  for (let k = 0; k < x1.length; k++) {
    const at = `Drawn point ${k + 1}`;
    if (!Number.isFinite(x1[k]) || !Number.isFinite(x2[k])) throw new SettingsError(`${at} is at (${String(x1[k])}, ${String(x2[k])}): both coordinates must be finite numbers`);
    const target = y[k];
    if (problem === 'regression') {
      if (!Number.isFinite(target)) throw new SettingsError(`${at} has the value ${String(target)}: a finite number is needed`);
    } else if (!Number.isInteger(target) || target! < 0 || target! >= classes) {
      throw new SettingsError(`${at} has the class ${String(target)}: expected 0 to ${classes - 1}`);
    }
  }
  return { blank: blank === true, x1: [...x1], x2: [...x2], y: [...y] };
}

/**
 * The examples of `base` (X (2, m), Y (1, m); null: a blank plane) followed by the drawn points,
 * as X (2, m + d) and Y (1, m + d). Drawing needs a plane of exactly two features.
 */
export function withDrawn(base: Dataset | null, drawn: DrawnData): Dataset {
  const rows = base?.X.rows ?? 2;
  if (rows !== 2) throw new SettingsError(`Points can only be drawn on data of two features (this data has ${rows}): the plot shows two of them, the drawing would leave the others unknown`);
  const m = base?.X.cols ?? 0;
  const d = drawn.x1.length;
  const n = m + d;
  const X = new Matrix(2, n);
  const Y = new Matrix(1, n);
  for (let j = 0; j < m; j++) {
    X.data[j] = base!.X.data[j]!;
    X.data[n + j] = base!.X.data[m + j]!;
    Y.data[j] = base!.Y.data[j]!;
  }
  for (let k = 0; k < d; k++) {
    X.data[m + k] = drawn.x1[k]!;
    X.data[n + m + k] = drawn.x2[k]!;
    Y.data[m + k] = drawn.y[k]!;
  }
  return { X, Y };
}

/** Rows `rows` of X, in that order, as a matrix of their own (the plotted pair of a wider X). */
export function selectRows(X: Matrix, rows: readonly number[]): Matrix {
  const m = X.cols;
  const S = new Matrix(rows.length, m);
  rows.forEach((r, i) => S.data.set(X.data.subarray(r * m, (r + 1) * m), i * m));
  return S;
}

/** The mean of each row of X (n, m): μ_i = (1/m) Σ_j X[i, j]; 0 for a row of an X without columns. */
export function rowMeans(X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  const means = new Float64Array(rows);
  if (cols === 0) return means;
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j]!;
    means[i] = sum / cols;
  }
  return means;
}

/** The plotted pair, checked: two different feature indices of n, [0, 1] when none is given. */
export function checkPlot(plot: unknown, n: number): [number, number] {
  if (plot === undefined) return [0, 1];
  const valid = Array.isArray(plot) && plot.length === 2 && plot.every((i) => Number.isInteger(i) && i >= 0 && i < n) && plot[0] !== plot[1];
  if (!valid) throw new SettingsError(`The plotted features must be two different columns of the ${n} (0 to ${n - 1}), got ${JSON.stringify(plot)}`);
  return [plot[0], plot[1]];
}

/**
 * The grid's cell centres as raw inputs X (n, GRID_SIZE²): the plotted features `plot` take the
 * cell's x1 and x2, every other feature i its training mean μ_i, so the maps over the plane are the
 * network's answer for an otherwise average example. With two features this is gridInputs itself.
 */
export function gridAtMeans(bounds: PlotBounds, plot: [number, number], means: Float64Array): Matrix {
  const plane = gridInputs(bounds);
  if (means.length === 2 && plot[0] === 0 && plot[1] === 1) return plane;
  const cells = plane.cols;
  const X = new Matrix(means.length, cells);
  for (let i = 0; i < means.length; i++) X.data.fill(means[i]!, i * cells, (i + 1) * cells);
  X.data.set(plane.data.subarray(0, cells), plot[0] * cells);
  X.data.set(plane.data.subarray(cells), plot[1] * cells);
  return X;
}

/**
 * Why a drawing cannot train yet, or null when it can: a classifier needs a training point of every
 * class, a regression two training points. `all` counts every example, `train` the training set's.
 */
export function untrainableReason(allY: Matrix, trainY: Matrix, problem: ProblemType, classes: number): string | null {
  if (problem === 'regression') {
    if (trainY.cols >= 2) return null;
    return `Draw at least 2 points to train (the training set has ${trainY.cols})`;
  }
  const inAll = new Array<number>(classes).fill(0);
  const inTrain = new Array<number>(classes).fill(0);
  for (const v of allY.data) inAll[v]!++;
  for (const v of trainY.data) inTrain[v]!++;
  const missing = inTrain.flatMap((count, k) => (count === 0 ? [k] : []));
  if (missing.length === 0) return null;
  const what = missing.map((k) => (inAll[k] === 0 ? `class ${k} has none yet` : `class ${k}'s ${inAll[k]} point${inAll[k] === 1 ? ' is' : 's are'} all in the test set`));
  const every = classes === 2 ? 'both classes' : `all ${classes} classes`;
  return `Draw points of ${every} to train: ${what.join(', ')}`;
}
