import type { TrainingCheckpoint } from '../checkpoint';
import type { Diagnostic } from '../diagnostics';
import { ValueError } from '../errors';
import type { Matrix } from '../matrix';
import { OPTIMIZERS, type OptimizerName, type OptimizerSettings } from '../optimizers';
import { type LearningRateSchedule, validateSchedule } from '../schedules';
import { assertKnownOptions, integerAtLeast, positiveNumber } from '../validate';

// What `Network.fit` and `Trainer` accept and report, and the checks of every option: the loop
// (../trainer.ts) reads only the resolved settings these checks return.

/** A recorded cost: `iteration` in full-batch mode, `epoch` with epochs; validation when given. */
export interface CostRecord {
  iteration?: number;
  epoch?: number;
  cost: number;
  /** Learning rate in effect. */
  learningRate?: number;
  validation?: { cost: number; accuracy: number };
}

export interface BatchEvent {
  epoch: number;
  batch: number;
  iteration: number;
  /** The mini-batch's cost, measured before its update. */
  cost: number;
  size: number;
}

export interface EpochEvent {
  epoch: number;
  /** The epoch's cost: its mini-batch losses summed and divided by m (plus the L2 penalty). */
  cost: number;
  validation?: { cost: number; accuracy: number };
}

export interface EarlyStoppingOptions {
  /** Stop after this many recorded evaluations without improvement of the validation cost. */
  patience: number;
  /** The smallest decrease that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Restore the parameters of the best evaluation when stopping. Default true. */
  restoreBest?: boolean;
}

export interface FitOptions {
  /** α, the (initial) learning rate. */
  learningRate: number;
  /** Full-batch gradient-descent steps. Give this or `epochs`. */
  iterations?: number;
  /** Passes over the data, in mini-batches of `batchSize`. */
  epochs?: number;
  /** Examples per mini-batch (epochs mode). Omitted: the full batch. */
  batchSize?: number;
  /** Update rule. Default 'gd'. */
  optimizer?: OptimizerName;
  beta?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** λ of the L2 penalty (λ/2m)·Σ‖W[l]‖². Default 0. */
  l2?: number;
  /** Inverted-dropout keep probability, for every hidden layer or one per hidden layer. Default 1. */
  keepProb?: number | number[];
  /** Seed of each epoch's shuffle (course mode: (e) => 11 + e); default: the network's generator. */
  shuffleSeed?: (epoch: number) => number;
  validationData?: { X: Matrix; Y: Matrix };
  /** Record every this many iterations (full batch) or epochs. Default 100 iterations, or 1 epoch. */
  recordEvery?: number;
  /** Stops training at the end of the current step. */
  signal?: AbortSignal;
  /** Shorthand for schedule { type: 'inverseTime', decayRate: decay }. */
  decay?: number;
  schedule?: LearningRateSchedule;
  /** Rescale the gradients when their global L2 norm exceeds this. */
  clipNorm?: number;
  /** Clip every gradient entry to [-clipValue, clipValue]. */
  clipValue?: number;
  /** Stop when the validation cost stops improving (needs validationData). */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Emit warnings about the run (default true). Non-finite values always stop training; a cost that
   * explodes (`costExploded`) is checked on every step and reported as a warning.
   */
  diagnostics?: boolean;
  /**
   * Keep every record in `trainer.costs` and `result().costs` (default true). A run stepped without
   * end (the playground's, with `epochs: Number.MAX_SAFE_INTEGER`) passes false and takes its
   * records from `onRecord`, so its memory stays flat.
   */
  keepCosts?: boolean;
  /** Continue a run from `trainer.checkpoint()`; iterations/epochs are then the totals to reach. */
  resume?: TrainingCheckpoint;
  onRecord?: (record: CostRecord & { iteration: number }) => void;
  onBatchEnd?: (event: BatchEvent) => void;
  onEpochEnd?: (event: EpochEvent) => void;
  onDiagnostic?: (diagnostic: Diagnostic) => void;
}

export interface FitResult {
  costs: CostRecord[];
  /** Why training ended. */
  stopReason: 'completed' | 'aborted' | 'earlyStopping';
  diagnostics: Diagnostic[];
  /** Updates taken in total (with a resumed run, since the start of the original run). */
  iterations: number;
  epochs: number;
}

const FIT_OPTIONS = [
  'learningRate', 'iterations', 'epochs', 'batchSize', 'optimizer', 'beta', 'beta1', 'beta2', 'epsilon', 'l2',
  'keepProb', 'shuffleSeed', 'validationData', 'recordEvery', 'signal', 'decay', 'schedule', 'clipNorm',
  'clipValue', 'earlyStopping', 'diagnostics', 'keepCosts', 'resume', 'onRecord', 'onBatchEnd', 'onEpochEnd', 'onDiagnostic',
] as const;

const HYPERPARAMETERS = ['learningRate', 'l2', 'keepProb', 'optimizer', 'beta', 'beta1', 'beta2', 'epsilon'] as const;

/** What `Trainer.setHyperparameters` may change, with the meaning and checks of the same FitOptions. */
export type HyperparameterChanges = Partial<Pick<FitOptions, (typeof HYPERPARAMETERS)[number]>>;

/** The options that do not depend on the data, checked and with their defaults filled in. */
export interface FitSettings {
  learningRate0: number;
  mode: 'iterations' | 'epochs';
  /** Iterations or epochs to reach. */
  total: number;
  recordEvery: number;
  optimizer: OptimizerSettings;
  l2: number;
  /** keepProb per layer index 0..L (1 on the input and output layers), or null for no dropout. */
  keepProb: number[] | null;
  schedule: LearningRateSchedule | null;
}

/** The live hyperparameters: the settings `setHyperparameters` may change. */
export interface Hyperparameters {
  learningRate0: number;
  l2: number;
  keepProb: number[] | null;
  optimizer: OptimizerSettings;
}

/**
 * Checks every option of `Network.fit` that does not need the data (X, Y and validationData are
 * checked by the trainer, against the network) for a network of L layers.
 */
export function resolveFitSettings(options: FitOptions, L: number, fn: string): FitSettings {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${fn}: expected options such as { learningRate: 0.0075, iterations: 2500 }`);
  }
  assertKnownOptions(options, FIT_OPTIONS, fn);
  const learningRate0 = positiveNumber(options.learningRate, fn, 'learningRate');
  if ((options.iterations === undefined) === (options.epochs === undefined)) {
    throw new ValueError(`${fn}: give either iterations (full-batch steps) or epochs (passes in mini-batches), not ${options.iterations === undefined ? 'neither' : 'both'}`);
  }
  const mode = options.iterations !== undefined ? 'iterations' : 'epochs';
  const total = integerAtLeast(mode === 'iterations' ? options.iterations : options.epochs, 0, fn, mode);
  if (mode === 'iterations' && options.batchSize !== undefined) {
    throw new ValueError(`${fn}: batchSize needs epochs; iterations are full-batch steps`);
  }
  const recordEvery = integerAtLeast(options.recordEvery ?? (mode === 'iterations' ? 100 : 1), 1, fn, 'recordEvery');
  const optimizer: OptimizerSettings = {
    type: optimizerName(options.optimizer ?? 'gd', fn),
    beta: unitInterval(options.beta ?? 0.9, fn, 'beta'),
    beta1: unitInterval(options.beta1 ?? 0.9, fn, 'beta1'),
    beta2: unitInterval(options.beta2 ?? 0.999, fn, 'beta2'),
    epsilon: positiveNumber(options.epsilon ?? 1e-8, fn, 'epsilon'),
  };
  const l2 = l2Value(options.l2 ?? 0, fn);
  const keepProb = keepProbabilities(options.keepProb, L, fn);
  if (options.decay !== undefined && options.schedule !== undefined) throw new ValueError(`${fn}: give decay or schedule, not both`);
  const schedule =
    options.schedule !== undefined
      ? validateSchedule(options.schedule, fn)
      : options.decay !== undefined
        ? validateSchedule({ type: 'inverseTime', decayRate: options.decay }, fn)
        : null;
  if (options.clipNorm !== undefined) positiveNumber(options.clipNorm, fn, 'clipNorm');
  if (options.clipValue !== undefined) positiveNumber(options.clipValue, fn, 'clipValue');
  if (options.shuffleSeed !== undefined && typeof options.shuffleSeed !== 'function') {
    throw new ValueError(`${fn}: shuffleSeed must be a function from the epoch number to a seed`);
  }
  if (options.keepCosts !== undefined && typeof options.keepCosts !== 'boolean') throw new ValueError(`${fn}: keepCosts must be true or false`);
  for (const name of ['onRecord', 'onBatchEnd', 'onEpochEnd', 'onDiagnostic'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new ValueError(`${fn}: ${name} must be a function`);
  }
  if (options.earlyStopping !== undefined) {
    const es = options.earlyStopping;
    if (options.validationData === undefined) throw new ValueError(`${fn}: earlyStopping needs validationData`);
    integerAtLeast(es?.patience, 1, fn, 'earlyStopping.patience');
    if (es.minDelta !== undefined && !(es.minDelta >= 0)) throw new ValueError(`${fn}: earlyStopping.minDelta must be ≥ 0`);
  }
  return { learningRate0, mode, total, recordEvery, optimizer, l2, keepProb, schedule };
}

/**
 * The hyperparameters after `changes` (`Trainer.setHyperparameters`), each checked as `fit` checks
 * it; `current` is left alone, so nothing changes when one value is invalid.
 */
export function changedHyperparameters(current: Hyperparameters, changes: HyperparameterChanges, L: number, fn: string): Hyperparameters {
  if (changes === null || typeof changes !== 'object') {
    throw new ValueError(`${fn}: expected changes such as { learningRate: 0.01 }`);
  }
  assertKnownOptions(changes, HYPERPARAMETERS, fn);
  const was = current.optimizer;
  return {
    learningRate0: changes.learningRate === undefined ? current.learningRate0 : positiveNumber(changes.learningRate, fn, 'learningRate'),
    l2: changes.l2 === undefined ? current.l2 : l2Value(changes.l2, fn),
    keepProb: changes.keepProb === undefined ? current.keepProb : keepProbabilities(changes.keepProb, L, fn),
    optimizer: {
      type: changes.optimizer === undefined ? was.type : optimizerName(changes.optimizer, fn),
      beta: changes.beta === undefined ? was.beta : unitInterval(changes.beta, fn, 'beta'),
      beta1: changes.beta1 === undefined ? was.beta1 : unitInterval(changes.beta1, fn, 'beta1'),
      beta2: changes.beta2 === undefined ? was.beta2 : unitInterval(changes.beta2, fn, 'beta2'),
      epsilon: changes.epsilon === undefined ? was.epsilon : positiveNumber(changes.epsilon, fn, 'epsilon'),
    },
  };
}

/** True when two sets of hyperparameters train the same way. */
export function sameHyperparameters(a: Hyperparameters, b: Hyperparameters): boolean {
  const p = a.optimizer;
  const q = b.optimizer;
  return (
    a.learningRate0 === b.learningRate0 &&
    a.l2 === b.l2 &&
    sameKeepProbabilities(a.keepProb, b.keepProb) &&
    p.type === q.type &&
    p.beta === q.beta &&
    p.beta1 === q.beta1 &&
    p.beta2 === q.beta2 &&
    p.epsilon === q.epsilon
  );
}

/** An optimizer's name, or a ValueError. */
function optimizerName(value: unknown, fn: string): OptimizerName {
  if (!OPTIMIZERS.includes(value as OptimizerName)) {
    throw new ValueError(`${fn}: unknown optimizer ${JSON.stringify(value)}; expected one of ${OPTIMIZERS.join(', ')}`);
  }
  return value as OptimizerName;
}

/** A decay rate β in [0, 1), or a ValueError naming it. */
function unitInterval(value: unknown, fn: string, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw new ValueError(`${fn}: ${name} must be in [0, 1), got ${String(value)}`);
  return value;
}

/** λ ≥ 0 and finite, or a ValueError. */
function l2Value(value: unknown, fn: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ValueError(`${fn}: l2 must be a non-negative finite number, got ${String(value)}`);
  return value;
}

function sameKeepProbabilities(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** keepProb per layer index (1..L-1), or null for no dropout. */
function keepProbabilities(option: number | number[] | undefined, L: number, fn: string): number[] | null {
  if (option === undefined) return null;
  const values = Array.isArray(option) ? option : Array.from({ length: L - 1 }, () => option);
  if (values.length !== L - 1) throw new ValueError(`${fn}: keepProb lists ${values.length} values but the network has ${L - 1} hidden layers`);
  values.forEach((p, i) => {
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) throw new ValueError(`${fn}: keepProb${Array.isArray(option) ? `[${i}]` : ''} must be in (0, 1], got ${String(p)}`);
  });
  return values.every((p) => p === 1) ? null : [1, ...values, 1];
}
