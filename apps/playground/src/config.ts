// Parsing and validating the controls. Everything here is pure: raw text in, a TrainingConfig or
// one message per invalid field out. The choices (datasets, activations, initializations,
// optimizers) come from @ann/core's own lists (its light `constants` entry, so the page does not load
// the engine), and a new one in core shows up here by itself.
import {
  ACTIVATIONS,
  DATASET_CATALOG,
  INITIALIZATIONS,
  OPTIMIZERS,
  type Activation,
  type DatasetInfo,
  type DatasetName,
  type Initialization,
  type OptimizerName,
} from '@ann/core/constants';

/** Which built-in dataset, generated how, and how much of it is held out for testing. */
export interface DataConfig {
  name: DatasetName;
  /** Standard deviation of the generator's noise; null for datasets without a noise option (the flower). */
  noise: number | null;
  /** Seed of the generator, and of the train/test split. */
  seed: number;
  /** Fraction of the examples held out as the test set, in [0, 1); 0 means no test set. */
  testFraction: number;
}

export interface ModelConfig {
  hiddenLayerSizes: number[];
  hiddenActivation: Activation;
  init: Initialization;
  /** Multiplier of init 'random' (core ignores it for the other initializations). */
  initScale: number;
  batchNorm: boolean;
  seed: number;
}

/** Full-batch gradient steps, or passes over the data in mini-batches. */
export type Schedule = { mode: 'iterations'; iterations: number } | { mode: 'epochs'; epochs: number; batchSize: number };

export interface OptimizationConfig {
  optimizer: OptimizerName;
  learningRate: number;
  schedule: Schedule;
  l2: number;
  keepProb: number;
  /** Record one cost every this many iterations (or epochs): about TARGET_RECORDED_POINTS per run. */
  recordEvery: number;
}

/** Everything the worker needs to build the data and the network, and train it. */
export interface TrainingConfig {
  data: DataConfig;
  model: ModelConfig;
  training: OptimizationConfig;
}

/** The raw state of the controls, exactly as entered. */
export interface TrainingForm {
  dataset: string;
  noise: string;
  dataSeed: string;
  testPercent: string;
  hiddenLayers: string;
  activation: string;
  init: string;
  batchNorm: boolean;
  optimizer: string;
  learningRate: string;
  batchSize: string;
  iterations: string;
  l2: string;
  keepProb: string;
  seed: string;
}

export type FormField = keyof TrainingForm;

export type FormErrors = Partial<Record<FormField, string>>;

export type ParseResult = { ok: true; config: TrainingConfig } | { ok: false; errors: FormErrors };

export type DataParseResult = { ok: true; data: DataConfig } | { ok: false; errors: FormErrors };

/** The classification datasets of core's catalogue (the regression `plane` needs a linear head and another plot). */
export const DATASET_CHOICES: readonly DatasetInfo[] = DATASET_CATALOG.filter((info) => info.task === 'binary');
export const HIDDEN_ACTIVATIONS: readonly Activation[] = ACTIVATIONS;
export { INITIALIZATIONS, OPTIMIZERS };

/** How a catalogue name reads in the picker: 'planarFlower' → 'planar flower'. */
export function datasetLabel(name: DatasetName): string {
  return name.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

export function datasetInfo(name: string): DatasetInfo | undefined {
  return DATASET_CHOICES.find((info) => info.name === name);
}

/** Whether the dataset's generator takes a noise level (the catalogue lists every option with its default). */
export function hasNoise(info: DatasetInfo): boolean {
  return 'noise' in info.defaults;
}

/** The dataset controls reset to the catalogue's defaults for `name`. */
export function datasetDefaults(info: DatasetInfo): Pick<TrainingForm, 'dataset' | 'noise' | 'dataSeed'> {
  return {
    dataset: info.name,
    noise: hasNoise(info) ? String(info.defaults.noise) : '',
    dataSeed: String(info.defaults.seed ?? 1),
  };
}

/** Weights drawn from N(0, 1) * 0.01 with init 'random', as in the course's planar notebook. */
export const INIT_SCALE = 0.01;

/**
 * The course's planar experiment (one hidden layer of 4 tanh units, lr 1.2, 10000 iterations,
 * seed 2) on the catalogue's flower, with 20% of it held out.
 */
export const DEFAULT_FORM: TrainingForm = {
  ...datasetDefaults(datasetInfo('planarFlower') ?? DATASET_CHOICES[0]!),
  testPercent: '20',
  hiddenLayers: '4',
  activation: 'tanh',
  init: 'random',
  batchNorm: false,
  optimizer: 'gd',
  learningRate: '1.2',
  batchSize: '',
  iterations: '10000',
  l2: '0',
  keepProb: '1',
  seed: '2',
};

/** Limits that keep a browser tab responsive; they are policy, not math. */
export const MAX_HIDDEN_LAYERS = 8;
export const MAX_LAYER_SIZE = 256;
export const MAX_ITERATIONS = 1_000_000;
export const MAX_BATCH_SIZE = 100_000;
export const MAX_TEST_PERCENT = 50;
/** About this many cost points per run, however many iterations. */
export const TARGET_RECORDED_POINTS = 100;

const WHOLE_NUMBER = /^\d+$/;

/**
 * Parses the hidden-layer-size text: comma-separated positive integers, e.g. "4" or "8, 8".
 * Returns the sizes, or a message naming what is wrong.
 */
export function parseHiddenLayerSizes(text: string): { ok: true; sizes: number[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, error: 'Hidden layer sizes: enter at least one size, e.g. "4" or "8,8".' };
  }
  const parts = trimmed.split(',').map((part) => part.trim());
  if (parts.length > MAX_HIDDEN_LAYERS) {
    return { ok: false, error: `Hidden layer sizes: at most ${MAX_HIDDEN_LAYERS} hidden layers.` };
  }
  const sizes: number[] = [];
  for (const part of parts) {
    if (!WHOLE_NUMBER.test(part)) {
      const shown = part === '' ? 'an empty entry' : `"${part}"`;
      return { ok: false, error: `Hidden layer sizes: ${shown} is not a positive whole number.` };
    }
    const size = Number(part);
    if (size < 1 || size > MAX_LAYER_SIZE) {
      return { ok: false, error: `Hidden layer sizes: each size must be between 1 and ${MAX_LAYER_SIZE}, got ${size}.` };
    }
    sizes.push(size);
  }
  return { ok: true, sizes };
}

/** A finite number, or the message to show. `example` is how a valid entry looks. */
function parseNumber(text: string, label: string, example: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return `${label}: enter a number, e.g. ${example}.`;
  return value;
}

function parseLearningRate(text: string): number | string {
  const value = parseNumber(text, 'Learning rate', '1.2');
  if (typeof value === 'number' && value <= 0) return `Learning rate must be greater than 0, got ${value}.`;
  return value;
}

function parseNoise(text: string): number | string {
  const value = parseNumber(text, 'Noise', '0.2');
  if (typeof value === 'number' && value < 0) return `Noise must be 0 or more (a standard deviation), got ${value}.`;
  return value;
}

function parseL2(text: string): number | string {
  const value = parseNumber(text, 'L2 λ', '0.7 (0 for none)');
  if (typeof value === 'number' && value < 0) return `L2 λ must be 0 or more, got ${value}.`;
  return value;
}

function parseKeepProb(text: string): number | string {
  const value = parseNumber(text, 'Keep probability', '0.86 (1 for no dropout)');
  if (typeof value === 'number' && !(value > 0 && value <= 1)) {
    return `Keep probability must be in (0, 1], got ${value}.`;
  }
  return value;
}

function parseWholeNumber(text: string, label: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return `${label}: enter a whole number from ${min} to ${max}.`;
  const value = Number(trimmed);
  if (value < min || value > max) return `${label} must be from ${min} to ${max}, got ${value}.`;
  return value;
}

/** Empty means the full batch (null); otherwise a whole number of examples per mini-batch. */
function parseBatchSize(text: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!WHOLE_NUMBER.test(trimmed)) {
    return `Batch size: enter a whole number from 1 to ${MAX_BATCH_SIZE}, or leave it empty for the full batch.`;
  }
  const value = Number(trimmed);
  if (value < 1 || value > MAX_BATCH_SIZE) return `Batch size must be from 1 to ${MAX_BATCH_SIZE}, got ${value}.`;
  return value;
}

/** `value` as one of `choices`, or null when it is not one of them. */
function oneOf<T extends string>(value: string, choices: readonly T[]): T | null {
  return choices.find((choice) => choice === value) ?? null;
}

/** Chunk length so that a run records about TARGET_RECORDED_POINTS costs. */
export function recordEveryFor(steps: number): number {
  return Math.max(1, Math.ceil(steps / TARGET_RECORDED_POINTS));
}

/** What the iterations field counts: full-batch iterations, or epochs once a batch size is given. */
export function stepUnitFor(batchSize: string): 'iteration' | 'epoch' {
  return batchSize.trim() === '' ? 'iteration' : 'epoch';
}

/** Validates the dataset controls alone (enough to show the dataset before training). */
export function parseDataForm(form: Pick<TrainingForm, 'dataset' | 'noise' | 'dataSeed' | 'testPercent'>): DataParseResult {
  const errors: FormErrors = {};
  const info = datasetInfo(form.dataset);
  if (info === undefined) {
    errors.dataset = `Dataset: choose one of ${DATASET_CHOICES.map((choice) => choice.name).join(', ')}.`;
  }
  // The flower has no noise option: its field is disabled and not read.
  const noise = info !== undefined && hasNoise(info) ? parseNoise(form.noise) : null;
  if (typeof noise === 'string') errors.noise = noise;
  const seed = parseWholeNumber(form.dataSeed, 'Data seed', 0, 2 ** 32 - 1);
  if (typeof seed === 'string') errors.dataSeed = seed;
  const testPercent = parseWholeNumber(form.testPercent, 'Test split %', 0, MAX_TEST_PERCENT);
  if (typeof testPercent === 'string') errors.testPercent = testPercent;

  if (info === undefined || typeof noise === 'string' || typeof seed === 'string' || typeof testPercent === 'string') {
    return { ok: false, errors };
  }
  return { ok: true, data: { name: info.name, noise, seed, testFraction: testPercent / 100 } };
}

/** Validates the whole form; on failure every invalid field gets its own message. */
export function parseTrainingForm(form: TrainingForm): ParseResult {
  const data = parseDataForm(form);
  const errors: FormErrors = data.ok ? {} : { ...data.errors };

  const hidden = parseHiddenLayerSizes(form.hiddenLayers);
  if (!hidden.ok) errors.hiddenLayers = hidden.error;
  const activation = oneOf(form.activation, HIDDEN_ACTIVATIONS);
  if (activation === null) errors.activation = `Activation: choose one of ${HIDDEN_ACTIVATIONS.join(', ')}.`;
  const init = oneOf(form.init, INITIALIZATIONS);
  if (init === null) errors.init = `Initialization: choose one of ${INITIALIZATIONS.join(', ')}.`;
  const optimizer = oneOf(form.optimizer, OPTIMIZERS);
  if (optimizer === null) errors.optimizer = `Optimizer: choose one of ${OPTIMIZERS.join(', ')}.`;

  const learningRate = parseLearningRate(form.learningRate);
  if (typeof learningRate === 'string') errors.learningRate = learningRate;
  const batchSize = parseBatchSize(form.batchSize);
  if (typeof batchSize === 'string') errors.batchSize = batchSize;
  const stepLabel = stepUnitFor(form.batchSize) === 'iteration' ? 'Iterations' : 'Epochs';
  const steps = parseWholeNumber(form.iterations, stepLabel, 1, MAX_ITERATIONS);
  if (typeof steps === 'string') errors.iterations = steps;
  const l2 = parseL2(form.l2);
  if (typeof l2 === 'string') errors.l2 = l2;
  const keepProb = parseKeepProb(form.keepProb);
  if (typeof keepProb === 'string') errors.keepProb = keepProb;
  const seed = parseWholeNumber(form.seed, 'Seed', 0, 2 ** 32 - 1);
  if (typeof seed === 'string') errors.seed = seed;

  if (
    !data.ok ||
    !hidden.ok ||
    activation === null ||
    init === null ||
    optimizer === null ||
    typeof learningRate === 'string' ||
    typeof batchSize === 'string' ||
    typeof steps === 'string' ||
    typeof l2 === 'string' ||
    typeof keepProb === 'string' ||
    typeof seed === 'string'
  ) {
    return { ok: false, errors };
  }

  const schedule: Schedule =
    batchSize === null ? { mode: 'iterations', iterations: steps } : { mode: 'epochs', epochs: steps, batchSize };
  return {
    ok: true,
    config: {
      data: data.data,
      model: {
        hiddenLayerSizes: hidden.sizes,
        hiddenActivation: activation,
        init,
        initScale: INIT_SCALE,
        batchNorm: form.batchNorm,
        seed,
      },
      training: {
        optimizer,
        learningRate,
        schedule,
        l2,
        keepProb,
        recordEvery: recordEveryFor(steps),
      },
    },
  };
}

/** The number of iterations or epochs a schedule runs: the x extent of the cost chart. */
export function plannedSteps(schedule: Schedule): number {
  return schedule.mode === 'iterations' ? schedule.iterations : schedule.epochs;
}
