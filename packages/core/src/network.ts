// The Network class: the public face of the engine (fit, evaluate, predict, parameters, the forward
// and backward passes of the course's API, inference passes). One file because it is one class
// whose methods share its private state (the architecture, the parameters, the batch-norm
// statistics, the inference workspaces); its options are network-options.ts, the training loop
// trainer.ts, the math propagation.ts.
import type { Activation, OutputHead } from './activations';
import { getBackend } from './backend/index';
import { ValueError } from './errors';
import { encodeTargets, headAccuracy, headPredict } from './heads';
import { drawParameters, type Initialization } from './initialization';
import { type DType, Matrix } from './matrix';
import { meanR2 } from './metrics';
import { resolveNetworkOptions, type NetworkOptions, type ResolvedNetworkOptions } from './network-options';
import type { ParameterEntry } from './optimizers';
import { parameterOf, parameterRecord, parameterSpecs, readParameterRecord, type ParameterSpec } from './parameters';
import {
  type Architecture,
  backwardPass,
  type BatchNormStatistics,
  forwardPass,
  type ForwardMode,
  l2Penalty,
  lossSum,
  type ParameterSet,
  Workspace,
} from './propagation';
import { RandomState } from './random';
import type { ModelParts } from './model/document';
import { networkFromJSON, networkToJSON, type NetworkJSON } from './serialization';
import { type FitOptions, type FitResult, type TrainableModel, Trainer } from './trainer';
import { assertFinite, assertInputs, assertMatrix, assertShape, integerAtLeast } from './validate';

export type { FitOptions, FitResult } from './trainer';
export type { NetworkOptions } from './network-options';

/** One layer's forward cache, as the course keeps it: ((A_prev, W, b), Z) plus the activation. */
export interface LayerCache {
  A_prev: Matrix;
  W: Matrix;
  /** null on batch-normalized layers (γ and β take its place). */
  b: Matrix | null;
  Z: Matrix;
  A: Matrix;
  activation: Activation | OutputHead;
}

/** What `evaluate` reports: accuracy for the classification heads, error measures for regression. */
export interface Evaluation {
  cost: number;
  /** Fraction correct (NaN for the linear head). */
  accuracy: number;
  /** Linear head only: mean squared error, mean absolute error, R² (averaged over outputs). */
  mse?: number;
  mae?: number;
  r2?: number;
}

/**
 * A reusable forward pass in inference mode for exactly `m` examples (see `Network.inference`).
 * `forward(X)` returns A[L] and, for l = 1..L, A[l] and the activation's input Z[l] (Z̃[l] on
 * batch-normalized layers), as views of the pass's buffers that its next run overwrites; A[0] is
 * X itself (as the network's dtype) and Z[0] is an unused 0 × 0 matrix.
 */
export interface InferencePass {
  readonly m: number;
  forward(X: Matrix): { AL: Matrix; A: readonly Matrix[]; Z: readonly Matrix[] };
}

/** Batch sizes whose inference workspaces a network keeps: training set, test set, a plot's grid. */
const INFERENCE_CACHE_SIZE = 3;
/**
 * Largest workspace kept: units × m (n_1 + … + n_L times m, doubled with batch norm's Ẑ and Z̃) at
 * most 2^20, so Z and A hold at most 16 MB of float64.
 */
const INFERENCE_CACHE_MAX_ELEMENTS = 1 << 20;


/**
 * A fully-connected L-layer network in the course's notation:
 * Z[l] = W[l]·A[l-1] + b[l], A[l] = g[l](Z[l]), A[0] = X (n_x, m), and an output head on A[L]
 * (n_L, m): sigmoid, softmax or linear. Trained by backpropagation with dZ[L] = (A[L] - Y)/m and
 * gradient descent, momentum, RMSprop or Adam, with optional L2, dropout and batch normalization.
 *
 * ```ts
 * const { X, Y } = datasets.planarFlower();
 * const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
 * net.fit(X, Y, { learningRate: 1.2, iterations: 10000, recordEvery: 1000 });
 * net.evaluate(X, Y); // { cost, accuracy }
 * ```
 */
export class Network implements ResolvedNetworkOptions {
  readonly layers: readonly number[];
  /** The activation of each hidden layer 1..L-1. */
  readonly hidden: readonly Activation[];
  readonly output: OutputHead;
  readonly batchNorm: boolean;
  readonly batchNormMomentum: number;
  readonly batchNormEpsilon: number;
  readonly init: Initialization;
  readonly initScale: number;
  readonly leakyReluAlpha: number;
  readonly seed: number;
  /** 'float64' (default) or 'float32': the element type of the parameters and of every pass. */
  readonly dtype: DType;
  /** Updates taken by training so far, over all calls. */
  iterationsTrained = 0;
  /** The network's generator: it drew the initial weights; dropout masks and shuffles continue its stream. */
  readonly rng: RandomState;

  private readonly arch: Architecture;
  private readonly params: ParameterSet;
  private readonly specs: readonly ParameterSpec[];
  private readonly statistics: BatchNormStatistics | null;
  /** Forward-only workspaces of the last few batch sizes, most recent first (see inferenceWorkspace). */
  private readonly inferenceCache: Workspace[] = [];

  constructor(options: NetworkOptions) {
    const { layers, hidden, output, batchNorm, batchNormMomentum, batchNormEpsilon, init, initScale, leakyReluAlpha, seed, dtype } = resolveNetworkOptions(options);
    const L = layers.length - 1;

    this.layers = Object.freeze([...layers]);
    this.hidden = Object.freeze(hidden);
    this.output = output;
    this.batchNorm = batchNorm;
    this.batchNormMomentum = batchNormMomentum;
    this.batchNormEpsilon = batchNormEpsilon;
    this.init = init;
    this.initScale = initScale;
    this.leakyReluAlpha = leakyReluAlpha;
    this.seed = seed;
    this.dtype = dtype;
    this.arch = {
      layers: this.layers,
      activations: ['linear', ...hidden, 'linear'],
      output,
      batchNorm,
      batchNormEpsilon,
      leakyReluAlpha,
      dtype,
    };
    this.specs = parameterSpecs(this.layers, batchNorm);
    this.rng = new RandomState(seed);
    this.params = drawParameters(this.layers, init, initScale, this.rng, batchNorm, dtype);
    if (batchNorm) {
      const mean: (Matrix | null)[] = [null];
      const variance: (Matrix | null)[] = [null];
      for (let l = 1; l <= L; l++) {
        mean.push(l < L ? new Matrix(layers[l]!, 1, dtype) : null);
        variance.push(l < L ? Matrix.full(layers[l]!, 1, 1, dtype) : null);
      }
      this.statistics = { mean, variance };
    } else {
      this.statistics = null;
    }
  }

  /** L, the number of layers with parameters. */
  get depth(): number {
    return this.layers.length - 1;
  }

  /** The parameter names in the course's order: W1, b1 (or gamma1, beta1), …, WL, bL. */
  get parameterNames(): string[] {
    return this.specs.map((s) => s.name);
  }

  /**
   * Each parameter's name, layer l, kind (W, b, gamma, beta) and shape, in the course's order: what a
   * caller needs to group the parameters by layer without parsing their names.
   */
  get parameterSpecs(): ParameterSpec[] {
    return this.specs.map((s) => ({ ...s }));
  }

  /** Copies of the parameters in the course's dict: { W1, b1, ..., WL, bL }. */
  getParameters(): Record<string, Matrix> {
    return parameterRecord(this.params, this.specs, true);
  }

  /** Replaces the parameters (copied in); every one must be present, finite and of the right shape. */
  setParameters(parameters: Record<string, Matrix>): void {
    const next = readParameterRecord(parameters, this.specs, this.layers, 'Network.setParameters');
    for (const spec of this.specs) parameterOf(this.params, spec).data.set(parameterOf(next, spec).data);
  }

  /** Copies of the batch-norm running statistics: { mean1, variance1, … } (empty without batch norm). */
  getBatchNormStatistics(): Record<string, Matrix> {
    const out: Record<string, Matrix> = {};
    if (!this.statistics) return out;
    for (let l = 1; l < this.depth; l++) {
      out[`mean${l}`] = this.statistics.mean[l]!.clone();
      out[`variance${l}`] = this.statistics.variance[l]!.clone();
    }
    return out;
  }

  /** Replaces the running statistics; keys and shapes as getBatchNormStatistics returns them. */
  setBatchNormStatistics(statistics: Record<string, Matrix>): void {
    const fn = 'Network.setBatchNormStatistics';
    if (!this.statistics) throw new ValueError(`${fn}: this network has no batch normalization`);
    for (let l = 1; l < this.depth; l++) {
      for (const [key, target] of [
        [`mean${l}`, this.statistics.mean[l]!],
        [`variance${l}`, this.statistics.variance[l]!],
      ] as const) {
        const value = Object.prototype.hasOwnProperty.call(statistics, key) ? statistics[key] : undefined;
        assertMatrix(value, fn, key);
        assertShape(value, target.rows, 1, fn, key);
        assertFinite(value, fn, key);
        target.data.set(value.data);
      }
    }
  }

  /**
   * The forward pass on X (n_x, m) in inference mode (running batch-norm statistics, no dropout):
   * A[L] (n_L, m) and one cache per layer (fresh matrices; W and b are copies of the parameters).
   * To run it again and again without allocating (a plot's grid, say), use `inference(m)`.
   */
  forward(X: Matrix): { AL: Matrix; caches: LayerCache[] } {
    X = this.input('Network.forward', X);
    // A workspace of its own, since the caches hand its buffers to the caller; forward buffers only.
    const ws = new Workspace(this.arch, X.cols, { withGradients: false });
    const AL = forwardPass(getBackend(), this.arch, this.params, X, ws, this.inferenceMode());
    const caches: LayerCache[] = [];
    for (let l = 1; l <= this.depth; l++) {
      caches.push({
        A_prev: ws.A[l - 1]!,
        W: this.params.W[l]!.clone(),
        b: this.params.b[l]?.clone() ?? null,
        Z: ws.activationInput(l),
        A: ws.A[l]!,
        activation: l < this.depth ? this.hidden[l - 1]! : this.output,
      });
    }
    return { AL, caches };
  }

  /**
   * A reusable inference pass for batches of exactly m examples. Its buffers are allocated once, so
   * running it again (after every training step, say) allocates nothing; each run reads the
   * network's parameters as they are then. What `forward` returns are views of those buffers, valid
   * until the pass runs again: copy what must outlive the next run.
   *
   * ```ts
   * const grid = net.inference(Xgrid.cols);
   * const { AL, A } = grid.forward(Xgrid); // A[1] is the first hidden layer's activations
   * ```
   */
  inference(m: number): InferencePass {
    const fn = 'Network.inference';
    integerAtLeast(m, 1, fn, 'm');
    const ws = new Workspace(this.arch, m, { withGradients: false });
    const unused = new Matrix(0, 0, this.dtype);
    return {
      m,
      forward: (X: Matrix) => {
        X = this.input(`${fn}(${m}).forward`, X);
        if (X.cols !== m) throw new ValueError(`${fn}(${m}).forward: X has m = ${X.cols} examples, but this pass was made for m = ${m}; make one with inference(${X.cols})`);
        const AL = this.runInference(X, ws);
        const A: Matrix[] = [X];
        const Z: Matrix[] = [unused];
        for (let l = 1; l <= this.depth; l++) {
          A.push(ws.A[l]!);
          Z.push(ws.activationInput(l));
        }
        return { AL, A, Z };
      },
    };
  }

  /**
   * The cost on (X, Y) in inference mode: J = loss/m (+ (λ/2m)·Σ‖W‖² with `l2`). Binary cross-entropy,
   * categorical cross-entropy or ½·squared error by head; finite even when the output saturates.
   */
  cost(X: Matrix, Y: Matrix, options: { l2?: number } = {}): number {
    const fn = 'Network.cost';
    X = this.input(fn, X);
    const T = encodeTargets(this.output, Y, this.layers[this.depth]!, X.cols, fn);
    const penalty = this.penalty(options.l2 ?? 0, X.cols);
    const ws = this.inferenceWorkspace(X.cols);
    this.runInference(X, ws);
    return lossSum(this.arch, ws, T) / X.cols + penalty;
  }

  /**
   * { dW1, db1, ..., dWL, dbL } (dgamma/dbeta on batch-normalized layers) of the cost on (X, Y), by
   * backpropagation in training mode (batch statistics, no dropout), with the L2 term when `l2` is set.
   */
  gradients(X: Matrix, Y: Matrix, options: { l2?: number } = {}): Record<string, Matrix> {
    const fn = 'Network.gradients';
    X = this.input(fn, X);
    const T = encodeTargets(this.output, Y, this.layers[this.depth]!, X.cols, fn);
    const backend = getBackend();
    const ws = new Workspace(this.arch, X.cols);
    forwardPass(backend, this.arch, this.params, X, ws, { pass: 'train', statistics: null });
    backwardPass(backend, this.arch, this.params, T, ws, options.l2 ?? 0);
    const grads: Record<string, Matrix> = {};
    for (const entry of this.entries(ws)) grads[`d${entry.name}`] = entry.grad;
    return grads;
  }

  /**
   * Trains on (X, Y) and returns the recorded costs. Full-batch gradient descent with `iterations`, or
   * `epochs` of mini-batches of `batchSize`; optimizers, L2, dropout, schedules, clipping, early
   * stopping, callbacks and resuming are in FitOptions. Every step is watched: a NaN or Infinity stops
   * training before the bad update with a DivergenceError naming the layer and quantity, so the
   * parameters keep their last finite values. Calling fit again continues from the current parameters.
   * X and Y must not be modified while fit runs (from a callback, say): see `Trainer`.
   */
  fit(X: Matrix, Y: Matrix, options: FitOptions): FitResult {
    return this.trainer(X, Y, options).run();
  }

  /** fit, yielding to the event loop every ~16 ms so pages and servers stay responsive. */
  fitAsync(X: Matrix, Y: Matrix, options: FitOptions): Promise<FitResult> {
    return this.trainer(X, Y, options).runAsync();
  }

  /** The stepping API behind fit: `step()` one update at a time, `checkpoint()` to save and resume. */
  trainer(X: Matrix, Y: Matrix, options: FitOptions): Trainer {
    return new Trainer(this.trainable(), X, Y, options);
  }

  /** A[L] (n_L, m): probabilities (sigmoid, softmax) or values (linear) for each example of X. */
  predictProba(X: Matrix): Matrix {
    // A copy: the workspace's A[L] is overwritten by the next inference call of the same m.
    return this.outputOf(this.input('Network.predictProba', X)).clone();
  }

  /** Predictions: 0/1 where A[L] > 0.5 (sigmoid), class indices (1, m) (softmax), values (linear). */
  predict(X: Matrix): Matrix {
    // headPredict builds a new matrix from A[L], so A[L] itself need not be copied.
    return headPredict(this.output, this.outputOf(this.input('Network.predict', X)));
  }

  /** The cost and the accuracy (classification) or MSE, MAE and R² (regression) on (X, Y). */
  evaluate(X: Matrix, Y: Matrix): Evaluation {
    const fn = 'Network.evaluate';
    X = this.input(fn, X);
    const T = encodeTargets(this.output, Y, this.layers[this.depth]!, X.cols, fn);
    const ws = this.inferenceWorkspace(X.cols);
    const AL = this.runInference(X, ws);
    const cost = lossSum(this.arch, ws, T) / X.cols;
    if (this.output !== 'linear') return { cost, accuracy: headAccuracy(this.output, AL, T) };
    return { cost, accuracy: Number.NaN, ...regressionErrors(AL, T) };
  }

  /** The model as plain JSON data: architecture, parameters (exact float64 round trip), statistics. */
  toJSON(): NetworkJSON {
    return networkToJSON(this, this.getParameters(), this.getBatchNormStatistics());
  }

  /** Rebuilds a network from `toJSON()` output, validating every field. */
  static fromJSON(json: unknown): Network {
    return Network.fromParts(networkFromJSON(json));
  }

  /**
   * The network of a validated model document (readModelDocument's parts): the one way both
   * `Network.fromJSON` and `Model.fromJSON` build it.
   * @internal
   */
  static fromParts({ options, parameters, statistics, iterationsTrained }: ModelParts): Network {
    const net = new Network(options);
    net.setParameters(parameters);
    if (net.batchNorm) net.setBatchNormStatistics(statistics);
    net.iterationsTrained = iterationsTrained;
    return net;
  }

  private inferenceMode(): ForwardMode {
    return { pass: 'infer', statistics: this.statistics };
  }

  /** A[L] of an inference pass on checked X, in a kept workspace: valid until the next inference call. */
  private outputOf(X: Matrix): Matrix {
    return this.runInference(X, this.inferenceWorkspace(X.cols));
  }

  /** An inference-mode forward pass of checked X through `ws`; returns A[L] (a view of `ws`). */
  private runInference(X: Matrix, ws: Workspace): Matrix {
    const AL = forwardPass(getBackend(), this.arch, this.params, X, ws, this.inferenceMode());
    ws.detachInput();
    return AL;
  }

  /**
   * A forward-only workspace for m examples, from a small most-recently-used cache: evaluating the
   * training and the test set after every step (2 sizes, 3 with a plot) then allocates nothing.
   * Each pass overwrites every buffer it reads (gemm overwrites Z, the head and activations write
   * A, the loss writes its terms), so nothing of one call reaches the next. A workspace above
   * INFERENCE_CACHE_MAX_ELEMENTS is made per call and not kept: the pass's arithmetic then dwarfs
   * the allocation, and keeping it would hold that much memory for the network's lifetime.
   */
  private inferenceWorkspace(m: number): Workspace {
    const cache = this.inferenceCache;
    const k = cache.findIndex((ws) => ws.m === m);
    if (k >= 0) {
      const ws = cache[k]!;
      if (k > 0) {
        cache.splice(k, 1);
        cache.unshift(ws);
      }
      return ws;
    }
    const ws = new Workspace(this.arch, m, { withGradients: false });
    let units = 0;
    for (let l = 1; l <= this.depth; l++) units += this.layers[l]!;
    if (units * m * (this.batchNorm ? 2 : 1) > INFERENCE_CACHE_MAX_ELEMENTS) return ws;
    cache.unshift(ws);
    if (cache.length > INFERENCE_CACHE_SIZE) cache.pop()!.operands?.release();
    return ws;
  }

  private penalty(l2: number, m: number): number {
    if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) throw new ValueError(`Network: l2 must be a non-negative finite number, got ${String(l2)}`);
    return l2Penalty(l2, m, this.params);
  }

  /** X checked (a finite (n_x, m) matrix with m ≥ 1) and in this network's dtype (converted if not). */
  private input(fn: string, X: unknown): Matrix {
    assertInputs(X, this.layers[0]!, fn);
    return X.astype(this.dtype);
  }

  /** Parameters paired with a workspace's gradients, in the course's order. */
  private entries(ws: Workspace): ParameterEntry[] {
    return this.specs.map((spec) => ({
      name: spec.name,
      theta: parameterOf(this.params, spec),
      grad: (spec.kind === 'W' ? ws.dW : spec.kind === 'b' ? ws.db : spec.kind === 'gamma' ? ws.dgamma : ws.dbeta)[spec.layer]!,
    }));
  }

  private trainable(): TrainableModel {
    return {
      arch: this.arch,
      params: this.params,
      statistics: this.statistics,
      batchNormMomentum: this.batchNormMomentum,
      rng: this.rng,
      entries: (ws) => this.entries(ws),
      countUpdate: () => {
        this.iterationsTrained++;
      },
    };
  }
}

/** MSE and MAE over all entries, and R² averaged over outputs (rows) as `r2Score` computes it. */
function regressionErrors(A: Matrix, T: Matrix): { mse: number; mae: number; r2: number } {
  const a = A.data;
  const t = T.data;
  let sq = 0;
  let abs = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - t[k]!;
    sq += d * d;
    abs += Math.abs(d);
  }
  return { mse: sq / a.length, mae: abs / a.length, r2: meanR2(T, A) };
}
