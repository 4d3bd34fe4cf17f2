import { ACTIVATIONS, OUTPUT_HEADS, isActivation, type Activation, type OutputHead } from './activations';
import { ValueError } from './errors';
import { INITIALIZATIONS, type Initialization } from './initialization';
import { Matrix } from './matrix';
import type { NetworkOptions } from './network';

export const MODEL_FORMAT = 'ann-model';
export const MODEL_VERSION = 1;

/** A matrix in JSON: its shape and its row-major entries. */
export interface MatrixJSON {
  shape: [number, number];
  data: number[];
}

/** The JSON document of a network (format 'ann-model', version 1). */
export interface NetworkJSON {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  architecture: {
    layers: number[];
    hidden: Activation[];
    output: OutputHead;
    leakyReluAlpha: number;
    batchNorm?: boolean;
    batchNormMomentum?: number;
    batchNormEpsilon?: number;
  };
  initialization: { init: Initialization; initScale: number; seed: number };
  training: { iterations: number };
  parameters: Record<string, MatrixJSON>;
  /** Batch-norm running statistics { mean1, variance1, … }, when the network has batch norm. */
  batchNormStatistics?: Record<string, MatrixJSON>;
}

interface SerializableNetwork {
  readonly layers: readonly number[];
  readonly hidden: readonly Activation[];
  readonly output: OutputHead;
  readonly batchNorm: boolean;
  readonly batchNormMomentum: number;
  readonly batchNormEpsilon: number;
  readonly init: Initialization;
  readonly initScale: number;
  readonly leakyReluAlpha: number;
  readonly seed: number;
  readonly iterationsTrained: number;
}

export function matrixToJSON(M: Matrix): MatrixJSON {
  return { shape: [M.rows, M.cols], data: Array.from(M.data) };
}

export function networkToJSON(
  net: SerializableNetwork,
  parameters: Record<string, Matrix>,
  statistics: Record<string, Matrix>,
): NetworkJSON {
  const params: Record<string, MatrixJSON> = {};
  for (const [key, M] of Object.entries(parameters)) params[key] = matrixToJSON(M);
  const stats: Record<string, MatrixJSON> = {};
  for (const [key, M] of Object.entries(statistics)) stats[key] = matrixToJSON(M);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    architecture: {
      layers: [...net.layers],
      hidden: [...net.hidden],
      output: net.output,
      leakyReluAlpha: net.leakyReluAlpha,
      ...(net.batchNorm
        ? { batchNorm: true, batchNormMomentum: net.batchNormMomentum, batchNormEpsilon: net.batchNormEpsilon }
        : {}),
    },
    initialization: { init: net.init, initScale: net.initScale, seed: net.seed },
    training: { iterations: net.iterationsTrained },
    parameters: params,
    ...(net.batchNorm ? { batchNormStatistics: stats } : {}),
  };
}

/**
 * Validates a model document field by field and returns what `new Network` and `setParameters`
 * need. Errors name the path of the bad field (`parameters.W2.shape`). Only own properties are read;
 * nothing in the document is evaluated.
 */
export function networkFromJSON(json: unknown): {
  options: NetworkOptions;
  parameters: Record<string, Matrix>;
  statistics: Record<string, Matrix>;
  iterationsTrained: number;
} {
  const doc = object(json, '(document)');
  const format = field(doc, 'format', '');
  if (format !== MODEL_FORMAT) {
    throw new ValueError(`Network.fromJSON: format: expected ${JSON.stringify(MODEL_FORMAT)}, got ${JSON.stringify(format)}`);
  }
  const version = field(doc, 'version', '');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ValueError(`Network.fromJSON: version: expected a positive integer, got ${JSON.stringify(version)}`);
  }
  if (version > MODEL_VERSION) {
    throw new ValueError(
      `Network.fromJSON: version: this model was written by a newer ann (format version ${version}); this version reads up to ${MODEL_VERSION}. Upgrade @ann/core to load it.`,
    );
  }
  const arch = object(field(doc, 'architecture', ''), 'architecture');
  const layersValue = field(arch, 'layers', 'architecture');
  if (!Array.isArray(layersValue) || layersValue.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 1)) {
    throw new ValueError('Network.fromJSON: architecture.layers: expected an array of positive integers');
  }
  const layers = layersValue as number[];
  const hiddenValue = field(arch, 'hidden', 'architecture');
  if (!Array.isArray(hiddenValue) || !hiddenValue.every(isActivation)) {
    throw new ValueError(`Network.fromJSON: architecture.hidden: expected an array of ${ACTIVATIONS.join(' | ')}`);
  }
  const output = field(arch, 'output', 'architecture');
  if (!OUTPUT_HEADS.includes(output as OutputHead)) {
    throw new ValueError(`Network.fromJSON: architecture.output: expected one of ${OUTPUT_HEADS.join(', ')}, got ${JSON.stringify(output)}`);
  }
  const leakyReluAlpha = finiteNumber(field(arch, 'leakyReluAlpha', 'architecture'), 'architecture.leakyReluAlpha');
  const batchNorm = optional(arch, 'batchNorm') ?? false;
  if (typeof batchNorm !== 'boolean') throw new ValueError('Network.fromJSON: architecture.batchNorm: expected true or false');
  const batchNormOptions = batchNorm
    ? {
        batchNormMomentum: finiteNumber(field(arch, 'batchNormMomentum', 'architecture'), 'architecture.batchNormMomentum'),
        batchNormEpsilon: finiteNumber(field(arch, 'batchNormEpsilon', 'architecture'), 'architecture.batchNormEpsilon'),
      }
    : {};
  const initObj = object(field(doc, 'initialization', ''), 'initialization');
  const init = field(initObj, 'init', 'initialization');
  if (!(INITIALIZATIONS as readonly unknown[]).includes(init)) {
    throw new ValueError(`Network.fromJSON: initialization.init: expected one of ${INITIALIZATIONS.join(', ')}`);
  }
  const initScale = finiteNumber(field(initObj, 'initScale', 'initialization'), 'initialization.initScale');
  const seed = field(initObj, 'seed', 'initialization');
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ValueError('Network.fromJSON: initialization.seed: expected an integer between 0 and 2**32 - 1');
  }
  const training = object(field(doc, 'training', ''), 'training');
  const iterationsTrained = field(training, 'iterations', 'training');
  if (typeof iterationsTrained !== 'number' || !Number.isInteger(iterationsTrained) || iterationsTrained < 0) {
    throw new ValueError('Network.fromJSON: training.iterations: expected a non-negative integer');
  }

  const paramsDoc = object(field(doc, 'parameters', ''), 'parameters');
  const parameters: Record<string, Matrix> = {};
  for (const key of Object.keys(paramsDoc)) {
    if (!/^(W|b|gamma|beta)[1-9]\d*$/.test(key)) {
      throw new ValueError(`Network.fromJSON: parameters.${key}: unexpected key; parameters are W1, b1 (or gamma1, beta1), ..., WL, bL`);
    }
    parameters[key] = matrixFromJSON(paramsDoc[key], `parameters.${key}`);
  }
  const statistics: Record<string, Matrix> = {};
  if (batchNorm) {
    const statsDoc = object(field(doc, 'batchNormStatistics', ''), 'batchNormStatistics');
    for (const key of Object.keys(statsDoc)) {
      if (!/^(mean|variance)[1-9]\d*$/.test(key)) {
        throw new ValueError(`Network.fromJSON: batchNormStatistics.${key}: unexpected key; expected mean1, variance1, …`);
      }
      statistics[key] = matrixFromJSON(statsDoc[key], `batchNormStatistics.${key}`);
    }
  }
  return {
    options: {
      layers,
      hidden: hiddenValue as Activation[],
      output: output as OutputHead,
      init: init as Initialization,
      initScale,
      leakyReluAlpha,
      seed,
      batchNorm,
      ...batchNormOptions,
    },
    parameters,
    statistics,
    iterationsTrained,
  };
}

export function matrixFromJSON(value: unknown, path: string): Matrix {
  const obj = object(value, path);
  const shape = field(obj, 'shape', path);
  if (
    !Array.isArray(shape) ||
    shape.length !== 2 ||
    !shape.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
  ) {
    throw new ValueError(`Network.fromJSON: ${path}.shape: expected [rows, cols] of non-negative integers`);
  }
  const [rows, cols] = shape as [number, number];
  const data = field(obj, 'data', path);
  if (!Array.isArray(data)) throw new ValueError(`Network.fromJSON: ${path}.data: expected an array of numbers`);
  if (data.length !== rows * cols) {
    throw new ValueError(`Network.fromJSON: ${path}.data: has ${data.length} entries but shape (${rows}, ${cols}) needs ${rows * cols}`);
  }
  const out = new Float64Array(data.length);
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`Network.fromJSON: ${path}.data[${k}]: expected a finite number, got ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return new Matrix(rows, cols, out);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValueError(`Network.fromJSON: ${path}: expected an object`);
  }
  return value as Record<string, unknown>;
}

function field(obj: Record<string, unknown>, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) {
    throw new ValueError(`Network.fromJSON: ${path ? `${path}.` : ''}${key}: missing`);
  }
  return obj[key];
}

function optional(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function finiteNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`Network.fromJSON: ${path}: expected a finite number`);
  }
  return value;
}
