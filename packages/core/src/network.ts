import { assertActivation, type Activation, type OutputHead, OUTPUT_HEADS } from './activations';
import { getBackend } from './backend/index';
import { DivergenceError, ValueError } from './errors';
import { assertInitialization, drawParameters, type Initialization } from './initialization';
import { Matrix } from './matrix';
import {
  type Architecture,
  backwardPass,
  binaryCrossEntropy,
  forwardPass,
  gradientDescentUpdate,
  updateStaysFinite,
  type ParameterSet,
  Workspace,
} from './propagation';
import { RandomState } from './random';
import { parameterRecord, readParameterRecord } from './parameters';
import {
  assertBinaryData,
  assertKnownOptions,
  integerAtLeast,
  positiveNumber,
} from './validate';
import { networkFromJSON, networkToJSON, type NetworkJSON } from './serialization';

export interface NetworkOptions {
  /** [n_x, n_1, ..., n_L]: the course's `layers_dims`. */
  layers: number[];
  /** One activation for every hidden layer, or one per hidden layer. Default 'relu'. */
  hidden?: Activation | Activation[];
  /** The output head. Default 'sigmoid' (binary cross-entropy). */
  output?: OutputHead;
  /** How W is drawn. Default 'xavier' (randn / √n[l-1], the course's L-layer model). */
  init?: Initialization;
  /** Multiplier for init 'random'. Default 0.01. */
  initScale?: number;
  /** Slope of leakyRelu for z < 0. Default 0.01. */
  leakyReluAlpha?: number;
  /** Seed of the network's RandomState (numpy's legacy generator). Default 1. */
  seed?: number;
}

export interface FitOptions {
  /** α in W := W - α·dW. */
  learningRate: number;
  /** Full-batch gradient-descent steps. */
  iterations: number;
  /** Record the cost at iterations 0, recordEvery, 2·recordEvery, … Default 100. */
  recordEvery?: number;
  /** Called with each recorded cost, as it is recorded. */
  onRecord?: (record: { iteration: number; cost: number }) => void;
}

export interface FitResult {
  /** Costs computed in the forward pass of each recorded iteration, before its update. */
  costs: { iteration: number; cost: number }[];
}

/** One layer's forward cache, as the course keeps it: ((A_prev, W, b), Z) plus the activation. */
export interface LayerCache {
  A_prev: Matrix;
  W: Matrix;
  b: Matrix;
  Z: Matrix;
  A: Matrix;
  activation: Activation;
}

const NETWORK_OPTIONS = ['layers', 'hidden', 'output', 'init', 'initScale', 'leakyReluAlpha', 'seed'] as const;
const FIT_OPTIONS = ['learningRate', 'iterations', 'recordEvery', 'onRecord'] as const;

/**
 * A fully-connected L-layer network for binary classification, in the course's notation:
 * Z[l] = W[l]·A[l-1] + b[l], A[l] = g[l](Z[l]), A[0] = X (n_x, m), sigmoid output A[L] (1, m),
 * cross-entropy cost, trained by gradient descent with dZ[L] = (A[L] - Y)/m.
 *
 * ```ts
 * const { X, Y } = datasets.planarFlower();
 * const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
 * net.fit(X, Y, { learningRate: 1.2, iterations: 10000, recordEvery: 1000 });
 * net.evaluate(X, Y); // { cost, accuracy }
 * ```
 */
export class Network {
  readonly layers: readonly number[];
  /** The activation of each hidden layer 1..L-1. */
  readonly hidden: readonly Activation[];
  readonly output: OutputHead;
  readonly init: Initialization;
  readonly initScale: number;
  readonly leakyReluAlpha: number;
  readonly seed: number;
  /** Gradient-descent steps taken by `fit` so far, over all calls. */
  iterationsTrained = 0;

  private readonly arch: Architecture;
  private readonly params: ParameterSet;
  /** The network's generator: it drew the initial weights; later random needs continue its stream. */
  readonly rng: RandomState;
  private trainingWorkspace: Workspace | null = null;
  private lossScratch = new Float64Array(0);

  constructor(options: NetworkOptions) {
    const fn = 'new Network';
    if (options === null || typeof options !== 'object') {
      throw new ValueError(`${fn}: expected an options object such as { layers: [2, 4, 1] }`);
    }
    assertKnownOptions(options, NETWORK_OPTIONS, fn);
    const { layers } = options;
    if (!Array.isArray(layers) || layers.length < 2) {
      throw new ValueError(`${fn}: layers must list at least [n_x, n_L] (input and output sizes), got ${JSON.stringify(layers)}`);
    }
    layers.forEach((n, l) => integerAtLeast(n, 1, fn, `layers[${l}]`));
    const L = layers.length - 1;
    if (layers[L] !== 1) {
      throw new ValueError(`${fn}: a sigmoid output has one unit, so layers[${L}] must be 1, got ${layers[L]}`);
    }

    const hiddenOption = options.hidden ?? 'relu';
    let hidden: Activation[];
    if (Array.isArray(hiddenOption)) {
      if (hiddenOption.length !== L - 1) {
        throw new ValueError(`${fn}: hidden lists ${hiddenOption.length} activations but layers has ${L - 1} hidden layers`);
      }
      hiddenOption.forEach((a, i) => assertActivation(a, `${fn}: hidden[${i}]`));
      hidden = [...hiddenOption];
    } else {
      assertActivation(hiddenOption, `${fn}: hidden`);
      hidden = Array.from({ length: L - 1 }, () => hiddenOption);
    }

    const output = options.output ?? 'sigmoid';
    if (!OUTPUT_HEADS.includes(output)) {
      throw new ValueError(`${fn}: unknown output ${JSON.stringify(output)}; expected one of ${OUTPUT_HEADS.join(', ')}`);
    }
    const init = options.init ?? 'xavier';
    assertInitialization(init, fn);
    const initScale = options.initScale ?? 0.01;
    if (typeof initScale !== 'number' || !Number.isFinite(initScale)) {
      throw new ValueError(`${fn}: initScale must be a finite number, got ${String(initScale)}`);
    }
    const leakyReluAlpha = options.leakyReluAlpha ?? 0.01;
    if (typeof leakyReluAlpha !== 'number' || !Number.isFinite(leakyReluAlpha)) {
      throw new ValueError(`${fn}: leakyReluAlpha must be a finite number, got ${String(leakyReluAlpha)}`);
    }
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new ValueError(`${fn}: seed must be an integer between 0 and 2**32 - 1, got ${String(seed)}`);
    }

    this.layers = Object.freeze([...layers]);
    this.hidden = Object.freeze(hidden);
    this.output = output;
    this.init = init;
    this.initScale = initScale;
    this.leakyReluAlpha = leakyReluAlpha;
    this.seed = seed;
    this.arch = { layers: this.layers, activations: ['linear', ...hidden, output], leakyReluAlpha };
    this.rng = new RandomState(seed);
    this.params = drawParameters(this.layers, init, initScale, this.rng);
  }

  /** L, the number of layers with parameters. */
  get depth(): number {
    return this.layers.length - 1;
  }

  /** Copies of the parameters in the course's dict: { W1, b1, ..., WL, bL }. */
  getParameters(): Record<string, Matrix> {
    return parameterRecord(this.params, true);
  }

  /** Replaces the parameters (copied in); every W[l] and b[l] must be present, finite and of the right shape. */
  setParameters(parameters: Record<string, Matrix>): void {
    const next = readParameterRecord(parameters, this.layers, 'Network.setParameters');
    for (let l = 1; l <= this.depth; l++) {
      this.params.W[l]!.data.set(next.W[l]!.data);
      this.params.b[l]!.data.set(next.b[l]!.data);
    }
  }

  /**
   * The forward pass on X (n_x, m): A[L] (1, m) and one cache per layer (fresh matrices; the
   * caches' W and b are copies of the current parameters).
   */
  forward(X: Matrix): { AL: Matrix; caches: LayerCache[] } {
    assertBinaryData('Network.forward', X, this.layers[0]!);
    const ws = new Workspace(this.layers, X.cols);
    const AL = forwardPass(getBackend(), this.arch, this.params, X, ws);
    const caches: LayerCache[] = [];
    for (let l = 1; l <= this.depth; l++) {
      caches.push({
        A_prev: ws.A[l - 1]!,
        W: this.params.W[l]!.clone(),
        b: this.params.b[l]!.clone(),
        Z: ws.Z[l]!,
        A: ws.A[l]!,
        activation: this.arch.activations[l]!,
      });
    }
    return { AL, caches };
  }

  /** J = -(1/m) Σ [y·log(a) + (1-y)·log(1-a)] on X (n_x, m), Y (1, m); finite even when saturated. */
  cost(X: Matrix, Y: Matrix): number {
    assertBinaryData('Network.cost', X, this.layers[0]!, Y);
    const ws = new Workspace(this.layers, X.cols);
    return this.costOn(X, Y, ws);
  }

  /** { dW1, db1, ..., dWL, dbL } of the cost on (X, Y), by backpropagation. */
  gradients(X: Matrix, Y: Matrix): Record<string, Matrix> {
    assertBinaryData('Network.gradients', X, this.layers[0]!, Y);
    const backend = getBackend();
    const ws = new Workspace(this.layers, X.cols);
    forwardPass(backend, this.arch, this.params, X, ws);
    backwardPass(backend, this.arch, this.params, Y, ws);
    const grads: Record<string, Matrix> = {};
    for (let l = 1; l <= this.depth; l++) {
      grads[`dW${l}`] = ws.dW[l]!;
      grads[`db${l}`] = ws.db[l]!;
    }
    return grads;
  }

  /**
   * Full-batch gradient descent: each iteration runs the forward pass, computes the cost, backpropagates
   * and updates W[l] -= α·dW[l], b[l] -= α·db[l]. The cost of iterations 0, recordEvery, … (computed
   * before that iteration's update) is recorded, as the course prints it. Calling fit again continues
   * from the current parameters.
   *
   * Every step is watched: if the cost stops being finite, or the update would make a parameter NaN
   * or Infinity, training stops before the bad update with a DivergenceError naming the iteration and the learning rate, and the parameters
   * keep their last finite values.
   */
  fit(X: Matrix, Y: Matrix, options: FitOptions): FitResult {
    const fn = 'Network.fit';
    if (options === null || typeof options !== 'object') {
      throw new ValueError(`${fn}: expected options such as { learningRate: 0.0075, iterations: 2500 }`);
    }
    assertKnownOptions(options, FIT_OPTIONS, fn);
    const learningRate = positiveNumber(options.learningRate, fn, 'learningRate');
    const iterations = integerAtLeast(options.iterations, 0, fn, 'iterations');
    const recordEvery = integerAtLeast(options.recordEvery ?? 100, 1, fn, 'recordEvery');
    const { onRecord } = options;
    if (onRecord !== undefined && typeof onRecord !== 'function') {
      throw new ValueError(`${fn}: onRecord must be a function`);
    }
    assertBinaryData(fn, X, this.layers[0]!, Y);

    const backend = getBackend();
    const ws = this.workspaceFor(X.cols);
    const costs: { iteration: number; cost: number }[] = [];
    for (let i = 0; i < iterations; i++) {
      const cost = this.costOn(X, Y, ws);
      if (!Number.isFinite(cost)) {
        throw new DivergenceError(
          `${fn}: the cost became ${cost} at iteration ${i}; the learning rate ${learningRate} is likely too high`,
          i,
          'cost',
        );
      }
      if (i % recordEvery === 0) {
        const record = { iteration: i, cost };
        costs.push(record);
        onRecord?.(record);
      }
      backwardPass(backend, this.arch, this.params, Y, ws);
      if (!updateStaysFinite(this.params, ws, learningRate)) {
        throw new DivergenceError(
          `${fn}: the update at iteration ${i} (cost ${cost}) would make a parameter NaN or Infinity; the learning rate ${learningRate} is likely too high`,
          i,
          'parameters',
        );
      }
      gradientDescentUpdate(backend, this.params, ws, learningRate);
      this.iterationsTrained++;
    }
    return { costs };
  }

  /** A[L] (1, m): the probability of class 1 for each example (column) of X. */
  predictProba(X: Matrix): Matrix {
    assertBinaryData('Network.predictProba', X, this.layers[0]!);
    const ws = new Workspace(this.layers, X.cols);
    return forwardPass(getBackend(), this.arch, this.params, X, ws);
  }

  /** Predictions (1, m): 1 where A[L] > 0.5, else 0. */
  predict(X: Matrix): Matrix {
    const P = this.predictProba(X);
    const p = P.data;
    for (let j = 0; j < p.length; j++) p[j] = p[j]! > 0.5 ? 1 : 0;
    return P;
  }

  /** The cost and the accuracy (the fraction of examples where (A[L] > 0.5) equals Y). */
  evaluate(X: Matrix, Y: Matrix): { cost: number; accuracy: number } {
    assertBinaryData('Network.evaluate', X, this.layers[0]!, Y);
    const ws = new Workspace(this.layers, X.cols);
    const cost = this.costOn(X, Y, ws);
    const a = ws.A[this.depth]!.data;
    const y = Y.data;
    let correct = 0;
    for (let j = 0; j < a.length; j++) if ((a[j]! > 0.5 ? 1 : 0) === y[j]) correct++;
    return { cost, accuracy: correct / a.length };
  }

  /** The model as plain JSON data: architecture, initialization, parameters (exact float64 round trip). */
  toJSON(): NetworkJSON {
    return networkToJSON(this, this.getParameters());
  }

  /** Rebuilds a network from `toJSON()` output, validating every field. */
  static fromJSON(json: unknown): Network {
    const { options, parameters, iterationsTrained } = networkFromJSON(json);
    const net = new Network(options);
    net.setParameters(parameters);
    net.iterationsTrained = iterationsTrained;
    return net;
  }

  /** Forward pass plus cost on a prepared workspace. */
  private costOn(X: Matrix, Y: Matrix, ws: Workspace): number {
    const AL = forwardPass(getBackend(), this.arch, this.params, X, ws);
    if (this.lossScratch.length < X.cols) this.lossScratch = new Float64Array(X.cols);
    return binaryCrossEntropy(AL, ws.Z[this.depth]!, Y, this.lossScratch);
  }

  private workspaceFor(m: number): Workspace {
    if (this.trainingWorkspace === null || this.trainingWorkspace.m !== m) {
      this.trainingWorkspace = new Workspace(this.layers, m);
    }
    return this.trainingWorkspace;
  }
}
