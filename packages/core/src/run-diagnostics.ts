/**
 * Warnings about a whole run rather than one step: data and settings that cannot give a useful
 * model (checked before training), and a run whose parameters did not move (checked after). Each
 * names its cause. They complement the per-step DiagnosticsMonitor; the CLI prints them and the
 * playground can show them, from this one implementation.
 */
import type { OutputHead } from './activations';
import { symmetricUnitsDiagnostic, unitsIdentical, type Diagnostic } from './diagnostics';
import type { Matrix } from './matrix';
import { scheduledLearningRate, type LearningRateSchedule } from './schedules';

/** Thresholds of the run checks (docs/diagnostics.md). */
export const RUN_DIAGNOSTIC_THRESHOLDS = {
  /** fewExamples: fewer training examples than this. */
  minTrainingExamples: 10,
  /** vanishingInputs: every input below this in magnitude (after preprocessing). */
  inputMagnitude: 1e-100,
  /** learningRateVanishes: the schedule's last rate below this fraction of the first. */
  scheduleCollapse: 1e-6,
  /** noProgress: ‖θ_end − θ_start‖ below this fraction of max(‖θ_start‖, ‖θ_end‖)… */
  parameterChange: 1e-6,
  /** …after at least this many updates. */
  minUpdates: 10,
} as const;

/** What a run trains on, as the network sees it. */
export interface RunData {
  /** Training inputs after preprocessing, (n_x, m). */
  X: Matrix;
  /** Training labels, (n_y, m): class indices (1, m) or one-hot/multi-label rows, or regression targets. */
  Y: Matrix;
  output: OutputHead;
  /** Examples of the same data held out for validation (a split), for the message. */
  heldOut?: number;
}

/** The run's optimization settings. */
export interface RunSettings {
  learningRate: number;
  schedule?: LearningRateSchedule | null;
  /** Index of the last epoch (mini-batches) or iteration (full batch) the schedule will reach. */
  lastStep: number;
  clipNorm?: number;
}

const before = { level: 'warning', iteration: 0 } as const;

/**
 * Before training: one class in every label (singleClass), fewer than 10 training examples
 * (fewExamples), inputs too small to tell examples apart (vanishingInputs), a learning-rate schedule
 * that decays to nothing (learningRateVanishes).
 */
export function runSetupDiagnostics(data: RunData, settings: RunSettings): Diagnostic[] {
  const found: Diagnostic[] = [];
  const m = data.X.cols;
  const T = RUN_DIAGNOSTIC_THRESHOLDS;
  // One example is trivially one class: fewExamples says what is wrong with it.
  if (data.output !== 'linear' && m > 1 && columnsIdentical(data.Y)) {
    const label = data.Y.rows === 1 ? data.Y.data[0]! : data.Y.data.filter((_, k) => k % m === 0).indexOf(1);
    found.push({
      ...before,
      code: 'singleClass',
      message: `every training label is the same class (${label}), so the model can only learn to predict it: 100% training accuracy means nothing here. Check the label column and that the file holds examples of every class`,
      evidence: { label, m },
    });
  }
  if (m < T.minTrainingExamples) {
    const held = data.heldOut ? ` (${data.heldOut} more are held out for testing: a smaller split leaves more for training)` : '';
    found.push({
      ...before,
      code: 'fewExamples',
      message: `only ${m} training example${m === 1 ? '' : 's'}${held}: a network fitted to so few learns nothing that generalizes; use at least ${T.minTrainingExamples}, ideally hundreds`,
      evidence: { m, ...(data.heldOut ? { heldOut: data.heldOut } : {}) },
    });
  }
  const largest = maxAbs(data.X);
  if (m > 0 && data.X.rows > 0 && largest < T.inputMagnitude) {
    found.push({
      ...before,
      code: 'vanishingInputs',
      message: `every input is below ${T.inputMagnitude} in magnitude after preprocessing (the largest is ${largest.toPrecision(3)}), so the first layer sees zeros and the network cannot tell examples apart; a scale factor far too large (dividing by 1e300, say) does this. Check the input scaling`,
      evidence: { maxAbs: largest },
    });
  }
  const final = scheduledLearningRate(settings.learningRate, settings.schedule ?? null, settings.lastStep);
  if (settings.schedule && final < T.scheduleCollapse * settings.learningRate) {
    found.push({
      ...before,
      code: 'learningRateVanishes',
      message: `the learning-rate schedule takes the rate from ${settings.learningRate} to ${final.toPrecision(3)} by the end of the run, so the later updates change nothing; the decay rate is far too large for this many steps`,
      evidence: { learningRate: settings.learningRate, finalLearningRate: final, schedule: settings.schedule.type },
    });
  }
  return found;
}

/**
 * After training, on the parameters at the start and at the end ({ W1, b1, …, gamma1, beta1, … }):
 * hidden layers whose units are all still identical (symmetricUnits, as the per-record check says
 * it, for runs too short to reach a record), and parameters θ (every W, b, γ, β) that moved by less
 * than 1e-6 of their size (noProgress), with the likeliest cause: a clipping norm so small that
 * every update is nothing, a schedule that decays to nothing, or else the learning rate.
 */
export function runOutcomeDiagnostics(start: Record<string, Matrix>, end: Record<string, Matrix>, updates: number, settings: RunSettings): Diagnostic[] {
  const found: Diagnostic[] = [];
  const symmetric = symmetricHiddenLayers(end);
  if (updates > 0 && symmetric.length > 0) found.push(symmetricUnitsDiagnostic(symmetric, end[`W${symmetric[0]}`]!.rows, { iteration: updates }));
  const T = RUN_DIAGNOSTIC_THRESHOLDS;
  if (updates < T.minUpdates) return found;
  let change = 0;
  let size0 = 0;
  let size1 = 0;
  for (const [name, M] of Object.entries(end)) {
    const before0 = start[name]?.data;
    if (!before0) continue;
    for (let k = 0; k < M.data.length; k++) {
      change += (M.data[k]! - before0[k]!) ** 2;
      size0 += before0[k]! ** 2;
      size1 += M.data[k]! ** 2;
    }
  }
  const relative = Math.sqrt(change) / Math.max(Math.sqrt(size0), Math.sqrt(size1), Number.MIN_VALUE);
  if (!(relative < T.parameterChange)) return found;
  const final = scheduledLearningRate(settings.learningRate, settings.schedule ?? null, settings.lastStep);
  let cause: string;
  let because: string;
  if (settings.clipNorm !== undefined && settings.clipNorm * settings.learningRate < T.parameterChange * Math.sqrt(size0 + Number.MIN_VALUE)) {
    cause = 'clipNorm';
    because = `Gradient clipping to norm ${settings.clipNorm} makes every update at most ${(settings.clipNorm * settings.learningRate).toPrecision(3)} long; use a clipping norm near the gradients' size (1 to 10) or none`;
  } else if (settings.schedule && final < T.scheduleCollapse * settings.learningRate) {
    cause = 'schedule';
    because = `The learning-rate schedule decays the rate to ${final.toPrecision(3)}; use a smaller decay rate`;
  } else {
    cause = 'learningRate';
    because = `The learning rate ${settings.learningRate} is too small to change them measurably; try 0.001 to 1`;
  }
  const moved = relative === 0 ? 'did not move at all' : `moved by ${relative.toPrecision(2)} of their size`;
  found.push({
    level: 'warning',
    code: 'noProgress',
    iteration: updates,
    message: `after ${updates} updates the parameters ${moved}: the model is (almost) its initialization and learned nothing. ${because}`,
    evidence: { relativeChange: relative, updates, cause },
  });
  return found;
}

/** Hidden layers l (1..L-1) of at least two units, all identical, in a { W1, b1, … } record. */
function symmetricHiddenLayers(parameters: Record<string, Matrix>): number[] {
  let L = 0;
  while (parameters[`W${L + 1}`]) L++;
  const layers: number[] = [];
  for (let l = 1; l < L; l++) {
    const W = parameters[`W${l}`]!;
    if (W.rows >= 2 && unitsIdentical({ W, b: parameters[`b${l}`], gamma: parameters[`gamma${l}`], beta: parameters[`beta${l}`] })) layers.push(l);
  }
  return layers;
}

function columnsIdentical(Y: Matrix): boolean {
  for (let i = 0; i < Y.rows; i++) {
    const first = Y.data[i * Y.cols]!;
    for (let j = 1; j < Y.cols; j++) if (Y.data[i * Y.cols + j] !== first) return false;
  }
  return true;
}

function maxAbs(X: Matrix): number {
  let largest = 0;
  for (let k = 0; k < X.data.length; k++) largest = Math.max(largest, Math.abs(X.data[k]!));
  return largest;
}
