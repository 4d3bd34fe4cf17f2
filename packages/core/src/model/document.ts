// The model file's JSON document, read and written (docs/model-file.md): its types, the valibot
// schema's result turned into ModelParts, and the cross-field checks (layers against parameters,
// preprocessing against n_x). One file because the reader and the writer must agree field by field
// on one layout; the schema itself is model/schema.ts and the Model class model/model.ts.
import * as v from 'valibot';
import type { Activation, OutputHead } from '../activations';
import { featureOpNeeds, parseFeatureTerm } from '../data/feature-terms';
import type { TransformerJSON } from '../data/preprocess';
import { formatShape } from '../errors';
import type { Initialization } from '../initialization';
import { type DType, Matrix } from '../matrix';
import type { NetworkOptions } from '../network-options';
import type { OptimizerState } from '../optimizers';
import { parameterSpecs } from '../parameters';
import type { TrainingCheckpoint } from '../checkpoint';
import { ModelFileError, pathText, type DocumentPath } from './errors';
import { readJsonData, type JsonValue } from './json-value';
import { CheckpointSchema, firstIssue, ModelDocumentV1Schema, ModelDocumentV2Schema, type ModelDocumentV2 } from './schema';

export const MODEL_FORMAT = 'ann-model';
/** The layout written today. Version 1 (a bare network, Network.toJSON before model files) still loads. */
export const MODEL_VERSION = 2;

/** A matrix in JSON: its shape and its row-major entries. */
export interface MatrixJSON {
  shape: [number, number];
  data: number[];
}

export interface ArchitectureJSON {
  layers: number[];
  hidden: Activation[];
  output: OutputHead;
  leakyReluAlpha: number;
  batchNorm?: boolean;
  batchNormMomentum?: number;
  batchNormEpsilon?: number;
  /** The network's element type; absent means float64 (files written before float32 existed). */
  dtype?: DType;
}

/** trainer.checkpoint() as stored: `earlyStopping.best` is null for "no best yet" (Infinity in memory). */
export type TrainingCheckpointJSON = Omit<TrainingCheckpoint, 'earlyStopping'> & {
  earlyStopping: { best: number | null; wait: number } | null;
};

/** How a model was trained: the options given to fit (plain data), the seed, and optionally where to resume. */
export interface TrainingInfo {
  /** The training options as plain JSON data (learning rate, optimizer, epochs, …). */
  config: Record<string, unknown>;
  /** The seed the run was started with (data split, network), when it differs from the network's own. */
  seed?: number;
  /** trainer.checkpoint(): optimizer state, generator state and counters, to continue training bit for bit. */
  checkpoint?: TrainingCheckpoint;
}

/** The model file (format 'ann-model', version 2). */
export interface ModelFileJSON {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  architecture: ArchitectureJSON;
  initialization: { init: Initialization; initScale: number; seed: number };
  /** Fitted preprocessing, applied in order to raw X before the network. */
  preprocessing: TransformerJSON[];
  featureNames?: string[];
  labelName?: string;
  classNames?: string[];
  training: {
    /** Updates taken by the network so far. */
    iterations: number;
    config?: Record<string, JsonValue>;
    seed?: number;
    checkpoint?: TrainingCheckpointJSON;
  };
  metrics?: Record<string, JsonValue>;
  parameters: Record<string, MatrixJSON>;
  /** Batch-norm running statistics { mean1, variance1, … }, when the network has batch norm. */
  batchNormStatistics?: Record<string, MatrixJSON>;
}

/** What a model document holds, validated and ready to build a Network and a Model from. */
export interface ModelParts {
  options: Required<Pick<NetworkOptions, 'layers' | 'hidden' | 'output' | 'init' | 'initScale' | 'leakyReluAlpha' | 'seed' | 'batchNorm'>> &
    Pick<NetworkOptions, 'batchNormMomentum' | 'batchNormEpsilon'>;
  parameters: Record<string, Matrix>;
  statistics: Record<string, Matrix>;
  iterationsTrained: number;
  preprocessing: TransformerJSON[];
  featureNames?: string[];
  labelName?: string;
  classNames?: string[];
  training?: TrainingInfo;
  metrics?: Record<string, unknown>;
}

export function matrixToJSON(M: Matrix): MatrixJSON {
  return { shape: [M.rows, M.cols], data: Array.from(M.data) };
}

export function checkpointToJSON(checkpoint: TrainingCheckpoint): TrainingCheckpointJSON {
  const { earlyStopping } = checkpoint;
  return {
    ...checkpoint,
    permutation: checkpoint.permutation ? [...checkpoint.permutation] : null,
    earlyStopping: earlyStopping ? { best: Number.isFinite(earlyStopping.best) ? earlyStopping.best : null, wait: earlyStopping.wait } : null,
  };
}

/**
 * Validates a model document and returns its parts. Accepts version 2 and version 1 (a bare
 * network as Network.toJSON wrote it). Structure is checked by the valibot schemas, then what
 * depends on the architecture. The first problem is thrown as a ModelFileError naming `source`
 * and the field's path. Only own properties are read and nothing is evaluated; a `__proto__` key
 * anywhere is refused.
 */
export function readModelDocument(json: unknown, source: string): ModelParts {
  const fail = (path: DocumentPath, detail: string): never => {
    throw new ModelFileError(source, pathText(path), detail);
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return fail([], `expected an object (a model document), got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const doc = json as Record<string, unknown>;
  const format = own(doc, 'format');
  if (format !== MODEL_FORMAT) {
    const hint = format === 'layers-model' ? '; this is a TensorFlow.js model: load it with importTfjs or readTfjs' : '';
    fail(['format'], `expected ${JSON.stringify(MODEL_FORMAT)}, got ${format === undefined ? 'nothing' : JSON.stringify(format)}${hint}`);
  }
  const version = own(doc, 'version');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail(['version'], `expected a positive integer, got ${JSON.stringify(version)}`);
  }
  if ((version as number) > MODEL_VERSION) {
    fail(
      ['version'],
      `this model was written by a newer ann (format version ${version as number}); this @ann/core reads versions 1 to ${MODEL_VERSION}. Upgrade @ann/core to load it.`,
    );
  }
  refuseProtoKeys(doc, [], source);

  const result =
    version === 1
      ? v.safeParse(ModelDocumentV1Schema, doc, { abortEarly: true })
      : v.safeParse(ModelDocumentV2Schema, doc, { abortEarly: true });
  if (!result.success) {
    const { path, detail } = firstIssue(result.issues);
    fail(path, detail);
  }
  const parsed = result.output as ModelDocumentV2 | v.InferOutput<typeof ModelDocumentV1Schema>;
  const arch = parsed.architecture;
  const { layers, hidden, output } = arch;
  const L = layers.length - 1;
  if (hidden.length !== L - 1) {
    fail(['architecture', 'hidden'], `expected ${L - 1} activations (one per hidden layer of layers ${JSON.stringify(layers)}), got ${hidden.length}`);
  }
  if (output === 'softmax' && layers[L]! < 2) fail(['architecture', 'layers'], `a softmax output needs at least 2 classes; layers[${L}] is ${layers[L]}`);
  const batchNorm = arch.batchNorm ?? false;
  if (batchNorm) {
    if (arch.batchNormMomentum === undefined) fail(['architecture', 'batchNormMomentum'], 'missing');
    if (arch.batchNormEpsilon === undefined) fail(['architecture', 'batchNormEpsilon'], 'missing');
    if (arch.batchNormMomentum! < 0 || arch.batchNormMomentum! >= 1) fail(['architecture', 'batchNormMomentum'], `expected a number in [0, 1), got ${arch.batchNormMomentum}`);
  }

  // Parameters: exactly the architecture's names, each of its shape.
  const specs = parameterSpecs(layers, batchNorm);
  const rawParameters = doc.parameters as Record<string, unknown>;
  const parameters: Record<string, Matrix> = {};
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(rawParameters)) {
    if (!names.includes(key)) fail(['parameters', key], `unexpected key; layers ${JSON.stringify(layers)} have the parameters ${names.join(', ')}`);
  }
  for (const spec of specs) {
    const M = own(parsed.parameters, spec.name) as v.InferOutput<typeof ModelDocumentV1Schema>['parameters'][string] | undefined;
    if (M === undefined) return fail(['parameters', spec.name], 'missing');
    parameters[spec.name] = toMatrix(M, ['parameters', spec.name], spec.rows, spec.cols, fail);
  }

  const statistics: Record<string, Matrix> = {};
  const rawStatistics = own(doc, 'batchNormStatistics') as Record<string, unknown> | undefined;
  if (batchNorm) {
    if (rawStatistics === undefined || parsed.batchNormStatistics === undefined) return fail(['batchNormStatistics'], 'missing (the network has batch normalization)');
    const statNames: string[] = [];
    for (let l = 1; l < L; l++) statNames.push(`mean${l}`, `variance${l}`);
    for (const key of Object.keys(rawStatistics)) {
      if (!statNames.includes(key)) fail(['batchNormStatistics', key], `unexpected key; expected ${statNames.join(', ')}`);
    }
    for (const name of statNames) {
      const M = own(parsed.batchNormStatistics, name) as MatrixJSON | undefined;
      if (M === undefined) return fail(['batchNormStatistics', name], 'missing');
      const l = Number(name.replace(/^\D+/, ''));
      statistics[name] = toMatrix(M, ['batchNormStatistics', name], layers[l]!, 1, fail);
      if (name.startsWith('variance') && statistics[name]!.data.some((x) => x < 0)) fail(['batchNormStatistics', name], 'a variance cannot be negative');
    }
  } else if (rawStatistics !== undefined) {
    fail(['batchNormStatistics'], 'unexpected key; the network has no batch normalization');
  }

  const parts: ModelParts = {
    options: {
      layers: [...layers],
      hidden: [...hidden],
      output,
      init: parsed.initialization.init,
      initScale: parsed.initialization.initScale,
      leakyReluAlpha: arch.leakyReluAlpha,
      seed: parsed.initialization.seed,
      batchNorm,
      ...(arch.dtype === 'float32' ? { dtype: 'float32' as const } : {}),
      ...(batchNorm ? { batchNormMomentum: arch.batchNormMomentum!, batchNormEpsilon: arch.batchNormEpsilon! } : {}),
    },
    parameters,
    statistics,
    iterationsTrained: parsed.training.iterations,
    preprocessing: [],
  };
  if (parsed.version === 1) return parts;

  const v2 = parsed as ModelDocumentV2;
  parts.preprocessing = v2.preprocessing.map((t) => ({ ...t }) as TransformerJSON);
  const problem = checkModelFields(layers, output, parts.preprocessing, v2.featureNames, v2.classNames);
  if (problem) fail(problem.path, problem.detail);
  if (v2.featureNames) parts.featureNames = [...v2.featureNames];
  if (v2.labelName !== undefined) parts.labelName = v2.labelName;
  if (v2.classNames) parts.classNames = [...v2.classNames];

  const rawTraining = doc.training as Record<string, unknown>;
  const { config, seed, checkpoint } = v2.training;
  if (config !== undefined || seed !== undefined || checkpoint !== undefined) {
    const training: TrainingInfo = {
      config: config === undefined ? {} : (readJsonData(rawTraining.config, ['training', 'config'], source) as Record<string, unknown>),
    };
    if (seed !== undefined) training.seed = seed;
    if (checkpoint !== undefined) {
      const checkProblem = checkCheckpoint(checkpoint as TrainingCheckpointJSON, specs.map((s) => [s.name, s.rows * s.cols]));
      if (checkProblem) fail(['training', 'checkpoint', ...checkProblem.path], checkProblem.detail);
      training.checkpoint = checkpointFromJSON(checkpoint as TrainingCheckpointJSON);
    }
    parts.training = training;
  }
  if (v2.metrics !== undefined) parts.metrics = readJsonData(own(doc, 'metrics'), ['metrics'], source) as Record<string, unknown>;
  return parts;
}

/**
 * Checks what ties preprocessing and names to the architecture; returns the first problem as a
 * path and a message, or null. Shared by the file reader and the Model constructor.
 *
 * The preprocessing is a chain over the feature count: the scalers keep it, a feature expansion
 * takes `inputs` rows to `terms.length` rows. So the raw n_x is the first expansion's `inputs`
 * (layers[0] when there is none), every step sees the count the previous one made, the last count
 * must be layers[0], and featureNames name the raw inputs.
 */
export function checkModelFields(
  layers: readonly number[],
  output: OutputHead,
  preprocessing: readonly TransformerJSON[],
  featureNames: readonly string[] | undefined,
  classNames: readonly string[] | undefined,
): { path: DocumentPath; detail: string } | null {
  const nx = layers[0]!;
  const nL = layers[layers.length - 1]!;
  const first = preprocessing.findIndex((t) => t.kind === 'features');
  const raw = first < 0 ? nx : (preprocessing[first] as { inputs: number }).inputs;
  // What the current count is, for messages: the raw inputs, or the output of expansion k.
  let count = raw;
  let why = first < 0 ? 'n_x = layers[0]' : `the raw n_x: preprocessing[${first}].inputs`;
  for (let k = 0; k < preprocessing.length; k++) {
    const t = preprocessing[k]!;
    if (t.kind === 'features') {
      if (t.inputs !== count) return { path: ['preprocessing', k, 'inputs'], detail: `expected ${count} (${why}), got ${t.inputs}` };
      for (let i = 0; i < t.terms.length; i++) {
        const op = parseFeatureTerm(t.terms[i]);
        if (typeof op === 'string') return { path: ['preprocessing', k, 'terms', i], detail: op };
        if (featureOpNeeds(op) > t.inputs) return { path: ['preprocessing', k, 'terms', i], detail: `'${t.terms[i]!}' names raw feature ${featureOpNeeds(op)} but inputs is ${t.inputs}` };
        const before = t.terms.indexOf(t.terms[i]!);
        if (before < i) return { path: ['preprocessing', k, 'terms', i], detail: `'${t.terms[i]!}' is given twice (terms[${before}] and terms[${i}])` };
      }
      count = t.terms.length;
      why = `the ${count} features preprocessing[${k}] makes`;
      continue;
    }
    const pairs: [string, number][] =
      t.kind === 'standardize' ? [['mean', t.mean.length], ['std', t.std.length]] : t.kind === 'minmax' ? [['min', t.min.length], ['range', t.range.length]] : [];
    for (const [key, length] of pairs) {
      if (length !== count) return { path: ['preprocessing', k, key], detail: `expected ${count} entries (${why}), got ${length}` };
    }
  }
  if (count !== nx) {
    const last = preprocessing.map((t) => t.kind).lastIndexOf('features');
    return { path: ['preprocessing', last, 'terms'], detail: `expected ${nx} terms (n_x = layers[0], the network's inputs), got ${count}` };
  }
  if (featureNames !== undefined && featureNames.length !== raw) {
    return { path: ['featureNames'], detail: `expected ${raw} names (${first < 0 ? 'n_x = layers[0]' : `the raw inputs: preprocessing[${first}].inputs`}), got ${featureNames.length}` };
  }
  if (classNames !== undefined) {
    if (output === 'linear') return { path: ['classNames'], detail: 'a linear (regression) output has no classes' };
    const expected = output === 'sigmoid' && nL === 1 ? 2 : nL;
    if (classNames.length !== expected) {
      const why = output === 'softmax' ? `softmax over ${nL} classes` : nL === 1 ? 'a binary sigmoid output: the names of 0 and 1' : `${nL} sigmoid outputs`;
      return { path: ['classNames'], detail: `expected ${expected} names (${why}), got ${classNames.length}` };
    }
  }
  return null;
}

/** Validates a checkpoint given in memory (Model constructor) against the parameters' names and sizes. */
export function checkCheckpointValue(checkpoint: unknown, sizes: [string, number][]): { path: DocumentPath; detail: string } | null {
  if (checkpoint === null || typeof checkpoint !== 'object') return { path: [], detail: 'expected trainer.checkpoint()' };
  const result = v.safeParse(CheckpointSchema, checkpointToJSON(checkpoint as TrainingCheckpoint), { abortEarly: true });
  if (!result.success) return firstIssue(result.issues);
  return checkCheckpoint(result.output as TrainingCheckpointJSON, sizes);
}

function checkCheckpoint(c: TrainingCheckpointJSON, sizes: [string, number][]): { path: DocumentPath; detail: string } | null {
  const sizeOf = new Map(sizes);
  const { type } = c.optimizer;
  const moments: ['v' | 's', boolean][] = [
    ['v', type === 'momentum' || type === 'adam'],
    ['s', type === 'rmsprop' || type === 'adam'],
  ];
  for (const [key, used] of moments) {
    const record = c.optimizer[key];
    const present = Object.keys(record);
    if (!used && present.length > 0) return { path: ['optimizer', key], detail: `the ${type} optimizer keeps no ${key}` };
    if (!used) continue;
    for (const name of present) {
      const size = sizeOf.get(name);
      if (size === undefined) return { path: ['optimizer', key, name], detail: `unexpected key; the parameters are ${sizes.map(([n]) => n).join(', ')}` };
      if (record[name]!.length !== size) return { path: ['optimizer', key, name], detail: `expected ${size} entries (the size of ${name}), got ${record[name]!.length}` };
    }
    for (const [name] of sizes) if (!present.includes(name)) return { path: ['optimizer', key, name], detail: 'missing' };
  }
  return null;
}

function checkpointFromJSON(c: TrainingCheckpointJSON): TrainingCheckpoint {
  const optimizer: OptimizerState = { type: c.optimizer.type, t: c.optimizer.t, v: copyRecord(c.optimizer.v), s: copyRecord(c.optimizer.s) };
  return {
    format: 'ann-training',
    version: 1,
    mode: c.mode,
    iteration: c.iteration,
    epoch: c.epoch,
    batch: c.batch,
    epochLoss: c.epochLoss,
    epochPenalty: c.epochPenalty,
    permutation: c.permutation ? [...c.permutation] : null,
    optimizer,
    rng: { key: [...c.rng.key], pos: c.rng.pos, hasGauss: c.rng.hasGauss, gauss: c.rng.gauss },
    earlyStopping: c.earlyStopping ? { best: c.earlyStopping.best ?? Infinity, wait: c.earlyStopping.wait } : null,
  };
}

function copyRecord(record: Record<string, number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const key of Object.keys(record)) out[key] = [...record[key]!];
  return out;
}

function toMatrix(
  M: { shape: [number, number]; data: number[] },
  path: DocumentPath,
  rows: number,
  cols: number,
  fail: (path: DocumentPath, detail: string) => never,
): Matrix {
  const [r, c] = M.shape;
  if (M.data.length !== r * c) fail([...path, 'data'], `has ${M.data.length} entries but shape ${formatShape(r, c)} needs ${r * c}`);
  if (r !== rows || c !== cols) fail(path, `expected ${formatShape(rows, cols)}, got ${formatShape(r, c)}`);
  return new Matrix(r, c, Float64Array.from(M.data));
}

/** Refuses a `__proto__` key at any depth (JSON.parse keeps it as an own property; copying it would not be safe). */
function refuseProtoKeys(value: unknown, path: (string | number)[], source: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const item: unknown = value[k];
      if (item !== null && typeof item === 'object') refuseProtoKeys(item, [...path, k], source);
    }
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw new ModelFileError(source, pathText([...path, key]), 'unexpected key');
    refuseProtoKeys((value as Record<string, unknown>)[key], [...path, key], source);
  }
}

function own(obj: object | undefined, key: string): unknown {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}
