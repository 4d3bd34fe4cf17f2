import { dirname, isAbsolute, relative, resolve } from 'node:path';
import {
  ACTIVATION_NAMES,
  DTYPE_NAMES,
  HEAD_NAMES,
  INIT_NAMES,
  NORMALIZE_NAMES,
  OPTIMIZER_NAMES,
  type ActivationName,
  type DTypeName,
  type HeadName,
  type InitName,
  type NormalizeName,
  type OptimizerName,
} from '../choices';
import { kebabCase } from '../config';
import { UsageError } from '../errors';
import {
  parseChoice,
  parseChoiceList,
  parseFraction,
  parseNonNegativeNumber,
  parsePositiveInteger,
  parsePositiveIntegerList,
  parsePositiveNumber,
  parseProbabilityList,
  parseSeed,
  parseSwitch,
  parseText,
  parseTextList,
} from '../flags';
import type { OutputFormat } from '../output/reporter';

/** Defaults reproduce the course's C1W3 planar experiment (one hidden layer of 4 tanh units). */
export const TRAIN_DEFAULTS = {
  layers: '4',
  hidden: 'tanh',
  lr: 1.2,
  iterations: 10000,
  init: 'random',
  initScale: 0.01,
  seed: 2,
  printEvery: 1000,
  normalize: 'none',
  optimizer: 'gd',
  dtype: 'float64',
} as const;

/** Where examples come from: the built-in flower, or a file read by core's `loadDataset`. */
export type DataSpec =
  | { kind: 'builtin'; name: 'flower' }
  | { kind: 'file'; path: string; label?: string | number; x?: string; y?: string };

/** A validated `ann train` command line. */
export interface TrainOptions {
  data: DataSpec;
  /** A separate test (validation) file, or null. */
  test: DataSpec | null;
  /** The held-out fraction when there is no test file, or null. */
  split: number | null;
  /** `--scale K`: inputs are divided by K (core's scale(1/K)), or null. */
  scale: number | null;
  normalize: NormalizeName;
  /**
   * `--features x1,x1^2,…`: the feature-expansion terms (core's featureExpansion), or null. Only
   * split here; the terms are checked where core is loaded (training/run.ts), so that `ann --help`
   * does not load the engine.
   */
  features: string[] | null;
  /** Hidden layer sizes only; input and output sizes come from the data. */
  hiddenSizes: number[];
  /** One activation per hidden layer. */
  hidden: ActivationName[];
  /** The task, or null to infer it from the labels. */
  head: HeadName | null;
  init: InitName;
  initScale: number;
  seed: number;
  batchNorm: boolean;
  dtype: DTypeName;
  learningRate: number;
  /** Full-batch steps, or null in epochs mode. */
  iterations: number | null;
  epochs: number | null;
  batchSize: number | null;
  optimizer: OptimizerName;
  l2: number;
  /** Keep probabilities, one per hidden layer, or null for no dropout. */
  keepProb: number[] | null;
  decay: number | null;
  /** Gradient clipping by global norm, or null. */
  clip: number | null;
  /** Early-stopping patience in recorded points, or null. */
  earlyStopping: number | null;
  printEvery: number;
  out: string | null;
  resume: string | null;
  format: OutputFormat;
}

/**
 * Validates the merged flag values (camelCase keys, as yargs gives them); throws a UsageError naming
 * the first bad flag. `origins[key]`, when set, says where a value came from (a config file or a
 * resumed model) and is shown after the flag: `--lr (train.json): 'abc' is not …`.
 */
export function resolveTrainOptions(values: Record<string, unknown>, origins: Record<string, string | undefined> = {}): TrainOptions {
  const flag = (key: string) => `--${kebabCase(key)}${origins[key] ? ` (${origins[key]})` : ''}`;
  const given = (key: string) => values[key] !== undefined;
  const get = (key: keyof typeof TRAIN_DEFAULTS) => values[key] ?? TRAIN_DEFAULTS[key];

  const hiddenSizes = parsePositiveIntegerList(flag('layers'), get('layers'));
  const layerCount = `--layers ${hiddenSizes.join(',')} has ${hiddenSizes.length} hidden layer${hiddenSizes.length === 1 ? '' : 's'}`;
  const hidden = parseChoiceList(flag('hidden'), get('hidden'), ACTIVATION_NAMES, hiddenSizes.length, layerCount);

  const quiet = given('quiet') && parseSwitch(flag('quiet'), values.quiet);
  const json = given('json') && parseSwitch(flag('json'), values.json);
  if (quiet && json) throw new UsageError('--quiet and --json cannot be used together');

  const data = dataSpec(values, flag);
  for (const key of ['label', 'x', 'y'] as const) {
    if (given(key) && data.kind === 'builtin') throw new UsageError(`${flag(key)} needs --data FILE (without --data, ann trains on the built-in flower)`);
  }
  const test = given('test') ? fileSpec(parseText(flag('test'), values.test), values, flag, 'testX', 'testY') : null;
  for (const key of ['testX', 'testY'] as const) {
    if (given(key) && test === null) throw new UsageError(`${flag(key)} needs --test FILE`);
  }
  const split = given('split') ? parseFraction(flag('split'), values.split) : null;
  if (test !== null && split !== null) throw new UsageError('--test and --split cannot be used together: give a test file or a fraction to hold out');

  if (given('iterations') && given('epochs')) throw new UsageError('--iterations and --epochs cannot be used together: --iterations counts full-batch steps, --epochs passes over the data in mini-batches');
  const epochs = given('epochs') ? parsePositiveInteger(flag('epochs'), values.epochs) : null;
  const iterations = epochs === null ? parsePositiveInteger(flag('iterations'), get('iterations')) : null;
  const batchSize = given('batchSize') ? parsePositiveInteger(flag('batchSize'), values.batchSize) : null;
  if (batchSize !== null && epochs === null) throw new UsageError('--batch-size needs --epochs (--iterations are full-batch steps)');

  const keepProb = given('keepProb') ? parseProbabilityList(flag('keepProb'), values.keepProb) : null;
  if (keepProb !== null && keepProb.length !== 1 && keepProb.length !== hiddenSizes.length) {
    throw new UsageError(`${flag('keepProb')}: ${keepProb.length} values but ${layerCount}; give one value for all or one per layer`);
  }
  const earlyStopping = given('earlyStopping') ? parsePositiveInteger(flag('earlyStopping'), values.earlyStopping) : null;
  if (earlyStopping !== null && test === null && split === null) {
    throw new UsageError('--early-stopping needs validation data: give --test FILE or --split FRACTION');
  }

  return {
    data,
    test,
    split,
    scale: given('scale') ? parsePositiveNumber(flag('scale'), values.scale) : null,
    normalize: parseChoice(flag('normalize'), get('normalize'), NORMALIZE_NAMES),
    features: given('features') ? parseTextList(flag('features'), values.features) : null,
    hiddenSizes,
    hidden,
    head: given('head') ? parseChoice(flag('head'), values.head, HEAD_NAMES) : null,
    init: parseChoice(flag('init'), get('init'), INIT_NAMES),
    initScale: parsePositiveNumber(flag('initScale'), get('initScale')),
    seed: parseSeed(flag('seed'), get('seed')),
    batchNorm: given('batchNorm') && parseSwitch(flag('batchNorm'), values.batchNorm),
    dtype: parseChoice(flag('dtype'), get('dtype'), DTYPE_NAMES),
    learningRate: parsePositiveNumber(flag('lr'), get('lr')),
    iterations,
    epochs,
    batchSize,
    optimizer: parseChoice(flag('optimizer'), get('optimizer'), OPTIMIZER_NAMES),
    l2: given('l2') ? parseNonNegativeNumber(flag('l2'), values.l2) : 0,
    keepProb: keepProb === null ? null : keepProb.length === 1 ? hiddenSizes.map(() => keepProb[0]!) : keepProb,
    decay: given('decay') ? parseNonNegativeNumber(flag('decay'), values.decay) : null,
    clip: given('clip') ? parsePositiveNumber(flag('clip'), values.clip) : null,
    earlyStopping,
    printEvery: given('printEvery')
      ? parsePositiveInteger(flag('printEvery'), values.printEvery)
      : epochs !== null
        ? Math.max(1, Math.round(epochs / 10))
        : TRAIN_DEFAULTS.printEvery,
    out: given('out') ? parseText(flag('out'), values.out) : null,
    resume: given('resume') ? parseText(flag('resume'), values.resume) : null,
    format: json ? 'json' : quiet ? 'quiet' : 'text',
  };
}

function dataSpec(values: Record<string, unknown>, flag: (key: string) => string): DataSpec {
  if (values.data === undefined) return { kind: 'builtin', name: 'flower' };
  const path = parseText(flag('data'), values.data);
  if (path === '-') throw new UsageError(`${flag('data')}: ann train reads a file; standard input ('-') is for ann predict`);
  return fileSpec(path, values, flag, 'x', 'y');
}

function fileSpec(path: string, values: Record<string, unknown>, flag: (key: string) => string, xKey: string, yKey: string): DataSpec {
  const spec: DataSpec = { kind: 'file', path };
  if (values.label !== undefined) spec.label = labelColumn(parseText(flag('label'), values.label));
  if (values[xKey] !== undefined) spec.x = parseText(flag(xKey), values[xKey]);
  if (values[yKey] !== undefined) spec.y = parseText(flag(yKey), values[yKey]);
  return spec;
}

/** `--label species` names a column; `--label -1` or `--label 3` is a 0-based index (-1: the last). */
export function labelColumn(text: string): string | number {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** The options as flag values (kebab-case), for the model file's `training.config` and `--config`. */
export function optionsToConfig(options: TrainOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  // Saved relative to the model file, where `--resume` looks for them (as --config's paths are
  // relative to the config file): the model can be resumed from any directory.
  const model = options.out ?? options.resume;
  const saved = (path: string) => (model === null || isAbsolute(path) ? path : relative(dirname(resolve(model)), resolve(path)) || '.');
  const file = (spec: DataSpec | null, prefix: '' | 'test') => {
    if (spec === null || spec.kind !== 'file') return;
    config[prefix === '' ? 'data' : 'test'] = saved(spec.path);
    if (spec.label !== undefined) config.label = spec.label;
    if (spec.x !== undefined) config[prefix === '' ? 'x' : 'test-x'] = spec.x;
    if (spec.y !== undefined) config[prefix === '' ? 'y' : 'test-y'] = spec.y;
  };
  file(options.data, '');
  file(options.test, 'test');
  const set = (name: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== false) config[name] = value;
  };
  set('split', options.split);
  set('scale', options.scale);
  set('features', options.features?.join(','));
  set('normalize', options.normalize);
  set('layers', options.hiddenSizes.join(','));
  set('hidden', options.hidden.join(','));
  set('head', options.head);
  set('init', options.init);
  set('init-scale', options.initScale);
  set('seed', options.seed);
  set('batch-norm', options.batchNorm);
  if (options.dtype !== TRAIN_DEFAULTS.dtype) set('dtype', options.dtype);
  set('lr', options.learningRate);
  set('iterations', options.iterations);
  set('epochs', options.epochs);
  set('batch-size', options.batchSize);
  set('optimizer', options.optimizer);
  if (options.l2 > 0) set('l2', options.l2);
  set('keep-prob', options.keepProb?.join(','));
  set('decay', options.decay);
  set('clip', options.clip);
  set('early-stopping', options.earlyStopping);
  set('print-every', options.printEvery);
  return config;
}
