import { getBackend } from './backend/index';
import type { Backend } from './backend/backend';
import type { TrainingCheckpoint } from './checkpoint';
import { type Diagnostic, DiagnosticsMonitor, majorityShare } from './diagnostics';
import { DivergenceError, ValueError, divergenceCause } from './errors';
import { encodeTargets, headAccuracy } from './heads';
import { type FloatArray, Matrix } from './matrix';
import { Optimizer, OPTIMIZERS, type OptimizerName, type OptimizerSettings, type ParameterEntry } from './optimizers';
import {
  type Architecture,
  backwardPass,
  type BatchNormStatistics,
  forwardPass,
  INFERENCE,
  l2Penalty,
  lossSum,
  type ParameterSet,
  pinInput,
  unpinInput,
  Workspace,
} from './propagation';
import { RandomState } from './random';
import { type LearningRateSchedule, scheduledLearningRate, validateSchedule } from './schedules';
import { assertFinite, assertKnownOptions, assertMatrix, assertShape, integerAtLeast, positiveNumber } from './validate';

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

export type { TrainingCheckpoint } from './checkpoint';

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
  /** Emit warnings about the run (default true). Non-finite values always stop training. */
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
type HyperparameterChanges = Partial<Pick<FitOptions, (typeof HYPERPARAMETERS)[number]>>;

/** What the trainer needs from a network (its internals; see Network.trainer). */
export interface TrainableModel {
  readonly arch: Architecture;
  readonly params: ParameterSet;
  readonly statistics: BatchNormStatistics | null;
  readonly batchNormMomentum: number;
  readonly rng: RandomState;
  /** Parameters and gradients by course name, pairing params with a workspace's gradients. */
  entries(ws: Workspace): ParameterEntry[];
  countUpdate(): void;
}

interface Batch {
  ws: Workspace;
  X: Matrix;
  Y: Matrix;
  entries: ParameterEntry[];
}

/**
 * The one training loop: `fit`, `fitAsync`, the CLI and the playground all drive it. `step()` takes
 * one update (a full-batch iteration, or one mini-batch) and returns what happened, or null when
 * training is over; `run()` steps to the end; `checkpoint()` captures the state needed to continue
 * bit for bit; `setHyperparameters()` changes α, λ, keepProb or the optimizer between steps.
 *
 * X and Y must not change while a trainer is unfinished: full-batch training may read X from a copy
 * the backend made at the first step (the wasm backend keeps one for the whole run).
 */
export class Trainer {
  private readonly model: TrainableModel;
  private readonly backend: Backend;
  private readonly X: Matrix;
  private readonly T: Matrix;
  private readonly m: number;
  private readonly mode: 'iterations' | 'epochs';
  private readonly total: number;
  private readonly batchSize: number;
  private readonly batchCount: number;
  private readonly recordEvery: number;
  // α0, λ, keepProb and the optimizer may change between steps (setHyperparameters); every step
  // reads them afresh.
  private learningRate0: number;
  private readonly schedule: LearningRateSchedule | null;
  private l2: number;
  private keepProb: number[] | null;
  private optimizer: Optimizer;
  /** The majority class's share of the training targets (stuckAtChance), or null when not checked. */
  private readonly majority: number | null;
  /**
   * Batch norm's running statistics as they were before the current step's forward pass (which
   * updates them), so a step that diverges can be retried without counting its batch twice.
   */
  private readonly statisticsBefore: { saved: FloatArray; live: FloatArray }[];
  private readonly options: FitOptions;
  private readonly monitor: DiagnosticsMonitor;
  private readonly validation: { X: Matrix; T: Matrix; ws: Workspace } | null;
  private readonly full: Batch;
  private readonly part: Batch | null;
  private readonly last: Batch | null;

  private iteration = 0;
  private epoch = 0;
  private batch = 0;
  private epochLoss = 0;
  private epochPenalty = 0;
  /** The current epoch's Σ (mini-batch accuracy × its size), and over how many mini-batches (diagnostics). */
  private epochCorrect = 0;
  private epochCorrectBatches = 0;
  private permutation: number[] | null = null;
  private best: { cost: number; wait: number; snapshot: FloatArray[] | null } | null = null;
  private finished = false;
  /** The summed loss of the last forward pass (before dividing by its m). */
  private lastLoss = 0;
  /** The batch whose workspace holds the gradients the last update applied (gradientNorms), or null. */
  private lastUpdated: Batch | null = null;
  private reason: FitResult['stopReason'] = 'completed';
  readonly costs: CostRecord[] = [];

  constructor(model: TrainableModel, X: Matrix, Y: Matrix, options: FitOptions) {
    const fn = 'Network.fit';
    if (options === null || typeof options !== 'object') {
      throw new ValueError(`${fn}: expected options such as { learningRate: 0.0075, iterations: 2500 }`);
    }
    assertKnownOptions(options, FIT_OPTIONS, fn);
    this.model = model;
    this.options = options;
    this.backend = getBackend();
    const arch = model.arch;
    const L = arch.layers.length - 1;
    this.learningRate0 = positiveNumber(options.learningRate, fn, 'learningRate');

    if ((options.iterations === undefined) === (options.epochs === undefined)) {
      throw new ValueError(`${fn}: give either iterations (full-batch steps) or epochs (passes in mini-batches), not ${options.iterations === undefined ? 'neither' : 'both'}`);
    }
    this.mode = options.iterations !== undefined ? 'iterations' : 'epochs';
    this.total = integerAtLeast(this.mode === 'iterations' ? options.iterations : options.epochs, 0, fn, this.mode);
    if (this.mode === 'iterations' && options.batchSize !== undefined) {
      throw new ValueError(`${fn}: batchSize needs epochs; iterations are full-batch steps`);
    }
    this.recordEvery = integerAtLeast(options.recordEvery ?? (this.mode === 'iterations' ? 100 : 1), 1, fn, 'recordEvery');

    // Data: X (n_x, m) finite; targets checked and encoded for the head.
    assertMatrix(X, fn, 'X');
    if (X.cols === 0) throw new ValueError(`${fn}: X has no examples (m = 0); X is (n_x, m) with one example per column`);
    assertShape(X, arch.layers[0]!, 'm', fn, 'X', `(n_x = layers[0] = ${arch.layers[0]}; examples are columns)`);
    assertFinite(X, fn, 'X');
    // A float32 network trains on a float32 copy of X made here (a float64 one on X itself).
    this.X = X.astype(arch.dtype);
    this.m = X.cols;
    this.T = encodeTargets(arch.output, Y, arch.layers[L]!, this.m, fn);
    this.batchSize = options.batchSize === undefined ? this.m : Math.min(integerAtLeast(options.batchSize, 1, fn, 'batchSize'), this.m);
    this.batchCount = Math.ceil(this.m / this.batchSize);

    const settings: OptimizerSettings = {
      type: optimizerName(options.optimizer ?? 'gd', fn),
      beta: unitInterval(options.beta ?? 0.9, fn, 'beta'),
      beta1: unitInterval(options.beta1 ?? 0.9, fn, 'beta1'),
      beta2: unitInterval(options.beta2 ?? 0.999, fn, 'beta2'),
      epsilon: positiveNumber(options.epsilon ?? 1e-8, fn, 'epsilon'),
    };
    this.l2 = l2Value(options.l2 ?? 0, fn);
    this.keepProb = keepProbabilities(options.keepProb, L, fn);
    if (options.decay !== undefined && options.schedule !== undefined) throw new ValueError(`${fn}: give decay or schedule, not both`);
    this.schedule =
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

    if (options.validationData !== undefined) {
      const v = options.validationData;
      if (v === null || typeof v !== 'object') throw new ValueError(`${fn}: validationData must be { X, Y }`);
      const vfn = `${fn} (validationData)`;
      assertMatrix(v.X, vfn, 'X');
      assertShape(v.X, arch.layers[0]!, 'm', vfn, 'X');
      if (v.X.cols === 0) throw new ValueError(`${vfn}: X has no examples`);
      assertFinite(v.X, vfn, 'X');
      this.validation = { X: v.X.astype(arch.dtype), T: encodeTargets(arch.output, v.Y, arch.layers[L]!, v.X.cols, vfn), ws: new Workspace(arch, v.X.cols) };
    } else {
      this.validation = null;
    }
    if (options.earlyStopping !== undefined) {
      const es = options.earlyStopping;
      if (!this.validation) throw new ValueError(`${fn}: earlyStopping needs validationData`);
      integerAtLeast(es?.patience, 1, fn, 'earlyStopping.patience');
      if (es.minDelta !== undefined && !(es.minDelta >= 0)) throw new ValueError(`${fn}: earlyStopping.minDelta must be ≥ 0`);
      this.best = { cost: Infinity, wait: 0, snapshot: null };
    }

    // The full batch trains on X and the targets directly; mini-batches gather into their own buffers.
    const makeBatch = (size: number, ownData: boolean): Batch => {
      const ws = new Workspace(arch, size);
      return {
        ws,
        X: ownData ? new Matrix(X.rows, size, arch.dtype) : this.X,
        Y: ownData ? new Matrix(this.T.rows, size) : this.T,
        entries: model.entries(ws),
      };
    };
    const lastSize = this.m - (this.batchCount - 1) * this.batchSize;
    this.full = makeBatch(this.m, false);
    this.part = this.batchCount > 1 ? makeBatch(this.batchSize, true) : null;
    this.last = this.batchCount > 1 && lastSize !== this.batchSize ? makeBatch(lastSize, true) : null;
    this.optimizer = new Optimizer(settings, this.full.entries);

    this.monitor = new DiagnosticsMonitor(this.learningRate0, (d) => options.onDiagnostic?.(d));
    this.majority = options.diagnostics !== false && arch.output !== 'linear' ? majorityShare(arch.output, this.T) : null;
    const stats = model.statistics;
    this.statisticsBefore = stats ? [...stats.mean, ...stats.variance].flatMap((M) => (M ? [{ saved: M.data.slice(), live: M.data }] : [])) : [];
    if (options.resume !== undefined) this.restore(options.resume);
    else if (options.diagnostics !== false) this.monitor.checkInputs(X);
    this.finished = this.mode === 'iterations' ? this.iteration >= this.total : this.epoch >= this.total;
    // Full-batch steps all read X: pinned, a backend with its own memory (wasm) copies it once per
    // run instead of once per step. This is why X must not change while the trainer runs.
    if (this.batchCount === 1 && !this.finished) pinInput(this.full.ws, this.X);
  }

  /** True once training has ended (completed, aborted or stopped early). */
  get done(): boolean {
    return this.finished;
  }

  /**
   * Changes hyperparameters between steps, from the next `step()` on; the parameters, the counters
   * (updates, epoch, mini-batch), the data and the generator are left alone. Each value is checked as
   * `fit` checks it, and nothing changes if one is invalid. A schedule keeps running and scales the
   * new base rate: the step at epoch e uses scheduledLearningRate(learningRate, schedule, e).
   * A different `optimizer` starts afresh (zero moments, Adam's t = 0), as creating a new optimizer
   * does in PyTorch; the same one with new β, β1, β2 or ε keeps its moments and t. The diagnostics
   * name the new rate and restart their trends (costRising, stuckAtChance, overfitting) here.
   * After a `DivergenceError` the failed step may be retried this way: it left the parameters as they
   * were before it (in iterations mode a recorded step that failed in its update is recorded again).
   * `checkpoint()` holds the state, not the settings: resume with the settings in effect.
   */
  setHyperparameters(changes: HyperparameterChanges): void {
    const fn = 'Trainer.setHyperparameters';
    if (changes === null || typeof changes !== 'object') {
      throw new ValueError(`${fn}: expected changes such as { learningRate: 0.01 }`);
    }
    assertKnownOptions(changes, HYPERPARAMETERS, fn);
    // Everything is validated before anything changes.
    const L = this.model.arch.layers.length - 1;
    const learningRate = changes.learningRate === undefined ? this.learningRate0 : positiveNumber(changes.learningRate, fn, 'learningRate');
    const l2 = changes.l2 === undefined ? this.l2 : l2Value(changes.l2, fn);
    const keepProb = changes.keepProb === undefined ? this.keepProb : keepProbabilities(changes.keepProb, L, fn);
    const current = this.optimizer.settings;
    const settings: OptimizerSettings = {
      type: changes.optimizer === undefined ? current.type : optimizerName(changes.optimizer, fn),
      beta: changes.beta === undefined ? current.beta : unitInterval(changes.beta, fn, 'beta'),
      beta1: changes.beta1 === undefined ? current.beta1 : unitInterval(changes.beta1, fn, 'beta1'),
      beta2: changes.beta2 === undefined ? current.beta2 : unitInterval(changes.beta2, fn, 'beta2'),
      epsilon: changes.epsilon === undefined ? current.epsilon : positiveNumber(changes.epsilon, fn, 'epsilon'),
    };
    const changed =
      learningRate !== this.learningRate0 ||
      l2 !== this.l2 ||
      !sameKeepProbabilities(keepProb, this.keepProb) ||
      settings.type !== current.type ||
      settings.beta !== current.beta ||
      settings.beta1 !== current.beta1 ||
      settings.beta2 !== current.beta2 ||
      settings.epsilon !== current.epsilon;
    if (!changed) return;
    this.learningRate0 = learningRate;
    this.l2 = l2;
    this.keepProb = keepProb;
    if (settings.type !== current.type) this.optimizer = new Optimizer(settings, this.full.entries);
    else Object.assign(current, settings); // the same update rule: its moments and t carry on
    this.monitor.restartTrends(this.iteration, learningRate);
  }

  /**
   * ‖dW[l]‖_F = √(Σᵢⱼ dW[l]ᵢⱼ²) for l = 1..L (entry l - 1): the Frobenius norms of the weight
   * gradients the last update applied, dW[l] = dZ[l]·A[l-1]ᵀ (+ (λ/m)·W[l] with L2) on that update's
   * batch (m its examples), after clipping when clipValue or clipNorm is set. Empty before the first
   * update, and after a step that failed in its update (its backward pass replaced the gradients).
   * It only reads the trainer's buffers: calling it or not changes no result. Per layer, a norm that
   * shrinks by orders of magnitude towards the input shows vanishing gradients; one that grows,
   * exploding ones.
   */
  gradientNorms(): number[] {
    const batch = this.lastUpdated;
    if (batch === null) return [];
    const norms: number[] = [];
    for (let l = 1; l < this.model.arch.layers.length; l++) {
      const g = batch.ws.dW[l]!.data;
      let sq = 0;
      for (let k = 0; k < g.length; k++) sq += g[k]! * g[k]!;
      norms.push(Math.sqrt(sq));
    }
    return norms;
  }

  /** Takes one update. Returns the mini-batch (or iteration) event, or null when training is over. */
  step(): BatchEvent | null {
    return this.advance(true);
  }

  /**
   * One update. `eventCost` false (run, runAsync: nobody reads the event) lets a full-batch step
   * that records nothing skip the cost (a log per output, and numpy's pairwise sum) when it is
   * provably finite, as numpy's training loop only computes it when it prints it.
   */
  private advance(eventCost: boolean): BatchEvent | null {
    if (this.finished) return null;
    if (this.options.signal?.aborted) {
      this.stop('aborted');
      return null;
    }
    // A DivergenceError unpinned X (see diverged); the caller stepping again continues the run.
    if (this.batchCount === 1 && this.full.ws.pinned === null) pinInput(this.full.ws, this.X);
    return this.mode === 'iterations' ? this.iterationStep(eventCost) : this.batchStep();
  }

  /** Steps to the end and returns the result. */
  run(): FitResult {
    while (this.advance(false) !== null);
    return this.result();
  }

  /** Like run(), yielding to the event loop about every `sliceMs` milliseconds (default 16). */
  async runAsync(sliceMs = 16): Promise<FitResult> {
    let sliceStart = Date.now();
    while (this.advance(false) !== null) {
      if (Date.now() - sliceStart >= sliceMs) {
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
    }
    return this.result();
  }

  result(): FitResult {
    return {
      costs: this.costs,
      stopReason: this.reason,
      diagnostics: this.monitor.events,
      iterations: this.iteration,
      epochs: this.mode === 'epochs' ? this.epoch : this.iteration,
    };
  }

  /** The state to continue this run bit for bit (save it with the network's parameters). */
  checkpoint(): TrainingCheckpoint {
    return {
      format: 'ann-training',
      version: 1,
      mode: this.mode,
      iteration: this.iteration,
      epoch: this.epoch,
      batch: this.batch,
      epochLoss: this.epochLoss,
      epochPenalty: this.epochPenalty,
      permutation: this.permutation ? [...this.permutation] : null,
      optimizer: this.optimizer.getState(),
      rng: this.model.rng.getState(),
      earlyStopping: this.best ? { best: this.best.cost, wait: this.best.wait } : null,
    };
  }

  private restore(c: TrainingCheckpoint): void {
    const fn = 'Network.fit (resume)';
    if (c === null || typeof c !== 'object' || c.format !== 'ann-training') throw new ValueError(`${fn}: resume must be a checkpoint from trainer.checkpoint()`);
    if (c.version !== 1) throw new ValueError(`${fn}: checkpoint version ${String(c.version)} is not supported`);
    if (c.mode !== this.mode) throw new ValueError(`${fn}: the checkpoint was taken in ${c.mode} mode but this run uses ${this.mode}`);
    this.iteration = integerAtLeast(c.iteration, 0, fn, 'iteration');
    this.epoch = integerAtLeast(c.epoch, 0, fn, 'epoch');
    this.batch = integerAtLeast(c.batch, 0, fn, 'batch');
    if (this.batch >= this.batchCount) throw new ValueError(`${fn}: batch ${this.batch} does not exist with ${this.batchCount} mini-batches per epoch`);
    this.epochLoss = c.epochLoss;
    this.epochPenalty = c.epochPenalty;
    if (c.permutation !== null) {
      if (!Array.isArray(c.permutation) || c.permutation.length !== this.m) throw new ValueError(`${fn}: permutation must list the ${this.m} examples`);
      this.permutation = [...c.permutation];
    }
    this.optimizer.setState(c.optimizer);
    this.model.rng.setState(c.rng);
    if (this.best && c.earlyStopping) {
      this.best.cost = c.earlyStopping.best;
      this.best.wait = c.earlyStopping.wait;
    }
  }

  private iterationStep(eventCost: boolean): BatchEvent {
    const i = this.iteration;
    const learningRate = scheduledLearningRate(this.learningRate0, this.schedule, i);
    const batch = this.full;
    const recording = i % this.recordEvery === 0;
    const cost = this.forward(batch, learningRate, eventCost || recording);
    if (recording) {
      const record = this.record({ iteration: i, cost, learningRate }, { iteration: i });
      this.options.onRecord?.({ ...record, iteration: i });
      if (this.checkEarlyStopping(record)) return { epoch: i, batch: 0, iteration: i, cost, size: this.m };
    }
    this.backwardAndUpdate(batch, learningRate, cost, recording ? { iteration: i } : null);
    if (this.iteration >= this.total) this.finish();
    return { epoch: i, batch: 0, iteration: i, cost, size: this.m };
  }

  private batchStep(): BatchEvent {
    const e = this.epoch;
    if (this.batch === 0) {
      this.epochLoss = 0;
      this.epochPenalty = 0;
      this.epochCorrect = 0;
      this.epochCorrectBatches = 0;
      // One batch per epoch needs no shuffle: the gradient is the same mean over all examples. A first
      // mini-batch retried after a DivergenceError keeps the shuffle its epoch already drew.
      if (this.permutation === null && this.batchCount > 1) {
        this.permutation = (this.options.shuffleSeed ? new RandomState(this.options.shuffleSeed(e)) : this.model.rng).permutation(this.m);
      }
    }
    const start = this.batch * this.batchSize;
    const end = Math.min(start + this.batchSize, this.m);
    const size = end - start;
    const batch = this.batchCount === 1 ? this.full : size === this.batchSize ? this.part! : this.last!;
    if (this.permutation) {
      gatherColumns(this.X, this.permutation, start, batch.X);
      gatherColumns(this.T, this.permutation, start, batch.Y);
    }
    const learningRate = scheduledLearningRate(this.learningRate0, this.schedule, e);
    const cost = this.forward(batch, learningRate);
    // The epoch's sums take this mini-batch only once its update has succeeded, so a step retried
    // after a DivergenceError counts once.
    const epochLoss = this.epochLoss + this.lastLoss;
    const epochPenalty = this.epochPenalty + l2Penalty(this.l2, this.m, this.model.params);
    const recordedEpoch = e % this.recordEvery === 0;
    // stuckAtChance's epoch accuracy: each mini-batch's, measured before its update like the epoch
    // cost, in recorded epochs only (O(n_L·size) next to the pass's products).
    const epochCorrect = this.majority !== null && recordedEpoch ? this.epochCorrect + headAccuracy(this.model.arch.output, batch.ws.A[this.model.arch.layers.length - 1]!, batch.Y) * size : 0;
    const event: BatchEvent = { epoch: e, batch: this.batch, iteration: this.iteration, cost, size };
    const lastOfRecordedEpoch = this.batch === this.batchCount - 1 && recordedEpoch;
    // Diagnostics look at the epoch's last mini-batch (its activations and gradients) and the epoch cost.
    const epochCost = lastOfRecordedEpoch ? (epochLoss / this.m + epochPenalty) : 0;
    // A run resumed mid-epoch lacks the accuracy of the mini-batches before the checkpoint.
    const accuracy = lastOfRecordedEpoch && this.epochCorrectBatches === this.batchCount - 1 ? epochCorrect / this.m : undefined;
    this.backwardAndUpdate(batch, learningRate, cost, lastOfRecordedEpoch ? { iteration: this.iteration, epoch: e, cost: epochCost, accuracy } : null);
    this.epochLoss = epochLoss;
    this.epochPenalty = epochPenalty;
    this.epochCorrect = epochCorrect;
    this.epochCorrectBatches++;
    this.options.onBatchEnd?.(event);
    this.batch++;
    if (this.batch === this.batchCount) {
      const epochCost = this.epochLoss / this.m + this.epochPenalty;
      this.batch = 0;
      this.permutation = null;
      let record: CostRecord | null = null;
      if (e % this.recordEvery === 0) {
        record = this.record({ epoch: e, cost: epochCost, learningRate }, { iteration: this.iteration, epoch: e });
        this.options.onRecord?.({ ...record, iteration: this.iteration });
      }
      this.options.onEpochEnd?.({ epoch: e, cost: epochCost, ...(record?.validation ? { validation: record.validation } : {}) });
      this.epoch++;
      if (record && this.checkEarlyStopping(record)) return event;
      if (this.epoch >= this.total) this.finish();
    }
    return event;
  }

  /**
   * Training-mode forward pass and cost on a batch; stops the run if the cost is not finite. Without
   * `needCost`, the cost is skipped (NaN is returned) when it is certainly finite: a sigmoid or softmax
   * head whose every z is below 1e300 in magnitude, without L2 (each loss term is then at most about
   * |z| + 1, so their sum cannot overflow). What is skipped is never observed, so results and
   * divergence errors are the same bits either way.
   */
  private forward(batch: Batch, learningRate: number, needCost = true): number {
    const { arch, params } = this.model;
    for (const { saved, live } of this.statisticsBefore) saved.set(live); // n[l] numbers per layer
    forwardPass(this.backend, arch, params, batch.X, batch.ws, {
      training: true,
      statistics: this.model.statistics,
      updateStatistics: true,
      momentum: this.model.batchNormMomentum,
      keepProb: this.keepProb,
      rng: this.model.rng,
    });
    if (!needCost && this.l2 === 0 && arch.output !== 'linear' && boundedOutput(batch.ws.Z[arch.layers.length - 1]!)) return Number.NaN;
    const cost = this.batchCost(batch);
    if (!Number.isFinite(cost)) this.diverged(batch, learningRate, 'forward', cost);
    return cost;
  }

  /** J on the batch from its last forward pass: loss/m (+ the L2 penalty). Sets lastLoss. */
  private batchCost(batch: Batch): number {
    const size = batch.ws.m;
    this.lastLoss = lossSum(this.model.arch, batch.ws, batch.Y);
    const penalty = l2Penalty(this.l2, size, this.model.params);
    return this.lastLoss / size + penalty;
  }

  /**
   * Backpropagation, then (when `diagnose` is given) the record's diagnostics, clipping and the
   * update. `diagnose.accuracy` is the epoch's training accuracy (mini-batches); without it, the
   * batch is the full batch and its A[L] gives the accuracy.
   */
  private backwardAndUpdate(
    batch: Batch,
    learningRate: number,
    cost: number,
    diagnose: { iteration: number; epoch?: number; cost?: number; accuracy?: number | undefined } | null,
  ): void {
    const { arch, params } = this.model;
    backwardPass(this.backend, arch, params, batch.Y, batch.ws, this.l2, this.keepProb);
    if (diagnose && this.options.diagnostics !== false) {
      const { cost: recorded, accuracy, ...where } = diagnose;
      this.monitor.checkRecord(recorded ?? cost, where, arch, batch.ws);
      let training: { accuracy: number; majority: number } | null = null;
      if (this.majority !== null && (this.mode === 'iterations' || accuracy !== undefined)) {
        const a = accuracy ?? headAccuracy(arch.output, batch.ws.A[arch.layers.length - 1]!, batch.Y);
        training = { accuracy: a, majority: this.majority };
      }
      this.monitor.checkLearning(where, arch, params, training);
    }
    if (this.options.clipValue !== undefined || this.options.clipNorm !== undefined) clipGradients(batch.entries, this.options);
    if (!this.optimizer.updateStaysFinite(batch.entries, learningRate)) this.diverged(batch, learningRate, 'update', cost);
    this.optimizer.step(batch.entries, learningRate);
    this.lastUpdated = batch;
    this.iteration++;
    this.model.countUpdate();
  }

  private diverged(batch: Batch, learningRate: number, phase: 'forward' | 'update', skippableCost: number): never {
    // A failed update's backward pass has overwritten the batch's gradients: they were never applied.
    if (phase === 'update' && batch === this.lastUpdated) this.lastUpdated = null;
    // A skipped cost (NaN from forward) is computed now, from the forward pass still in the workspace.
    const cost = Number.isNaN(skippableCost) && phase === 'update' ? this.batchCost(batch) : skippableCost;
    const { layer, quantity } = this.monitor.locateNonFinite(this.model.arch, this.model.params, batch.ws, learningRate, phase);
    const where = this.mode === 'epochs' ? `iteration ${this.iteration} (epoch ${this.epoch}, mini-batch ${this.batch})` : `iteration ${this.iteration}`;
    const likelyCause = divergenceCause(phase, this.iteration);
    const cause = likelyCause === 'inputScale' ? 'the inputs or the initial weights are too large' : `the learning rate ${learningRate} is likely too high`;
    const detail =
      phase === 'forward'
        ? `${quantity} became NaN or Infinity in the forward pass at ${where} (cost ${cost})`
        : `the update at ${where} would make ${quantity} NaN or Infinity`;
    const message = `${detail}; ${cause}`;
    this.monitor.report({
      level: 'error',
      code: 'nonFinite',
      message,
      iteration: this.iteration,
      ...(this.mode === 'epochs' ? { epoch: this.epoch } : {}),
      layer,
      quantity,
      evidence: { cost, learningRate },
    });
    for (const { saved, live } of this.statisticsBefore) live.set(saved); // the step did not happen
    unpinInput(this.full.ws); // the caller may now change X (to rescale it, say) and step again
    throw new DivergenceError(`Network.fit: ${message}`, this.iteration, quantity, layer, phase, { likelyCause, detail });
  }

  private record(base: CostRecord, where: { iteration: number; epoch?: number }): CostRecord {
    const record: CostRecord = { ...base };
    if (this.validation) {
      const { arch, params } = this.model;
      const v = this.validation;
      forwardPass(this.backend, arch, params, v.X, v.ws, { ...INFERENCE, statistics: this.model.statistics });
      const penalty = l2Penalty(this.l2, v.X.cols, params);
      record.validation = {
        cost: lossSum(arch, v.ws, v.T) / v.X.cols + penalty,
        accuracy: headAccuracy(arch.output, v.ws.A[arch.layers.length - 1]!, v.T),
      };
      if (this.options.diagnostics !== false) this.monitor.checkValidation(base.cost, record.validation.cost, where);
    }
    if (this.options.keepCosts !== false) this.costs.push(record);
    return record;
  }

  /** Updates early stopping with a record's validation cost; returns true when training stops. */
  private checkEarlyStopping(record: CostRecord): boolean {
    if (!this.best || !record.validation) return false;
    const es = this.options.earlyStopping!;
    const cost = record.validation.cost;
    if (cost < this.best.cost - (es.minDelta ?? 0)) {
      this.best.cost = cost;
      this.best.wait = 0;
      if (es.restoreBest !== false) this.best.snapshot = this.snapshotParameters();
      return false;
    }
    this.best.wait++;
    if (this.best.wait < es.patience) return false;
    if (es.restoreBest !== false && this.best.snapshot) this.restoreParameters(this.best.snapshot);
    this.stop('earlyStopping');
    return true;
  }

  private snapshotParameters(): FloatArray[] {
    const out = this.full.entries.map((e) => e.theta.data.slice());
    const stats = this.model.statistics;
    if (stats) for (const M of [...stats.mean, ...stats.variance]) if (M) out.push(M.data.slice());
    return out;
  }

  private restoreParameters(snapshot: FloatArray[]): void {
    let k = 0;
    for (const e of this.full.entries) e.theta.data.set(snapshot[k++]!);
    const stats = this.model.statistics;
    if (stats) for (const M of [...stats.mean, ...stats.variance]) if (M) M.data.set(snapshot[k++]!);
  }

  private stop(reason: FitResult['stopReason']): void {
    this.finish();
    this.reason = reason;
  }

  /** Marks the run finished and ends the full batch's pin (see the constructor). */
  private finish(): void {
    this.finished = true;
    unpinInput(this.full.ws);
  }
}

/** True when every z is finite with |z| < 1e300, which makes a sigmoid or softmax loss finite. */
function boundedOutput(Z: Matrix): boolean {
  const z = Z.data;
  for (let k = 0; k < z.length; k++) {
    const v = z[k]!;
    if (!(v < 1e300 && v > -1e300)) return false;
  }
  return true;
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

/** out[:, k] = M[:, perm[start + k]] for k < out.cols: numpy's M[:, perm] for one mini-batch. */
function gatherColumns(M: Matrix, perm: readonly number[], start: number, out: Matrix): void {
  const m = M.cols;
  const size = out.cols;
  const src = M.data;
  const dst = out.data;
  for (let i = 0; i < M.rows; i++) {
    const rowIn = i * m;
    const rowOut = i * size;
    for (let k = 0; k < size; k++) dst[rowOut + k] = src[rowIn + perm[start + k]!]!;
  }
}

/** Clipping by value (each entry) then by global norm (all gradients scaled together). */
function clipGradients(entries: readonly ParameterEntry[], options: FitOptions): void {
  if (options.clipValue !== undefined) {
    const c = options.clipValue;
    for (const { grad } of entries) {
      const g = grad.data;
      for (let k = 0; k < g.length; k++) g[k] = Math.min(c, Math.max(-c, g[k]!));
    }
  }
  if (options.clipNorm !== undefined) {
    let sq = 0;
    for (const { grad } of entries) for (const v of grad.data) sq += v * v;
    const norm = Math.sqrt(sq);
    if (norm > options.clipNorm) {
      const scale = options.clipNorm / norm;
      for (const { grad } of entries) {
        const g = grad.data;
        for (let k = 0; k < g.length; k++) g[k] = g[k]! * scale;
      }
    }
  }
}
