import { existsSync } from 'node:fs';
import {
  DIAGNOSTIC_THRESHOLDS,
  DivergenceError,
  Model,
  assertWritable,
  evaluateInBatches,
  runOutcomeDiagnostics,
  runSetupDiagnostics,
  Network,
  featureExpansion,
  saveModel,
  trainTestSplit,
  type Diagnostic,
  type DivergenceCause,
  type FitOptions,
  type Matrix,
  type RunSettings,
  type TrainingCheckpoint,
} from '@ann/core/node';
import { OUTPUT_OF_HEAD, type HeadName } from '../choices';
import { alignClasses, checkFeatures, loadLabelledData, type TrainingData } from '../data';
import { InterruptedError, TrainingDivergedError, UsageError } from '../errors';
import type { Scores, TrainingReporter, Warning } from '../output/reporter';
import { withPhase } from '../output/phase';
import { buildNetwork, fitPreprocessing, usage } from './build';
import { headOfOutput, inferHead, outputSize } from './heads';
import { optionsToConfig, type TrainOptions } from './options';

/**
 * The divergence rule for finite blow-ups: core stops on NaN/Infinity itself (DivergenceError), and
 * checks every step's cost (every epoch's, with mini-batches) for a blow-up past
 * DIAGNOSTIC_THRESHOLDS.costExplosion times its first value (a `costExploded` warning); such a run
 * counts as diverged at the end: exit 1 naming --lr, and no model is written.
 */

/** Yield to the event loop (so Ctrl-C is seen) after this many milliseconds of steps. */
const SLICE_MS = 16;

/** Trains as `options` say, reporting to `reporter`. `signal` (Ctrl-C) stops at the end of a step. */
export async function train(options: TrainOptions, reporter: TrainingReporter, resumed: Model | null, signal?: AbortSignal): Promise<void> {
  const started = performance.now();
  // Terms are checked before the data is read: a typo is a usage error, not a wait and then one.
  const expansion = options.features === null ? null : usage('--features', () => featureExpansion(options.features!));
  if (resumed) checkResumedFeatures(options, resumed);
  const out = options.out ?? options.resume ?? undefined;
  // Before the data is read and the network trained: an unwritable --out must not cost the run.
  // A device or FIFO is written once, at the end; a file is also saved before the final evaluation.
  const saveEarly = out !== undefined && (await assertWritable(out)) === 'replaced';
  const { data, test } = await loadRunData(options, resumed, reporter);

  const head: HeadName = resumed ? headOfOutput(resumed.network.output) : (options.head ?? inferHead({ Y: data.Y, ...classes(data), ...labelName(data), source: data.name }));
  const nL = outputSize(head, { Y: data.Y, ...classes(data), ...labelName(data), source: data.name });
  if (test) outputSize(head, { Y: test.Y, ...classes(data), source: test.name });

  // The fitted preprocessing and the training inputs it makes (a resumed model's own preprocessing).
  const { preprocessing, X } = resumed ? { preprocessing: resumed.preprocessing, X: resumed.transform(data.X) } : fitPreprocessing(options, expansion, data);
  // n_x is what the preprocessing makes: the raw inputs, or one row per --features term.
  const network = resumed ? resumed.network : buildNetwork(options, X.rows, head, nL);
  if (resumed) checkResumable(options, network, nL);
  const checkpoint = resumed ? resumedCheckpoint(resumed, options.resume!) : undefined;

  // The test inputs go through the same preprocessing, by core's Model.transform.
  const validation = test ? { X: (resumed ?? new Model({ network, preprocessing })).transform(test.X), Y: test.Y } : undefined;
  const warnings: Diagnostic[] = [];
  const warn = (diagnostic: Diagnostic) => {
    warnings.push(diagnostic);
    reporter.warning(toWarning(diagnostic));
  };
  const fit = fitOptions(options, { validation, checkpoint, signal }, reporter, (diagnostic) => warnings.push(diagnostic));
  const settings = runSettings(options);

  const trainer = network.trainer(X, data.Y, fit);
  const steps = trainer.checkpoint().iteration;
  const batches = Math.ceil(data.X.cols / Math.min(options.batchSize ?? data.X.cols, data.X.cols));
  reporter.start({
    layerSizes: [...network.layers],
    hidden: [...network.hidden],
    output: network.output,
    dataName: data.name,
    m: data.X.cols,
    ...(test ? { validation: { name: test.name, m: test.X.cols } } : {}),
    learningRate: options.learningRate,
    mode: options.iterations !== null ? 'iterations' : 'epochs',
    total: options.iterations ?? options.epochs!,
    totalSteps: options.iterations ?? options.epochs! * batches,
    ...(options.batchSize !== null ? { batchSize: options.batchSize } : {}),
    optimizer: options.optimizer,
    seed: network.seed,
    ...(resumed ? { resumed: { path: options.resume!, steps } } : {}),
  });
  // Data and settings that cannot give a useful model: said before training, which still runs.
  const heldOut = options.split !== null && test ? { heldOut: test.X.cols } : {};
  for (const diagnostic of runSetupDiagnostics({ X, Y: data.Y, output: network.output, ...heldOut }, settings)) warn(diagnostic);
  const parametersBefore = network.getParameters();

  const stepCosts: number[] = [];
  try {
    let sliceStart = performance.now();
    for (let event = trainer.step(); event !== null; event = trainer.step()) {
      stepCosts.push(event.cost);
      reporter.step({ steps: event.iteration + 1, ...(options.epochs !== null ? { epoch: event.epoch } : {}), cost: event.cost });
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  } catch (error) {
    if (error instanceof DivergenceError) throw divergedOf(error, options.learningRate);
    throw error;
  }
  const result = trainer.result();
  const config = optionsToConfig(options);
  const modelOf = (metrics?: Record<string, unknown>) =>
    new Model({
      network,
      preprocessing,
      ...classes(data),
      ...(data.featureNames ? { featureNames: data.featureNames } : {}),
      ...(data.labelName ? { labelName: data.labelName } : {}),
      training: { config, seed: options.seed, checkpoint: trainer.checkpoint() },
      ...(metrics ? { metrics } : {}),
    });

  if (result.stopReason === 'aborted') {
    const path = options.out ?? options.resume ?? freshCheckpointPath();
    await saveModel(path, modelOf());
    const where = options.iterations !== null ? `iteration ${result.iterations} of ${options.iterations}` : `update ${result.iterations} (epoch ${result.epochs} of ${options.epochs})`;
    throw new InterruptedError(`interrupted at ${where}; saved a checkpoint to ${path}; continue with: ann train --resume ${path}`);
  }

  // The per-record checks may have said it already (symmetricUnits): once is enough.
  for (const diagnostic of runOutcomeDiagnostics(parametersBefore, network.getParameters(), result.iterations - steps, settings)) {
    if (!warnings.some((w) => w.code === diagnostic.code)) warn(diagnostic);
  }
  const blowUp = warnings.find((w) => w.code === 'costExploded');
  if (blowUp) {
    throw diverged(`the cost climbed to ${Number(blowUp.evidence.cost).toPrecision(4)} at iteration ${blowUp.iteration}, more than ${DIAGNOSTIC_THRESHOLDS.costExplosion}× its first value ${Number(blowUp.evidence.first).toPrecision(4)}`, 'learningRate', options.learningRate);
  }
  // Saved before the final evaluation, so that nothing a long evaluation could end (a kill, a
  // crash) loses the run; saved again below with the scores.
  if (saveEarly) await saveModel(out!, modelOf());
  // Core refuses any update that would make a parameter non-finite (a DivergenceError above), so the
  // parameters are finite here; the final forward pass may still overflow.
  const evaluate = (label: string, inputs: Matrix, labels: Matrix) =>
    withPhase(reporter.phase(label, 'examples'), (onProgress) => scores(evaluateInBatches(network, inputs, labels, { onProgress })));
  const trainScores = await evaluate('evaluating on the training set', X, data.Y);
  if (!Number.isFinite(trainScores.cost)) {
    const saved = saveEarly ? `the model was saved to ${out} before this final evaluation` : 'no model was written';
    throw diverged(`the final cost is ${trainScores.cost}`, 'learningRate', options.learningRate, saved);
  }
  const testScores = test && validation ? await evaluate('evaluating on the test set', validation.X, validation.Y) : undefined;

  const model = modelOf({ train: trainScores, ...(testScores ? { test: testScores } : {}) });
  if (out !== undefined) await saveModel(out, model);

  const classCount = head === 'binary' ? 2 : nL;
  reporter.finish({
    train: trainScores,
    ...(testScores ? { test: testScores } : {}),
    ...(out !== undefined ? { model: out } : {}),
    elapsedSeconds: Math.round(performance.now() - started) / 1000,
    stopReason: result.stopReason,
    iterations: result.iterations,
    stepCosts,
    ...(data.X.rows === 2 && head !== 'regression' && nL <= (head === 'binary' ? 1 : 6)
      ? { boundary: { X: data.X, Y: data.Y, predict: (G: Matrix) => model.predict(G), classes: classCount } }
      : {}),
    parameterCount: Object.values(network.getParameters()).reduce((sum, M) => sum + M.size, 0),
  });
}

/** The training data and the test data: a --test file, or the --split hold-out, or none. */
async function loadRunData(options: TrainOptions, resumed: Model | null, reporter: TrainingReporter): Promise<{ data: TrainingData; test: TrainingData | null }> {
  const load = (spec: TrainOptions['data'], flags?: { x: string; y: string }) =>
    withPhase(reporter.phase(`reading ${spec.kind === 'file' ? spec.path : spec.name}`, 'bytes'), (onProgress) => loadLabelledData(spec, flags, onProgress));
  let data = await load(options.data);
  // Before a split reorders the examples, so that a message can say where a label is.
  const head = resumed ? headOfOutput(resumed.network.output) : (options.head ?? undefined);
  // outputSize checks the class bound (checkClassBound) before anything is sized by the classes.
  if (head !== undefined && head !== 'regression') outputSize(head, { Y: data.Y, ...classes(data), ...labelName(data), source: data.name });
  if (resumed) {
    data = alignClasses(data, resumed.classNames);
    checkFeatures(data, resumed.inputSize, resumed.featureNames, `the model in ${options.resume}`);
  }
  if (options.test) {
    const test = alignClasses(await load(options.test, { x: '--test-x', y: '--test-y' }), data.classNames);
    checkFeatures(test, data.X.rows, data.featureNames, `the training data (${data.name})`);
    return { data, test };
  }
  if (options.split !== null) {
    const split = trainTestSplit(data.X, data.Y, { testFraction: options.split, seed: options.seed });
    return {
      data: { ...data, X: split.XTrain, Y: split.YTrain },
      test: { ...data, name: `${data.name} (${options.split} held out)`, X: split.XTest, Y: split.YTest },
    };
  }
  return { data, test: null };
}

/** The flags as core's FitOptions, with the callbacks that report records and warnings. */
function fitOptions(
  options: TrainOptions,
  run: { validation: { X: Matrix; Y: Matrix } | undefined; checkpoint: TrainingCheckpoint | undefined; signal: AbortSignal | undefined },
  reporter: TrainingReporter,
  onWarning: (diagnostic: Diagnostic) => void,
): FitOptions {
  return {
    learningRate: options.learningRate,
    ...(options.iterations !== null ? { iterations: options.iterations } : { epochs: options.epochs! }),
    ...(options.batchSize !== null ? { batchSize: options.batchSize } : {}),
    optimizer: options.optimizer,
    ...(options.l2 > 0 ? { l2: options.l2 } : {}),
    ...(options.keepProb?.some((p) => p < 1) ? { keepProb: options.keepProb } : {}),
    ...(options.decay !== null ? { decay: options.decay } : {}),
    ...(options.clip !== null ? { clipNorm: options.clip } : {}),
    ...(run.validation ? { validationData: run.validation } : {}),
    ...(options.earlyStopping !== null ? { earlyStopping: { patience: options.earlyStopping } } : {}),
    recordEvery: options.printEvery,
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.checkpoint ? { resume: run.checkpoint } : {}),
    onRecord: (record) => reporter.progress(record),
    onDiagnostic: (diagnostic) => {
      // Errors (NaN or Infinity) arrive as a DivergenceError from step(); warnings are printed, but
      // costExploded only ends the run as diverged (the error says it), so it is not printed twice.
      if (diagnostic.level !== 'warning') return;
      onWarning(diagnostic);
      if (diagnostic.code !== 'costExploded') reporter.warning(toWarning(diagnostic));
    },
  };
}

/** The optimization settings the whole-run checks read: the rate, its schedule to the last step, clipping. */
function runSettings(options: TrainOptions): RunSettings {
  return {
    learningRate: options.learningRate,
    schedule: options.decay !== null ? { type: 'inverseTime', decayRate: options.decay } : null,
    lastStep: Math.max(0, (options.iterations ?? options.epochs!) - 1),
    ...(options.clip !== null ? { clipNorm: options.clip } : {}),
  };
}

function classes(data: TrainingData): { classNames?: string[] } {
  return data.classNames ? { classNames: data.classNames } : {};
}

function labelName(data: TrainingData): { labelName?: string } {
  return data.labelName ? { labelName: data.labelName } : {};
}

/** `--features` cannot change when resuming: the terms fix the network's input size. */
function checkResumedFeatures(options: TrainOptions, resumed: Model): void {
  if (options.features === null) return;
  const json = resumed.preprocessing.map((t) => t.toJSON()).find((t) => t.kind === 'features');
  const saved = json?.kind === 'features' ? json.terms.join(',') : null;
  if (saved !== options.features.join(',')) {
    throw new UsageError(`--features ${options.features.join(',')} does not match the resumed model's ${saved === null ? 'inputs (it has no --features)' : saved}`);
  }
}

/** Flags that shape the network cannot change when resuming: the saved parameters fix them. */
function checkResumable(options: TrainOptions, network: Network, nL: number): void {
  const hidden = network.layers.slice(1, -1);
  if (hidden.join(',') !== options.hiddenSizes.join(',')) {
    throw new UsageError(`--layers ${options.hiddenSizes.join(',')} does not match the resumed model's hidden layers ${hidden.join(',')}`);
  }
  if (network.hidden.join(',') !== options.hidden.join(',')) {
    throw new UsageError(`--hidden ${options.hidden.join(',')} does not match the resumed model's ${network.hidden.join(',')}`);
  }
  if (options.dtype !== network.dtype) {
    throw new UsageError(`--dtype ${options.dtype} does not match the resumed model's ${network.dtype}`);
  }
  if (options.head !== null && OUTPUT_OF_HEAD[options.head] !== network.output) {
    throw new UsageError(`--head ${options.head} does not match the resumed model's ${network.output} output`);
  }
  if (network.layers[network.layers.length - 1] !== nL) {
    throw new Error(`the labels need ${nL} outputs but the resumed model has ${network.layers[network.layers.length - 1]}`);
  }
}

function resumedCheckpoint(model: Model, path: string): TrainingCheckpoint {
  const checkpoint = model.training?.checkpoint;
  if (checkpoint === undefined) throw new Error(`${path}: training.checkpoint: missing; the model was saved without the state needed to resume`);
  return checkpoint;
}

function freshCheckpointPath(): string {
  for (let k = 1; ; k++) {
    const path = k === 1 ? 'ann-checkpoint.json' : `ann-checkpoint-${k}.json`;
    if (!existsSync(path)) return path;
  }
}

function scores(evaluation: { cost: number; accuracy: number; mse?: number; mae?: number; r2?: number }): Scores {
  if (!Number.isNaN(evaluation.accuracy)) return { cost: evaluation.cost, accuracy: evaluation.accuracy };
  return { cost: evaluation.cost, mse: evaluation.mse!, mae: evaluation.mae!, r2: evaluation.r2! };
}

function toWarning(diagnostic: Diagnostic): Warning {
  return {
    code: diagnostic.code,
    message: diagnostic.message,
    iteration: diagnostic.iteration,
    ...(diagnostic.epoch !== undefined ? { epoch: diagnostic.epoch } : {}),
    ...(diagnostic.layer !== undefined ? { layer: diagnostic.layer } : {}),
  };
}

/**
 * The CLI's error for core's DivergenceError: its `detail` (what happened) and a hint chosen from its
 * structured `likelyCause`, never from the message text.
 */
export function divergedOf(error: DivergenceError, learningRate: number): TrainingDivergedError {
  return diverged(error.detail, error.likelyCause, learningRate);
}

function diverged(detail: string, likelyCause: DivergenceCause, learningRate: number, saved = 'no model was written'): TrainingDivergedError {
  const cause =
    likelyCause === 'inputScale'
      ? 'the inputs or the initial weights are too large; check the input scale (--scale, --normalize) and --init-scale'
      : `the learning rate (--lr ${learningRate}) is probably too large, try a smaller one`;
  return new TrainingDivergedError(`training diverged: ${detail}; ${cause}; ${saved}`);
}
