// The math panel's numbers, computed in the worker from core: the live shape of every operand of
// the course's equations for each layer, and one point's trip through the network (z and a per
// unit of every layer, the output, and for an example its loss term and share of the cost). The
// point goes through core's own forward pass and cost, never a copy of them.
import { Matrix, type Network, type Transformer } from '@ann/core';
import { GRID_SIZE, type LayerShapes, type MathReport, type PlotBounds, type PointTrace, type Shape } from '../protocol';
import { columnX, rowY } from './grid';

/** A labelled set as the session keeps it: expanded features X (n_x, m) and targets Y. */
export interface ExampleSet {
  X: Matrix;
  Y: Matrix;
}

/** What the math report reads from a run. */
export interface MathSources {
  network: Network;
  /** n[0..L] and g[1..L] (the last is the head). */
  layers: readonly number[];
  activations: readonly string[];
  /** The feature expansion fitted on the raw training inputs (raw features to A[0]), or null: the raw features are A[0]. */
  expansion: Transformer | null;
  /** A[0]'s names, in order. */
  features: readonly string[];
  /** Every example, raw (n, m) with its targets, in the order of the page's DataPoints; `isTest[j]` 1 for a test example. */
  all: ExampleSet;
  /** The two raw features (rows of all.X) the plot shows as x1 and x2. */
  plot: [number, number];
  /** The training means of the raw features: the unplotted ones' values at a plane position (as on the plot's grid). */
  means: Float64Array;
  isTest: Uint8Array;
  /** Examples in the training and the test set. */
  mTrain: number;
  mTest: number;
  /** Examples per mini-batch; 0: the full batch. */
  batchSize: number;
  /** The output plot's rectangle, over which the map's GRID_SIZE² cells lie. */
  bounds: PlotBounds;
}

/** Examples one update's forward pass takes: the batch size, capped by the training set (all of it with the full batch). */
export function batchExamples(mTrain: number, batchSize: number): number {
  return batchSize > 0 ? Math.min(batchSize, mTrain) : mTrain;
}

/**
 * The shapes of layer l's operands with m examples in the batch:
 * W[l] (n[l], n[l-1]), b[l] (n[l], 1), A[l-1] (n[l-1], m), Z[l] = W[l]·A[l-1] + b[l] (n[l], m),
 * A[l] = g[l](Z[l]) (n[l], m), and the gradients shaped like what they differentiate:
 * dZ[l], dA[l] (n[l], m), dW[l] = dZ[l]·A[l-1]ᵀ (n[l], n[l-1]), db[l] = Σ dZ[l] (n[l], 1),
 * dA[l-1] = W[l]ᵀ·dZ[l] (n[l-1], m).
 */
export function layerShapes(layers: readonly number[], activations: readonly string[], m: number): LayerShapes[] {
  const out: LayerShapes[] = [];
  for (let l = 1; l < layers.length; l++) {
    const n = layers[l]!;
    const nPrev = layers[l - 1]!;
    const shapes: Record<LayerShapes['shapes'] extends Record<infer K, Shape> ? K : never, Shape> = {
      W: [n, nPrev],
      b: [n, 1],
      A_prev: [nPrev, m],
      Z: [n, m],
      A: [n, m],
      dA: [n, m],
      dZ: [n, m],
      dW: [n, nPrev],
      db: [n, 1],
      dA_prev: [nPrev, m],
    };
    out.push({ layer: l, activation: activations[l - 1]!, shapes });
  }
  return out;
}

/** The column of X's example j, as a (rows, 1) matrix. */
function column(X: Matrix, j: number): Matrix {
  const x = new Matrix(X.rows, 1, 'float64');
  for (let r = 0; r < X.rows; r++) x.set(r, 0, X.get(r, j));
  return x;
}

/**
 * The first example whose plotted features (rows `plot` of the raw X (n, m)) are exactly (x1, x2),
 * or -1: a click snapped to an example sends its own coordinates.
 */
export function exampleAt(X: Matrix, plot: [number, number], x1: number, x2: number): number {
  const m = X.cols;
  const d = X.data;
  const [r1, r2] = plot;
  for (let j = 0; j < m; j++) if (d[r1 * m + j] === x1 && d[r2 * m + j] === x2) return j;
  return -1;
}

/** The plot's grid cell holding (x1, x2) (a point on the frame's far edge belongs to the last cell). */
export function cellAt(bounds: PlotBounds, x1: number, x2: number): { row: number; column: number } {
  const clamp = (k: number) => Math.min(GRID_SIZE - 1, Math.max(0, Math.floor(k)));
  return {
    row: clamp(((bounds.yMax - x2) / (bounds.yMax - bounds.yMin)) * GRID_SIZE),
    column: clamp(((x1 - bounds.xMin) / (bounds.xMax - bounds.xMin)) * GRID_SIZE),
  };
}

/**
 * The point (x1, x2) of the plot through the network. An example's own plotted coordinates select
 * that example (all its features); any other position is taken to the centre of its grid cell with
 * the unplotted features at their means, as the plot's map is computed, so the trace's output is
 * exactly what the plot shows there. A[0] (its features, from the run's expansion), then for
 * l = 1..L, Z[l] and A[l] of its column, from core's forward pass (inference mode: no dropout). If
 * it is a training or test example, its target y, its loss term L(a, y) (core's cost on that one
 * example: the binary cross-entropy −[y·log a + (1 − y)·log(1 − a)], −log a_y for softmax,
 * ½(a − y)² for the linear head) and its share L/m of its set's cost J (m: that set's examples).
 */
export function tracePoint(sources: MathSources, x1: number, x2: number): PointTrace {
  const { network, expansion, features, activations, bounds, plot, means, all } = sources;
  const index = exampleAt(all.X, plot, x1, x2);
  const cell = index >= 0 ? null : cellAt(bounds, x1, x2);
  let raw: Matrix;
  if (cell === null) {
    raw = column(all.X, index);
  } else {
    // A plane position as the plot's grid has it: the cell's centre, every other feature at its mean.
    x1 = columnX(bounds, cell.column);
    x2 = rowY(bounds, cell.row);
    raw = new Matrix(means.length, 1, 'float64');
    raw.data.set(means);
    raw.set(plot[0], 0, x1);
    raw.set(plot[1], 0, x2);
  }
  // Each expanded feature reads only its own example's raw values, so this column is exactly the one training used.
  const X = expansion === null ? raw : expansion.transform(raw);
  const { AL, caches } = network.forward(X);
  const layers = caches.map((cache, k) => ({
    layer: k + 1,
    activation: activations[k]!,
    z: Array.from(cache.Z.data),
    a: Array.from(cache.A.data),
  }));
  const trace: PointTrace = { x1, x2, cell, features: [...features], input: Array.from(X.data), layers, output: Array.from(AL.data), example: null };
  if (index >= 0) {
    const set = sources.isTest[index] === 1 ? 'test' : 'train';
    const Y = column(all.Y, index);
    const loss = network.cost(X, Y);
    const m = set === 'test' ? sources.mTest : sources.mTrain;
    trace.example = { set, index, y: Array.from(Y.data), loss, m, contribution: loss / m };
  }
  return trace;
}

/** Shapes for the batch in use and, when a point is inspected, its trace. */
export function mathReport(sources: MathSources, point: { x1: number; x2: number } | null): MathReport {
  const { mTrain, mTest } = sources;
  const m = batchExamples(mTrain, sources.batchSize);
  return {
    m,
    mTrain,
    mTest,
    // A drawing may have no training example yet.
    batches: m === 0 ? 0 : Math.ceil(mTrain / m),
    layers: layerShapes(sources.layers, sources.activations, m),
    trace: point === null ? null : tracePoint(sources, point.x1, point.x2),
  };
}

/** ‖dW[l]‖_F per layer, as core's trainer reports them for its last update, or undefined before any update. */
export function gradientNormsOf(trainer: { gradientNorms(): number[] }): number[] | undefined {
  const norms = trainer.gradientNorms();
  return norms.length === 0 ? undefined : norms;
}
