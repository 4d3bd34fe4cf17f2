// The loss landscape (Li, Xu, Taylor, Studer & Goldstein, 2018, "Visualizing the Loss Landscape of
// Neural Nets"): the training cost on a 2-D slice through parameter space,
//
//   J(α, β) = J(θ* + α·d1 + β·d2),
//
// where θ* are the network's parameters now and d1, d2 are random directions, filter-normalised: for
// every unit i of every layer l, the row i of d's W[l] block is rescaled to the norm of W[l]'s row i
// (a dense layer's "filter" is one unit's incoming weights), and d's bias blocks are zero (Li et al.'s
// choice for biases), so the slice moves each unit by an amount proportional to its own scale and
// networks of any scale read alike. Each cell's cost is core's Network.cost on the training set, with
// the L2 term (λ/2m)·Σ‖W[l]‖² when λ > 0, evaluated on a second network (the probe) so the run's own
// network is never touched and training can go on while a map is computed.
//
// The training path is drawn on the slice: every recorded θ_t − θ* is projected onto span(d1, d2) by
// least squares. Random directions in a space of hundreds of dimensions are nearly orthogonal to the
// path, so the residual (the part of θ_t − θ* off the slice) is reported, to say how faithful the
// projected path is. Pure TypeScript over @ann/core: Node tests drive it exactly as the worker does.
// One file: the directions, the grid of costs and the projected path of one landscape, each step
// feeding the next.
import { Matrix, RandomState, type Network, type ParameterSpec } from '@ann/core';
import type { FromWorker, LandscapeResult } from '../protocol';
export { LANDSCAPE_SIZE } from '../protocol';
import { isInteger, SettingsError } from './checks';

/** Grid sizes a request may ask for: odd, so that α = β = 0 (the network itself) is a cell. */
export const LANDSCAPE_MIN_SIZE = 5;
export const LANDSCAPE_MAX_SIZE = 61;
/**
 * Parameter vectors the training path keeps at most. Beyond the cap the path keeps every other
 * point and records half as often, so it spans the whole run with at most this many points:
 * memory is PATH_CAP × P × 8 bytes (P parameters), 25 kB for a [2, 4, 4, 1] network and about
 * 4.5 MB for the largest network the page builds (six hidden layers of 32 units).
 */
export const PATH_CAP = 100;
/** The slice spans α, β ∈ [−1, 1] (Li et al.'s range), widened so the projected path fits. */
const MIN_EXTENT = 1;
const PATH_MARGIN = 1.1;

/** A network's parameters as one vector: W1 (row-major), b1, W2, b2, …, in the course's order. */
export class ParameterLayout {
  readonly specs: readonly ParameterSpec[];
  /** P, the number of parameters. */
  readonly size: number;
  /** Where each parameter's block starts in the vector. */
  private readonly offsets: number[];

  constructor(specs: readonly ParameterSpec[]) {
    this.specs = specs;
    this.offsets = [];
    let size = 0;
    for (const spec of specs) {
      this.offsets.push(size);
      size += spec.rows * spec.cols;
    }
    this.size = size;
  }

  flatten(parameters: Record<string, Matrix>): Float64Array {
    const theta = new Float64Array(this.size);
    this.specs.forEach((spec, k) => theta.set(parameters[spec.name]!.data, this.offsets[k]));
    return theta;
  }

  /** Writes θ into `parameters`' matrices (made by `matrices`), so a loop reuses the same ones. */
  unflatten(theta: Float64Array, parameters: Record<string, Matrix>): void {
    this.specs.forEach((spec, k) => {
      const start = this.offsets[k]!;
      parameters[spec.name]!.data.set(theta.subarray(start, start + spec.rows * spec.cols));
    });
  }

  /** One float64 matrix per parameter, shaped as the specs say. */
  matrices(): Record<string, Matrix> {
    const out: Record<string, Matrix> = {};
    for (const spec of this.specs) out[spec.name] = new Matrix(spec.rows, spec.cols, 'float64');
    return out;
  }

  /** The block of one parameter in a vector (a view). */
  block(vector: Float64Array, k: number): Float64Array {
    const spec = this.specs[k]!;
    const start = this.offsets[k]!;
    return vector.subarray(start, start + spec.rows * spec.cols);
  }
}

/**
 * A random direction filter-normalised to θ (Li et al., 2018): d ~ N(0, 1) entrywise from `random`,
 * then for each weight matrix W[l] (n_l, n_{l-1}) and unit i, d's row i is rescaled so that
 * ‖d[l]_i‖ = ‖W[l]_i‖; bias (and any other non-W) blocks are zero. A unit whose weights are all zero
 * (zero initialization) gets a zero row: the slice does not move it.
 */
export function filterNormalizedDirection(layout: ParameterLayout, theta: Float64Array, random: RandomState): Float64Array {
  const d = new Float64Array(layout.size);
  layout.specs.forEach((spec, k) => {
    // Every block draws its normals, biases too, so d2's draws do not depend on which blocks are kept.
    const block = layout.block(d, k);
    for (let j = 0; j < block.length; j++) block[j] = random.nextGaussian();
    if (spec.kind !== 'W') {
      block.fill(0);
      return;
    }
    const W = layout.block(theta, k);
    for (let i = 0; i < spec.rows; i++) {
      const row = block.subarray(i * spec.cols, (i + 1) * spec.cols);
      const scale = norm(W.subarray(i * spec.cols, (i + 1) * spec.cols)) / norm(row);
      for (let j = 0; j < row.length; j++) row[j] = Number.isFinite(scale) ? row[j]! * scale : 0;
    }
  });
  return d;
}

/** The least-squares coordinates of v in span(d1, d2), and the norms of v and of its residual. */
export interface PlaneProjection {
  alpha: number;
  beta: number;
  /** ‖v − α·d1 − β·d2‖₂ */
  residual: number;
  /** ‖v‖₂ */
  norm: number;
}

/**
 * Projects v onto span(d1, d2): (α, β) minimise ‖v − α·d1 − β·d2‖₂, from the 2×2 normal equations
 * [d1·d1 d1·d2; d1·d2 d2·d2]·[α; β] = [d1·v; d2·v]. With d2 parallel to d1 (or zero) the plane is a
 * line (or a point) and β (and α) are 0.
 */
export function projectOntoPlane(v: Float64Array, d1: Float64Array, d2: Float64Array): PlaneProjection {
  const a11 = dot(d1, d1);
  const a12 = dot(d1, d2);
  const a22 = dot(d2, d2);
  const r1 = dot(d1, v);
  const r2 = dot(d2, v);
  const det = a11 * a22 - a12 * a12;
  let alpha = 0;
  let beta = 0;
  if (det > 1e-12 * a11 * a22) {
    alpha = (r1 * a22 - r2 * a12) / det;
    beta = (a11 * r2 - a12 * r1) / det;
  } else if (a11 > 0) {
    alpha = r1 / a11;
  } else if (a22 > 0) {
    beta = r2 / a22;
  }
  let residual = 0;
  for (let j = 0; j < v.length; j++) {
    const r = v[j]! - alpha * d1[j]! - beta * d2[j]!;
    residual += r * r;
  }
  return { alpha, beta, residual: Math.sqrt(residual), norm: norm(v) };
}

/** One recorded point of the training path. */
export interface PathPoint {
  epoch: number;
  theta: Float64Array;
}

/**
 * The parameters during training, bounded: a point every `stride` epochs (1 at first); when there
 * are more than PATH_CAP, every other point is dropped and the stride doubles, so the path always
 * spans the run from its first epoch with at most PATH_CAP points (see PATH_CAP for the memory).
 */
export class ParameterPath {
  private points: PathPoint[] = [];
  private stride = 1;
  private readonly cap: number;

  constructor(cap = PATH_CAP) {
    this.cap = cap;
  }

  /** A new run: the path starts over at `epoch` (0, or an imported model's start). */
  restart(epoch: number, network: Network): void {
    this.points = [];
    this.stride = 1;
    this.offer(epoch, network);
  }

  /** Records the network's parameters if `epoch` falls on the stride (cheap otherwise: one modulo). */
  offer(epoch: number, network: Network): void {
    if (epoch % this.stride !== 0) return;
    const layout = new ParameterLayout(network.parameterSpecs);
    this.points.push({ epoch, theta: layout.flatten(network.getParameters()) });
    if (this.points.length > this.cap) {
      this.stride *= 2;
      this.points = this.points.filter((p) => p.epoch % this.stride === 0);
    }
  }

  /** The recorded points, oldest first (the vectors are shared: read, do not modify). */
  get recorded(): readonly PathPoint[] {
    return this.points;
  }
}

/** What a landscape needs from the session. */
export interface LandscapeInput {
  /** The run's network: θ* is read from it once, here; it is never modified. */
  network: Network;
  /** A network of the same architecture to evaluate the slice on (its parameters are overwritten). */
  probe: Network;
  /** The training set the cost is computed on: X (n_x, m), Y as core's cost takes it. */
  X: Matrix;
  Y: Matrix;
  l2: number;
  /** The epoch θ* is at, and the path recorded up to it. */
  epoch: number;
  path: readonly PathPoint[];
  seed: number;
  /** Cells per side of the grid (odd). */
  size: number;
}

/** Checks a request's seed and grid size, with a message naming the one at fault. */
export function checkLandscapeRequest(seed: unknown, size: unknown): void {
  if (!isInteger(seed, 0, 0xffffffff)) throw new SettingsError(`The landscape's direction seed must be an integer from 0 to 2³² - 1, got ${String(seed)}`);
  if (!isInteger(size, LANDSCAPE_MIN_SIZE, LANDSCAPE_MAX_SIZE) || size % 2 === 0) {
    throw new SettingsError(`The landscape's grid size must be an odd whole number from ${LANDSCAPE_MIN_SIZE} to ${LANDSCAPE_MAX_SIZE} (so α = β = 0 is a cell), got ${String(size)}`);
  }
}

/**
 * One landscape, computed a few cells at a time (`run` until a deadline) so the worker can answer
 * other messages between slices; everything but the grid (directions, the path's projection) is
 * done at construction.
 */
export class LandscapeJob {
  readonly total: number;
  private done = 0;
  private readonly input: LandscapeInput;
  private readonly layout: ParameterLayout;
  private readonly thetaStar: Float64Array;
  private readonly d1: Float64Array;
  private readonly d2: Float64Array;
  private readonly extent: number;
  private readonly costs: Float64Array;
  private readonly path: LandscapeResult['path'];
  private readonly pathResidual: number;
  /** Scratch: θ(α, β) as a vector and as the probe's parameter record. */
  private readonly theta: Float64Array;
  private readonly record: Record<string, Matrix>;

  constructor(input: LandscapeInput) {
    checkLandscapeRequest(input.seed, input.size);
    this.input = input;
    this.layout = new ParameterLayout(input.network.parameterSpecs);
    this.thetaStar = this.layout.flatten(input.network.getParameters());
    const random = new RandomState(input.seed);
    this.d1 = filterNormalizedDirection(this.layout, this.thetaStar, random);
    this.d2 = filterNormalizedDirection(this.layout, this.thetaStar, random);
    ({ path: this.path, residual: this.pathResidual } = this.projectPath());
    let reach = 0;
    for (let k = 0; k < this.path.alpha.length; k++) reach = Math.max(reach, Math.abs(this.path.alpha[k]!), Math.abs(this.path.beta[k]!));
    this.extent = Math.max(MIN_EXTENT, PATH_MARGIN * reach);
    this.total = input.size * input.size;
    this.costs = new Float64Array(this.total);
    this.theta = new Float64Array(this.layout.size);
    this.record = this.layout.matrices();
  }

  get completed(): number {
    return this.done;
  }

  get finished(): boolean {
    return this.done === this.total;
  }

  /** α of grid column i (left to right) and β of grid row j (top to bottom), both in [−extent, extent]. */
  alphaOf(i: number): number {
    // (2i − (n − 1))/(n − 1) is exactly 0 at the centre, so the centre cell is θ* itself.
    const n = this.input.size;
    return (this.extent * (2 * i - (n - 1))) / (n - 1);
  }

  betaOf(j: number): number {
    return -this.alphaOf(j);
  }

  /** J(θ* + α·d1 + β·d2): core's training cost (with the L2 term when λ > 0) on the probe network. */
  costAt(alpha: number, beta: number): number {
    const { theta, thetaStar, d1, d2 } = this;
    for (let k = 0; k < theta.length; k++) theta[k] = thetaStar[k]! + alpha * d1[k]! + beta * d2[k]!;
    this.layout.unflatten(theta, this.record);
    const { probe, X, Y, l2 } = this.input;
    probe.setParameters(this.record);
    return probe.cost(X, Y, { l2 });
  }

  /** Computes cells in order until `deadline` (by `now`) has passed or the grid is done; true when done. */
  run(deadline: number, now: () => number = () => performance.now()): boolean {
    const n = this.input.size;
    while (this.done < this.total) {
      const j = Math.floor(this.done / n);
      const i = this.done % n;
      this.costs[this.done] = this.costAt(this.alphaOf(i), this.betaOf(j));
      this.done++;
      if (now() >= deadline) break;
    }
    return this.finished;
  }

  /** The finished map (fresh arrays, to transfer). */
  result(): LandscapeResult {
    if (!this.finished) throw new Error(`the landscape is not finished: ${this.done} of ${this.total} cells`);
    const { size, seed, l2, epoch, X } = this.input;
    let minCost = Infinity;
    let maxCost = -Infinity;
    for (const c of this.costs) {
      if (!Number.isFinite(c)) continue;
      if (c < minCost) minCost = c;
      if (c > maxCost) maxCost = c;
    }
    const centre = ((size - 1) / 2) * size + (size - 1) / 2;
    return {
      epoch,
      seed,
      size,
      extent: this.extent,
      costs: this.costs.slice(),
      centerCost: this.costs[centre]!,
      minCost,
      maxCost,
      l2,
      parameters: this.layout.size,
      examples: X.cols,
      path: { epoch: this.path.epoch.slice(), alpha: this.path.alpha.slice(), beta: this.path.beta.slice(), residual: this.path.residual.slice() },
      pathResidual: this.pathResidual,
      directionsZero: this.d1.every((v) => v === 0) && this.d2.every((v) => v === 0),
    };
  }

  /**
   * The recorded path, and θ* itself as its last point, projected onto the slice: (α_t, β_t) and the
   * residual fraction ‖r_t‖/‖θ_t − θ*‖ of each point (0 at θ*), and over the whole path
   * √(Σ‖r_t‖² / Σ‖θ_t − θ*‖²): the share of the path's distance from θ* that the slice cannot show.
   */
  private projectPath(): { path: LandscapeResult['path']; residual: number } {
    const { epoch } = this.input;
    const points = this.input.path.filter((p) => p.epoch < epoch && p.theta.length === this.layout.size);
    const count = points.length + 1;
    const path = { epoch: new Float64Array(count), alpha: new Float64Array(count), beta: new Float64Array(count), residual: new Float64Array(count) };
    let offSlice = 0;
    let total = 0;
    const v = new Float64Array(this.layout.size);
    points.forEach((p, k) => {
      for (let j = 0; j < v.length; j++) v[j] = p.theta[j]! - this.thetaStar[j]!;
      const projection = projectOntoPlane(v, this.d1, this.d2);
      path.epoch[k] = p.epoch;
      path.alpha[k] = projection.alpha;
      path.beta[k] = projection.beta;
      path.residual[k] = projection.norm > 0 ? projection.residual / projection.norm : 0;
      offSlice += projection.residual * projection.residual;
      total += projection.norm * projection.norm;
    });
    // The path ends at θ* (α = β = 0, nothing off the slice).
    path.epoch[count - 1] = epoch;
    return { path, residual: total > 0 ? Math.sqrt(offSlice / total) : 0 };
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** A job's messages to the page: progress, the map, a cancellation, or why it failed. */
export type LandscapeMessage = Extract<FromWorker, { type: 'landscapeProgress' | 'landscape' | 'landscapeCancelled' | 'error' }>;

/** Time one slice of a job may take before the worker looks at its messages again. */
export const LANDSCAPE_SLICE_MS = 12;

/**
 * Runs one landscape job at a time in slices (`schedule` queues the next, after the messages waiting):
 * progress after each slice, the map at the end. A new job or `cancel` stops the current one.
 */
export class LandscapeRunner {
  private current: { requestId: number; job: LandscapeJob } | null = null;
  private readonly post: (message: LandscapeMessage) => void;
  private readonly schedule: (continuation: () => void) => void;
  private readonly now: () => number;

  constructor(post: (message: LandscapeMessage) => void, schedule: (continuation: () => void) => void, now: () => number = () => performance.now()) {
    this.post = post;
    this.schedule = schedule;
    this.now = now;
  }

  get running(): boolean {
    return this.current !== null;
  }

  start(requestId: number, job: LandscapeJob): void {
    this.cancel('a new landscape was requested');
    const current = { requestId, job };
    this.current = current;
    this.post({ type: 'landscapeProgress', requestId, done: 0, total: job.total });
    this.schedule(() => this.slice(current));
  }

  /** Stops the job in progress (if any) and tells the page why. */
  cancel(reason: string): void {
    const current = this.current;
    if (current === null) return;
    this.current = null;
    this.post({ type: 'landscapeCancelled', requestId: current.requestId, reason });
  }

  private slice(current: { requestId: number; job: LandscapeJob }): void {
    // Cancelled (or replaced) while this slice waited its turn.
    if (this.current !== current) return;
    const { requestId, job } = current;
    let finished: boolean;
    try {
      finished = job.run(this.now() + LANDSCAPE_SLICE_MS, this.now);
    } catch (error) {
      // A slice runs outside any message handler: its failure is reported here, or the page would never hear of it.
      this.current = null;
      this.post({ type: 'error', requestId, kind: 'failure', message: `The loss landscape could not be computed: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (finished) {
      this.current = null;
      this.post({ type: 'landscape', requestId, result: job.result() });
      return;
    }
    this.post({ type: 'landscapeProgress', requestId, done: job.completed, total: job.total });
    this.schedule(() => this.slice(current));
  }
}
