// The training loop: one stateful Trainer class, since every step reads and advances the same state
// (counters, the epoch's running sums, the shuffle, the optimizer's moments, the pinned input) that
// checkpoint() saves and restore() reads back bit for bit; splitting the class would spread that
// state over files. What has a seam lives apart: option checks (training/fit-options.ts), early
// stopping (training/early-stopping.ts), gradient clipping (training/clipping.ts), the passes
// (propagation.ts) and the warnings (diagnostics.ts).
import { getBackend } from './backend/index';
import type { Backend } from './backend/backend';
import type { TrainingCheckpoint } from './checkpoint';
import { DiagnosticsMonitor, majorityShare } from './diagnostics';
import { DivergenceError, ValueError, divergenceCause } from './errors';
import { encodeTargets, headAccuracy, headLossBound } from './heads';
import { type FloatArray, Matrix } from './matrix';
import { Optimizer, type ParameterEntry } from './optimizers';
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
import { type LearningRateSchedule, scheduledLearningRate } from './schedules';
import { clipGradients } from './training/clipping';
import { EarlyStopping } from './training/early-stopping';
import {
  type BatchEvent,
  changedHyperparameters,
  type CostRecord,
  type FitOptions,
  type FitResult,
  type HyperparameterChanges,
  type Hyperparameters,
  resolveFitSettings,
  sameHyperparameters,
} from './training/fit-options';
import { assertInputs, integerAtLeast } from './validate';

export type {
  BatchEvent,
  CostRecord,
  EarlyStoppingOptions,
  EpochEvent,
  FitOptions,
  FitResult,
} from './training/fit-options';
export type { TrainingCheckpoint } from './checkpoint';

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
  private readonly schedule: LearningRateSchedule | null;
  // α0, λ, keepProb and the optimizer may change between steps (setHyperparameters); every step
  // reads them afresh.
  private hyperparameters: Hyperparameters;
  private optimizer: Optimizer;
  /** The majority class's share of the training targets (stuckAtChance), or null when not checked. */
  private readonly majority: number | null;
  /**
   * Batch norm's running statistics as they were before the current step's forward pass (which
   * updates them), so a step that diverges can be retried without counting its batch twice.
   */
  private readonly statisticsBefore: { saved: FloatArray; live: FloatArray }[];
  private readonly options: FitOptions;
  private readonly diagnose: boolean;
  /** The cost of predicting chance (n_L·ln 2 for sigmoid, ln C for softmax, 0 for linear): costExploded's floor. */
  private readonly chanceCost: number;
  private readonly monitor: DiagnosticsMonitor;
  private readonly validation: { X: Matrix; T: Matrix; ws: Workspace } | null;
  private readonly earlyStopping: EarlyStopping | null;
  private readonly full: Batch;
  private readonly part: Batch | null;
  private readonly last: Batch | null;

  private iteration = 0;
  private epoch = 0;
  private batch = 0;
  private epochLoss = 0;
  private epochPenalty = 0;
  /**
   * The current epoch's Σ (mini-batch accuracy × its size) for stuckAtChance, and whether it covers
   * every mini-batch of the epoch (not so in the epoch a run resumed in).
   */
  private epochCorrect = 0;
  private epochCorrectComplete = true;
  private permutation: number[] | null = null;
  private finished = false;
  /** The summed loss of the last forward pass (before dividing by its m). */
  private lastLoss = 0;
  /** The batch whose workspace holds the gradients the last update applied (gradientNorms), or null. */
  private lastUpdated: Batch | null = null;
  private reason: FitResult['stopReason'] = 'completed';
  readonly costs: CostRecord[] = [];

  constructor(model: TrainableModel, X: Matrix, Y: Matrix, options: FitOptions) {
    const fn = 'Network.fit';
    const arch = model.arch;
    const L = arch.layers.length - 1;
    const settings = resolveFitSettings(options, L, fn);
    this.model = model;
    this.options = options;
    this.backend = getBackend();
    this.mode = settings.mode;
    this.total = settings.total;
    this.recordEvery = settings.recordEvery;
    this.schedule = settings.schedule;
    this.diagnose = options.diagnostics !== false;
    const nL = arch.layers[L]!;
    this.chanceCost = arch.output === 'sigmoid' ? nL * Math.LN2 : arch.output === 'softmax' ? Math.log(nL) : 0;

    // Data: X (n_x, m) finite; targets checked and encoded for the head.
    assertInputs(X, arch.layers[0]!, fn);
    // A float32 network trains on a float32 copy of X made here (a float64 one on X itself).
    this.X = X.astype(arch.dtype);
    this.m = X.cols;
    this.T = encodeTargets(arch.output, Y, arch.layers[L]!, this.m, fn);
    this.batchSize = options.batchSize === undefined ? this.m : Math.min(integerAtLeast(options.batchSize, 1, fn, 'batchSize'), this.m);
    this.batchCount = Math.ceil(this.m / this.batchSize);
    this.validation = options.validationData === undefined ? null : validationSet(options.validationData, arch, fn);

    // The full batch trains on X and the targets directly; mini-batches gather into their own buffers.
    const makeBatch = (size: number, gathers: boolean): Batch => {
      const ws = new Workspace(arch, size);
      return {
        ws,
        X: gathers ? new Matrix(X.rows, size, arch.dtype) : this.X,
        Y: gathers ? new Matrix(this.T.rows, size) : this.T,
        entries: model.entries(ws),
      };
    };
    const lastSize = this.m - (this.batchCount - 1) * this.batchSize;
    this.full = makeBatch(this.m, /* gathers */ false);
    this.part = this.batchCount > 1 ? makeBatch(this.batchSize, /* gathers */ true) : null;
    this.last = this.batchCount > 1 && lastSize !== this.batchSize ? makeBatch(lastSize, /* gathers */ true) : null;
    this.optimizer = new Optimizer(settings.optimizer, this.full.entries);
    this.hyperparameters = { learningRate0: settings.learningRate0, l2: settings.l2, keepProb: settings.keepProb, optimizer: this.optimizer.settings };

    this.monitor = new DiagnosticsMonitor(settings.learningRate0, (d) => options.onDiagnostic?.(d));
    this.majority = this.diagnose && arch.output !== 'linear' ? majorityShare(arch.output, this.T) : null;
    const stats = model.statistics;
    const statistics = stats ? [...stats.mean, ...stats.variance].filter((M): M is Matrix => M !== null) : [];
    this.statisticsBefore = statistics.map((M) => ({ saved: M.data.slice(), live: M.data }));
    this.earlyStopping = options.earlyStopping === undefined ? null : new EarlyStopping(options.earlyStopping, [...this.full.entries.map((e) => e.theta), ...statistics]);
    if (options.resume !== undefined) this.restore(options.resume);
    else if (this.diagnose) this.monitor.checkInputs(X);
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
    const L = this.model.arch.layers.length - 1;
    const next = changedHyperparameters(this.hyperparameters, changes, L, 'Trainer.setHyperparameters');
    if (sameHyperparameters(next, this.hyperparameters)) return;
    const current = this.optimizer.settings;
    if (next.optimizer.type !== current.type) this.optimizer = new Optimizer(next.optimizer, this.full.entries);
    else Object.assign(current, next.optimizer); // the same update rule: its moments and t carry on
    this.hyperparameters = { ...next, optimizer: this.optimizer.settings };
    this.monitor.restartTrends(this.iteration, next.learningRate0);
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
    return this.advance(/* reportCost */ true);
  }

  /**
   * One update. `reportCost` false (run, runAsync: nobody reads the event) lets a full-batch step
   * that records nothing skip the cost (a log per output, and numpy's pairwise sum) when it is
   * provably finite, as numpy's training loop only computes it when it prints it.
   */
  private advance(reportCost: boolean): BatchEvent | null {
    if (this.finished) return null;
    if (this.options.signal?.aborted) {
      this.stop('aborted');
      return null;
    }
    // A DivergenceError unpinned X (see diverged); the caller stepping again continues the run.
    if (this.batchCount === 1 && this.full.ws.pinned === null) pinInput(this.full.ws, this.X);
    return this.mode === 'iterations' ? this.iterationStep(reportCost) : this.batchStep();
  }

  /** Steps to the end and returns the result. */
  run(): FitResult {
    while (this.advance(/* reportCost */ false) !== null);
    return this.result();
  }

  /** Like run(), yielding to the event loop about every `sliceMs` milliseconds (default 16). */
  async runAsync(sliceMs = 16): Promise<FitResult> {
    let sliceStart = Date.now();
    while (this.advance(/* reportCost */ false) !== null) {
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
      earlyStopping: this.earlyStopping ? { best: this.earlyStopping.best, wait: this.earlyStopping.wait } : null,
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
    this.epochCorrectComplete = this.batch === 0;
    this.optimizer.setState(c.optimizer);
    this.model.rng.setState(c.rng);
    if (this.earlyStopping && c.earlyStopping) {
      this.earlyStopping.best = c.earlyStopping.best;
      this.earlyStopping.wait = c.earlyStopping.wait;
    }
  }

  private iterationStep(reportCost: boolean): BatchEvent {
    const i = this.iteration;
    const learningRate = scheduledLearningRate(this.hyperparameters.learningRate0, this.schedule, i);
    const batch = this.full;
    const recording = i % this.recordEvery === 0;
    const cost = this.forward(batch, learningRate, reportCost || recording);
    // A skipped cost (NaN) was proven below the costExploded limit by forward.
    if (this.diagnose && !Number.isNaN(cost)) {
      this.monitor.setCostReference(cost, this.chanceCost);
      this.monitor.checkStepCost(cost, { iteration: i });
    }
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
      this.epochCorrectComplete = true;
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
    const learningRate = scheduledLearningRate(this.hyperparameters.learningRate0, this.schedule, e);
    const cost = this.forward(batch, learningRate);
    // The epoch costs are checked against the first mini-batch's: before any update, unlike epoch 0's.
    if (this.diagnose) this.monitor.setCostReference(cost, this.chanceCost);
    // The epoch's sums take this mini-batch only once its update has succeeded, so a step retried
    // after a DivergenceError counts once.
    const epochLoss = this.epochLoss + this.lastLoss;
    const epochPenalty = this.epochPenalty + l2Penalty(this.hyperparameters.l2, this.m, this.model.params);
    const recordedEpoch = e % this.recordEvery === 0;
    // stuckAtChance's epoch accuracy: each mini-batch's, measured before its update like the epoch
    // cost, in recorded epochs only (O(n_L·size) next to the pass's products).
    const epochCorrect = this.majority !== null && recordedEpoch ? this.epochCorrect + headAccuracy(this.model.arch.output, batch.ws.A[this.model.arch.layers.length - 1]!, batch.Y) * size : 0;
    const event: BatchEvent = { epoch: e, batch: this.batch, iteration: this.iteration, cost, size };
    const lastOfRecordedEpoch = this.batch === this.batchCount - 1 && recordedEpoch;
    // Diagnostics look at the epoch's last mini-batch (its activations and gradients) and the epoch cost.
    const epochCost = lastOfRecordedEpoch ? (epochLoss / this.m + epochPenalty) : 0;
    // A run resumed mid-epoch lacks the accuracy of the mini-batches before the checkpoint.
    const accuracy = lastOfRecordedEpoch && this.epochCorrectComplete ? epochCorrect / this.m : undefined;
    this.backwardAndUpdate(batch, learningRate, cost, lastOfRecordedEpoch ? { iteration: this.iteration, epoch: e, cost: epochCost, accuracy } : null);
    this.epochLoss = epochLoss;
    this.epochPenalty = epochPenalty;
    this.epochCorrect = epochCorrect;
    this.options.onBatchEnd?.(event);
    this.batch++;
    if (this.batch === this.batchCount) {
      const epochCost = this.epochLoss / this.m + this.epochPenalty;
      if (this.diagnose) this.monitor.checkStepCost(epochCost, { iteration: this.iteration, epoch: e });
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
   * `needCost`, the cost is skipped (NaN is returned) when `costIsBounded` proves it small. What is
   * skipped is never observed, so results, warnings and divergence errors are the same either way.
   */
  private forward(batch: Batch, learningRate: number, needCost = true): number {
    const { arch, params } = this.model;
    for (const { saved, live } of this.statisticsBefore) saved.set(live); // n[l] numbers per layer
    forwardPass(this.backend, arch, params, batch.X, batch.ws, {
      pass: 'train',
      statistics: this.model.statistics,
      updateStatistics: true,
      momentum: this.model.batchNormMomentum,
      keepProb: this.hyperparameters.keepProb,
      rng: this.model.rng,
    });
    if (!needCost && this.costIsBounded(batch)) return Number.NaN;
    const cost = this.batchCost(batch);
    if (!Number.isFinite(cost)) this.diverged(batch, learningRate, 'forward', cost);
    return cost;
  }

  /**
   * True when the batch's cost (a log per output, and numpy's pairwise sum) need not be computed: a
   * sigmoid or softmax head without L2 whose loss bound (headLossBound, a max per output) is finite
   * and, with diagnostics, below the costExploded limit. The cheap divergence checks thus run on
   * every step: a cost that could be non-finite or exploded is always computed and checked.
   */
  private costIsBounded(batch: Batch): boolean {
    const arch = this.model.arch;
    if (this.hyperparameters.l2 !== 0 || arch.output === 'linear') return false;
    const limit = this.diagnose ? this.monitor.explosionLimit() : Infinity;
    if (limit === null) return false;
    const bound = headLossBound(arch.output, batch.ws.Z[arch.layers.length - 1]!, batch.Y) / batch.ws.m;
    return bound < limit;
  }

  /** J on the batch from its last forward pass: loss/m (+ the L2 penalty). Sets lastLoss. */
  private batchCost(batch: Batch): number {
    const size = batch.ws.m;
    this.lastLoss = lossSum(this.model.arch, batch.ws, batch.Y);
    const penalty = l2Penalty(this.hyperparameters.l2, size, this.model.params);
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
    backwardPass(this.backend, arch, params, batch.Y, batch.ws, this.hyperparameters.l2, this.hyperparameters.keepProb);
    if (diagnose && this.diagnose) {
      const { cost: recorded, accuracy, ...where } = diagnose;
      this.monitor.checkRecord(recorded ?? cost, where, arch, batch.ws);
      let training: { accuracy: number; majority: number } | null = null;
      if (this.majority !== null && (this.mode === 'iterations' || accuracy !== undefined)) {
        const a = accuracy ?? headAccuracy(arch.output, batch.ws.A[arch.layers.length - 1]!, batch.Y);
        training = { accuracy: a, majority: this.majority };
      }
      this.monitor.checkLearning(where, arch, params, training);
    }
    clipGradients(batch.entries, this.options);
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
      const penalty = l2Penalty(this.hyperparameters.l2, v.X.cols, params);
      record.validation = {
        cost: lossSum(arch, v.ws, v.T) / v.X.cols + penalty,
        accuracy: headAccuracy(arch.output, v.ws.A[arch.layers.length - 1]!, v.T),
      };
      if (this.diagnose) this.monitor.checkValidation(base.cost, record.validation.cost, where);
    }
    if (this.options.keepCosts !== false) this.costs.push(record);
    return record;
  }

  /** Updates early stopping with a record's validation cost; returns true when training stops. */
  private checkEarlyStopping(record: CostRecord): boolean {
    if (!this.earlyStopping || !record.validation || !this.earlyStopping.update(record.validation.cost)) return false;
    this.stop('earlyStopping');
    return true;
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

/** validationData checked against the network, as a float copy of its X, encoded targets and a workspace. */
function validationSet(v: { X: Matrix; Y: Matrix }, arch: Architecture, fitFn: string): { X: Matrix; T: Matrix; ws: Workspace } {
  if (v === null || typeof v !== 'object') throw new ValueError(`${fitFn}: validationData must be { X, Y }`);
  const fn = `${fitFn} (validationData)`;
  assertInputs(v.X, arch.layers[0]!, fn);
  const L = arch.layers.length - 1;
  return { X: v.X.astype(arch.dtype), T: encodeTargets(arch.output, v.Y, arch.layers[L]!, v.X.cols, fn), ws: new Workspace(arch, v.X.cols) };
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
