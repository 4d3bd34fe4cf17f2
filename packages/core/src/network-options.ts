import type { Architecture } from './architecture';
import { assertActivation, type Activation, type OutputHead, OUTPUT_HEADS } from './activations';
import { ValueError } from './errors';
import { assertInitialization, type Initialization } from './initialization';
import { type DType, DTYPES } from './matrix';
import { assertKnownOptions, integerAtLeast } from './validate';

/*
 * A network's options and their validation: what `new Network` accepts, apart from the class that
 * uses them (so that the model file's reader can name the options without importing the class).
 */

export interface NetworkOptions {
  /** [n_x, n_1, ..., n_L]: the course's `layers_dims`. */
  layers: number[];
  /** One activation for every hidden layer, or one per hidden layer. Default 'relu'. */
  hidden?: Activation | Activation[];
  /**
   * The output head: 'sigmoid' (binary cross-entropy; n_L = 1, or several independent 0/1 outputs),
   * 'softmax' (categorical cross-entropy over n_L ≥ 2 classes) or 'linear' (squared error, regression).
   * Default 'sigmoid'.
   */
  output?: OutputHead;
  /** Batch normalization on every hidden layer (γ, β replace b there). Default false. */
  batchNorm?: boolean;
  /** Weight of the old running statistics in their update. Default 0.9. */
  batchNormMomentum?: number;
  /** ε in Ẑ = (Z - μ)/√(σ² + ε). Default 1e-5. */
  batchNormEpsilon?: number;
  /** How W is drawn. Default 'xavier' (randn / √n[l-1], the course's L-layer model). */
  init?: Initialization;
  /** Multiplier for init 'random'. Default 0.01. */
  initScale?: number;
  /** Slope of leakyRelu for z < 0. Default 0.01. */
  leakyReluAlpha?: number;
  /** Seed of the network's RandomState (numpy's legacy generator). Default 1. */
  seed?: number;
  /**
   * The element type of the parameters and of every buffer of training and inference: 'float64' (the
   * default; the course's numbers, exact to numpy) or 'float32' (half the memory and, on the wasm
   * backend, about twice the arithmetic per instruction; results agree with float64 to about 1e-6
   * relative, not to the printed digits). Initial weights are drawn in float64 from the seed and
   * rounded once, numpy's `randn(...).astype(np.float32)`; inputs are converted on the way in.
   */
  dtype?: DType;
}

const NETWORK_OPTIONS = [
  'layers', 'hidden', 'output', 'batchNorm', 'batchNormMomentum', 'batchNormEpsilon', 'init', 'initScale',
  'leakyReluAlpha', 'seed', 'dtype',
] as const;

/**
 * Every option of `new Network` with its default filled in, checked: the settings a Network exposes
 * (it implements this) and its model file records. Those the passes read are Architecture's.
 */
export interface ResolvedNetworkOptions extends Pick<Architecture, 'layers' | 'output' | 'batchNorm' | 'batchNormEpsilon' | 'leakyReluAlpha' | 'dtype'> {
  /** The activation of each hidden layer 1..L-1. */
  readonly hidden: readonly Activation[];
  readonly batchNormMomentum: number;
  readonly init: Initialization;
  readonly initScale: number;
  readonly seed: number;
}

/** `new Network`'s options checked (a ValueError naming the option otherwise), with the defaults. */
export function resolveNetworkOptions(options: NetworkOptions): ResolvedNetworkOptions {
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

  const output = options.output ?? 'sigmoid';
  if (!OUTPUT_HEADS.includes(output)) {
    throw new ValueError(`${fn}: unknown output ${JSON.stringify(output)}; expected one of ${OUTPUT_HEADS.join(', ')}`);
  }
  if (output === 'softmax' && layers[L]! < 2) {
    throw new ValueError(`${fn}: a softmax output needs at least 2 classes, so layers[${L}] must be ≥ 2, got ${layers[L]}`);
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

  const init = options.init ?? 'xavier';
  assertInitialization(init, fn);
  const finite = (value: unknown, name: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValueError(`${fn}: ${name} must be a finite number, got ${String(value)}`);
    return value;
  };
  const initScale = finite(options.initScale ?? 0.01, 'initScale');
  const leakyReluAlpha = finite(options.leakyReluAlpha ?? 0.01, 'leakyReluAlpha');
  const batchNorm = options.batchNorm ?? false;
  if (typeof batchNorm !== 'boolean') throw new ValueError(`${fn}: batchNorm must be true or false`);
  const batchNormMomentum = finite(options.batchNormMomentum ?? 0.9, 'batchNormMomentum');
  if (batchNormMomentum < 0 || batchNormMomentum >= 1) throw new ValueError(`${fn}: batchNormMomentum must be in [0, 1), got ${batchNormMomentum}`);
  const batchNormEpsilon = finite(options.batchNormEpsilon ?? 1e-5, 'batchNormEpsilon');
  if (batchNormEpsilon <= 0) throw new ValueError(`${fn}: batchNormEpsilon must be positive, got ${batchNormEpsilon}`);
  const dtype = options.dtype ?? 'float64';
  if (!DTYPES.includes(dtype)) {
    throw new ValueError(`${fn}: unknown dtype ${JSON.stringify(dtype)}; expected one of ${DTYPES.join(', ')}`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ValueError(`${fn}: seed must be an integer between 0 and 2**32 - 1, got ${String(seed)}`);
  }
  return { layers, hidden, output, batchNorm, batchNormMomentum, batchNormEpsilon, init, initScale, leakyReluAlpha, seed, dtype };
}
