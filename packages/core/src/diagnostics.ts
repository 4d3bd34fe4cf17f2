// The training diagnostics: one DiagnosticsMonitor, since every check reports through the same
// once-per-code-and-layer filter and the trend checks share one state that a live change restarts
// (Trends); the thresholds sit beside them so each rule and its number read together. The checks
// are short methods; what would split off (the per-layer scans) is a few lines each.
import type { Matrix } from './matrix';
import type { OutputHead } from './activations';
import { type Architecture, isNormalized, type ParameterSet, type Workspace } from './propagation';

/** What a diagnostic is about. */
export type DiagnosticCode =
  | 'nonFinite'
  | 'costRising'
  | 'costExploded'
  | 'unnormalizedInputs'
  | 'saturatedUnits'
  | 'deadRelu'
  | 'explodingGradients'
  | 'vanishingGradients'
  | 'stuckAtChance'
  | 'symmetricUnits'
  | 'overfitting'
  // Whole-run checks (run-diagnostics.ts):
  | 'singleClass'
  | 'fewExamples'
  | 'vanishingInputs'
  | 'learningRateVanishes'
  | 'noProgress';

/** A structured training event: the CLI prints these, the playground shows them. */
export interface Diagnostic {
  level: 'warning' | 'error';
  code: DiagnosticCode;
  message: string;
  /** Where in the run: the iteration (update count) and, with mini-batches, the epoch. */
  iteration: number;
  epoch?: number;
  /** Layer l (1..L) and quantity (Z, A, dW, W, …) when the event is about one. */
  layer?: number;
  quantity?: string;
  /** The numbers behind the message. */
  evidence: Record<string, number | string | number[]>;
}

/** Thresholds, chosen to stay silent on healthy runs (tests provoke each one and check a healthy run). */
export const DIAGNOSTIC_THRESHOLDS = {
  /**
   * costExploded: a step's cost (an epoch's, with mini-batches) above this many times the first
   * step's (since the start, or the last live change of a hyperparameter), and at least a chance
   * prediction's (n_L·ln 2 for sigmoid, ln C for softmax). Checked on every step, not only at
   * records, so a run that blows up between two records is seen; the CLI counts it as diverged.
   */
  costExplosion: 10,
  /** costRising: this many consecutive increases between recorded costs, adding up to more than… */
  risingRecords: 3,
  /** …this fraction of the cost where the rise began… */
  risingTolerance: 0.01,
  /** …or a recorded cost this many times the lowest so far and above the first. */
  costBlowUp: 2,
  /**
   * costRising with mini-batches: a record is then the epoch's mean of noisy mini-batch costs, and
   * records may come every few updates (every epoch by default). The consecutive increases are
   * counted between the means of stretches of records spanning at least this many updates, the
   * spacing the rule was tuned for (full-batch records every 100 iterations); an epoch of that many
   * updates or more is a stretch of its own, as before. Adam at a good learning rate wobbles by a
   * few percent from epoch to epoch (1.3% over 3 epochs of 8 updates on the 3-arm spiral, a run
   * that reaches 96%) while its cost falls from one 100-update stretch to the next. Full-batch
   * records are exact costs, not samples, and are compared one by one.
   */
  risingSpan: 100,
  /** unnormalizedInputs: a feature reaching |x| above this… */
  inputMaxAbs: 10,
  /** …or standard deviations differing by more than this factor between features. */
  inputStdRatio: 50,
  /**
   * saturatedUnits: the fraction of a layer's activations with g'(z) below 2% of its peak. Trained
   * tanh layers legitimately saturate half their outputs (the course's planar network does), so only
   * near-total saturation is reported.
   */
  saturatedFraction: 0.9,
  /** deadRelu: the fraction of a layer's units that output 0 for every example of the batch. */
  deadFraction: 0.5,
  /** explodingGradients: ‖dW[l]‖_F above this. */
  gradientNorm: 1e3,
  /** vanishingGradients: ‖dW[1]‖_F below this fraction of ‖dW[L]‖_F. */
  vanishingRatio: 1e-5,
  /**
   * stuckAtChance (sigmoid or softmax heads): after at least this many updates (counted from the
   * start, or from the last live change of a hyperparameter)…
   */
  chanceUpdates: 500,
  /** …the training accuracy of each of this many consecutive records… */
  chanceRecords: 5,
  /** …is at most the majority class's share plus this (1 percentage point). */
  chanceMargin: 0.01,
  /**
   * symmetricUnits: two units count as identical when every incoming weight (and bias, or γ and β)
   * differs by at most this times max(1, |value|). Exact equality would be enough for zeros, but a
   * blocked matrix product may round the rows of a constant initialization differently in the last bit.
   */
  symmetryTolerance: 1e-9,
  /** overfitting (with validation data): the validation cost rose at this many consecutive records… */
  overfittingRecords: 5,
  /**
   * …to more than this fraction above its lowest value, while the training cost fell over them. The
   * course's L2 run on the football set (λ = 0.7, its remedy for overfitting) drifts 3.7% above its
   * lowest validation cost over 30000 iterations at 93% test accuracy, and a small tanh network on
   * moons 5% while its test accuracy holds; 10% leaves such drifts alone (the unregularized course run
   * is reported at iteration 8000, 23% above its lowest, on its way to +80%).
   */
  overfittingRise: 0.1,
} as const;

/** The state of the trend checks, started afresh by `restartTrends` after a live change. */
interface Trends {
  /**
   * costRising: records since the trends began, the first and lowest cost; the last risingRecords + 1
   * compared costs (records, or the means of mini-batch stretches) and how many have been compared.
   */
  costCount: number;
  firstCost: number;
  lowestCost: number;
  recentCosts: number[];
  comparedCount: number;
  /** costRising with mini-batches: the open stretch's sum and records, and the update where it began. */
  stretchSum: number;
  stretchRecords: number;
  stretchFrom: number;
  /** Records in each stretch of recentCosts (1 for full-batch records), for the message. */
  recentStretches: number[];
  /** stuckAtChance: the update count where the trends began, and the last chanceRecords accuracies. */
  trendStart: number;
  recentAccuracies: number[];
  /** overfitting: the last overfittingRecords + 1 (training, validation) costs, the lowest validation cost. */
  recentValidation: { train: number; validation: number }[];
  lowestValidation: number;
  /** costExploded: the cost compared with (see setCostReference), null before the first step. */
  firstStepCost: number | null;
}

/** The trend checks' state at update `iteration`, before any record. */
function startTrends(iteration: number): Trends {
  return {
    costCount: 0,
    firstCost: 0,
    lowestCost: Infinity,
    recentCosts: [],
    comparedCount: 0,
    stretchSum: 0,
    stretchRecords: 0,
    stretchFrom: iteration,
    recentStretches: [],
    trendStart: iteration,
    recentAccuracies: [],
    recentValidation: [],
    lowestValidation: Infinity,
    firstStepCost: null,
  };
}

/**
 * Emits each warning once per layer and code during one training run. Its memory stays bounded
 * however long the run: the trend checks keep only the last few records (plus the first and the
 * lowest cost), so a trainer may be stepped forever.
 */
export class DiagnosticsMonitor {
  readonly events: Diagnostic[] = [];
  /** The base learning rate named in messages; the trainer updates it when it is changed live. */
  learningRate: number;
  private readonly seen = new Set<string>();
  private readonly emit: (d: Diagnostic) => void;
  /** What the trend checks have seen since the run began or was last changed live (see Trends). */
  private trends: Trends = startTrends(0);

  constructor(learningRate: number, emit: (d: Diagnostic) => void) {
    this.learningRate = learningRate;
    this.emit = emit;
  }

  /**
   * Starts the trend checks (costRising, stuckAtChance, overfitting) afresh from update `iteration`,
   * naming `learningRate` from now on: after a live change of a hyperparameter, records from before it
   * say nothing about the new settings (a larger λ alone raises the cost, for instance). Warnings
   * already given are not repeated.
   */
  restartTrends(iteration: number, learningRate: number): void {
    this.learningRate = learningRate;
    this.trends = startTrends(iteration);
  }

  report(d: Diagnostic): void {
    const key = `${d.code}:${d.layer ?? ''}`;
    if (d.level === 'warning' && this.seen.has(key)) return;
    this.seen.add(key);
    this.events.push(d);
    this.emit(d);
  }

  /**
   * The cost above which a step's cost has exploded (costExploded), or null before the first cost was
   * checked. A step may skip computing its cost only when a bound of it is below this.
   */
  explosionLimit(): number | null {
    return this.trends.firstStepCost === null ? null : DIAGNOSTIC_THRESHOLDS.costExplosion * this.trends.firstStepCost;
  }

  /**
   * Sets the cost the costExploded check compares with, unless one is set: the first step's cost, but
   * at least `floor` (the trainer passes the cost of a chance prediction, n_L·ln 2 or ln C, so that a
   * run resumed near a perfect fit is not flagged for leaving it).
   */
  setCostReference(cost: number, floor: number): void {
    if (this.trends.firstStepCost === null || this.trends.firstStepCost === 0) this.trends.firstStepCost = Math.max(cost, floor);
  }

  /**
   * A step's cost (an epoch's, with mini-batches) against the reference: a cost above costExplosion
   * times it has exploded (costExploded).
   */
  checkStepCost(cost: number, where: { iteration: number; epoch?: number }): void {
    const first = this.trends.firstStepCost;
    const factor = DIAGNOSTIC_THRESHOLDS.costExplosion;
    if (first === null || !(cost > factor * first)) return;
    this.report({
      level: 'warning',
      code: 'costExploded',
      message: `the cost exploded to ${fmt(cost)}, over ${factor}× its first value ${fmt(first)}; the learning rate ${this.learningRate} is likely too high`,
      ...where,
      evidence: { cost, first },
    });
  }

  /** Before training: features on very different scales, or far from unit size. */
  checkInputs(X: Matrix): void {
    const n = X.rows;
    const m = X.cols;
    let maxAbs = 0;
    let maxAbsFeature = 0;
    let minStd = Infinity;
    let maxStd = 0;
    let minStdFeature = 0;
    let maxStdFeature = 0;
    const x = X.data;
    for (let i = 0; i < n; i++) {
      // One pass over the row (this runs over all of X at the start of every fit, so it must cost
      // little next to a training step): plain comparisons rather than Math.max/abs, and the
      // variance from sums of deviations from the row's first value, which keeps the cancellation
      // of Σd² - (Σd)²/m small for features far from zero (plenty for a warning's threshold).
      const row = i * m;
      const shift = x[row]!;
      let sum = 0;
      let sq = 0;
      let featureMax = 0;
      for (let j = row; j < row + m; j++) {
        const v = x[j]!;
        const magnitude = v < 0 ? -v : v;
        if (magnitude > featureMax) featureMax = magnitude;
        const d = v - shift;
        sum += d;
        sq += d * d;
      }
      const meanDeviation = sum / m;
      const std = Math.sqrt(Math.max(0, sq / m - meanDeviation * meanDeviation));
      if (featureMax > maxAbs) {
        maxAbs = featureMax;
        maxAbsFeature = i;
      }
      if (std > 0 && std < minStd) {
        minStd = std;
        minStdFeature = i;
      }
      if (std > maxStd) {
        maxStd = std;
        maxStdFeature = i;
      }
    }
    const ratio = minStd === Infinity ? 1 : maxStd / minStd;
    if (maxAbs > DIAGNOSTIC_THRESHOLDS.inputMaxAbs || ratio > DIAGNOSTIC_THRESHOLDS.inputStdRatio) {
      const detail =
        maxAbs > DIAGNOSTIC_THRESHOLDS.inputMaxAbs
          ? `feature ${maxAbsFeature} reaches ${fmt(maxAbs)}`
          : `feature ${maxStdFeature} has standard deviation ${fmt(maxStd)} but feature ${minStdFeature} ${fmt(minStd)}`;
      this.report({
        level: 'warning',
        code: 'unnormalizedInputs',
        message: `inputs look unnormalized: ${detail}; scale or standardize them (e.g. divide 8-bit images by 255) so that gradient descent behaves`,
        iteration: 0,
        evidence: { maxAbs, maxAbsFeature, stdRatio: ratio, maxStd, minStd: minStd === Infinity ? 0 : minStd },
      });
    }
  }

  /** At each recorded cost: rising costs, saturated or dead units, exploding or vanishing gradients. */
  checkRecord(cost: number, where: { iteration: number; epoch?: number }, arch: Architecture, ws: Workspace): void {
    const risingRun = DIAGNOSTIC_THRESHOLDS.risingRecords;
    if (this.trends.costCount === 0) this.trends.firstCost = cost;
    this.trends.costCount++;
    const min = (this.trends.lowestCost = Math.min(this.trends.lowestCost, cost));
    // The costs the consecutive increases are counted between: each full-batch record, or the mean
    // of a stretch of mini-batch records spanning risingSpan updates (see DIAGNOSTIC_THRESHOLDS).
    // The window of the last risingRun + 1 of them, with the first and the lowest record kept aside
    // (the same numbers as scanning every cost so far, in constant memory).
    let compared: number | null = cost;
    let stretch = 1;
    if (where.epoch !== undefined) {
      this.trends.stretchSum += cost;
      this.trends.stretchRecords++;
      compared = null;
      if (where.iteration - this.trends.stretchFrom >= DIAGNOSTIC_THRESHOLDS.risingSpan) {
        stretch = this.trends.stretchRecords;
        compared = this.trends.stretchSum / stretch;
        this.trends.stretchSum = 0;
        this.trends.stretchRecords = 0;
        this.trends.stretchFrom = where.iteration;
      }
    }
    const recentCosts = this.trends.recentCosts;
    let rising = false;
    if (compared !== null) {
      recentCosts.push(compared);
      this.trends.recentStretches.push(stretch);
      if (recentCosts.length > risingRun + 1) {
        recentCosts.shift();
        this.trends.recentStretches.shift();
      }
      this.trends.comparedCount++;
      rising = this.trends.comparedCount > risingRun;
      for (let i = 1; rising && i <= risingRun; i++) rising = recentCosts[i]! > recentCosts[i - 1]!;
      // A plateau wobbles: only a rise of more than 1% over the window counts.
      if (rising) rising = compared > recentCosts[0]! * (1 + DIAGNOSTIC_THRESHOLDS.risingTolerance);
    }
    const blownUp = cost > DIAGNOSTIC_THRESHOLDS.costBlowUp * min && cost > this.trends.firstCost;
    if (rising || blownUp) {
      const recent = recentCosts.slice();
      const pooled = Math.max(...this.trends.recentStretches);
      this.report({
        level: 'warning',
        code: 'costRising',
        message: rising
          ? pooled > 1
            ? `the cost rose for ${risingRun} stretches of ${DIAGNOSTIC_THRESHOLDS.risingSpan}+ updates in a row (mean costs ${recent.map(fmt).join(' → ')}); the learning rate ${this.learningRate} is likely too high`
            : `the cost rose for ${risingRun} records in a row (${recent.map(fmt).join(' → ')}); the learning rate ${this.learningRate} is likely too high`
          : `the cost climbed to ${fmt(cost)}, over ${DIAGNOSTIC_THRESHOLDS.costBlowUp}× its lowest value ${fmt(min)}; the learning rate ${this.learningRate} is likely too high`,
        ...where,
        evidence: { cost, lowest: min, first: this.trends.firstCost, recent, recordsPerStretch: this.trends.recentStretches.slice() },
      });
    }

    const L = arch.layers.length - 1;
    for (let l = 1; l < L; l++) {
      const g = arch.activations[l]!;
      const A = ws.dropped[l] ? ws.Apre[l]! : ws.A[l]!;
      const a = A.data;
      if (g === 'sigmoid' || g === 'tanh') {
        let saturated = 0;
        for (let i = 0; i < a.length; i++) {
          const v = a[i]!;
          if (g === 'tanh' ? 1 - v * v < 0.02 : v * (1 - v) < 0.005) saturated++;
        }
        const fraction = saturated / a.length;
        if (fraction > DIAGNOSTIC_THRESHOLDS.saturatedFraction) {
          this.report({
            level: 'warning',
            code: 'saturatedUnits',
            message: `layer ${l} (${g}): ${pct(fraction)} of its activations are saturated, where gradients nearly vanish; lower the initial weight scale or the learning rate, or normalize the inputs`,
            ...where,
            layer: l,
            quantity: 'A',
            evidence: { fraction },
          });
        }
      } else if (g === 'relu') {
        const m = A.cols;
        let dead = 0;
        for (let i = 0; i < A.rows; i++) {
          let alive = false;
          for (let j = 0; j < m && !alive; j++) alive = a[i * m + j]! > 0;
          if (!alive) dead++;
        }
        const fraction = dead / A.rows;
        if (fraction > DIAGNOSTIC_THRESHOLDS.deadFraction) {
          this.report({
            level: 'warning',
            code: 'deadRelu',
            message: `layer ${l} (relu): ${dead} of ${A.rows} units output 0 for every example, so they no longer learn; lower the learning rate, use He initialization or leakyRelu`,
            ...where,
            layer: l,
            quantity: 'A',
            evidence: { dead, units: A.rows, fraction },
          });
        }
      }
    }

    const norms: number[] = [];
    for (let l = 1; l <= L; l++) {
      const d = ws.dW[l]!.data;
      let sq = 0;
      for (let i = 0; i < d.length; i++) sq += d[i]! * d[i]!;
      norms.push(Math.sqrt(sq));
    }
    norms.forEach((norm, index) => {
      if (norm > DIAGNOSTIC_THRESHOLDS.gradientNorm) {
        this.report({
          level: 'warning',
          code: 'explodingGradients',
          message: `‖dW${index + 1}‖ is ${fmt(norm)}: the gradients are exploding; lower the learning rate or the initial weight scale, or clip the gradients`,
          ...where,
          layer: index + 1,
          quantity: 'dW',
          evidence: { norms },
        });
      }
    });
    const last = norms[L - 1]!;
    if (L >= 3 && last > 1e-8 && norms[0]! < DIAGNOSTIC_THRESHOLDS.vanishingRatio * last) {
      this.report({
        level: 'warning',
        code: 'vanishingGradients',
        message: `‖dW1‖ is ${fmt(norms[0]!)} against ‖dW${L}‖ ${fmt(last)}: the gradients vanish on their way back, so the first layers barely learn; use relu with He initialization, fewer layers, or batch normalization`,
        ...where,
        layer: 1,
        quantity: 'dW',
        evidence: { norms },
      });
    }
  }

  /**
   * At a recorded step, with the parameters before its update: hidden layers whose units are all
   * still identical (symmetricUnits), and a classifier no better than always predicting the most
   * common class (stuckAtChance). `training` is the training accuracy at this record and the
   * majority class's share (`majorityShare`), or null for a linear head. Costs O(Σ n[l]) per record
   * on a healthy network: the comparison of unit 1 with unit 0 fails at its first weight.
   */
  checkLearning(
    where: { iteration: number; epoch?: number },
    arch: Architecture,
    params: ParameterSet,
    training: { accuracy: number; majority: number } | null,
  ): void {
    const L = arch.layers.length - 1;
    // Only after an update: at iteration 0 a zero initialization is symmetric by construction, and
    // the warning is about symmetry that training never breaks.
    if (where.iteration > 0) {
      const symmetric: number[] = [];
      for (let l = 1; l < L; l++) if (arch.layers[l]! >= 2 && unitsIdentical({ W: params.W[l]!, b: params.b[l], gamma: params.gamma[l], beta: params.beta[l] })) symmetric.push(l);
      if (symmetric.length > 0) this.report(symmetricUnitsDiagnostic(symmetric, arch.layers[symmetric[0]!]!, where));
    }

    if (training === null) return;
    const accuracies = this.trends.recentAccuracies;
    const records = DIAGNOSTIC_THRESHOLDS.chanceRecords;
    accuracies.push(training.accuracy);
    if (accuracies.length > records) accuracies.shift();
    const updates = where.iteration - this.trends.trendStart;
    if (updates < DIAGNOSTIC_THRESHOLDS.chanceUpdates || accuracies.length < records) return;
    const ceiling = training.majority + DIAGNOSTIC_THRESHOLDS.chanceMargin;
    for (const a of accuracies) if (!(a <= ceiling)) return;
    this.report({
      level: 'warning',
      code: 'stuckAtChance',
      message: `after ${updates} updates the training accuracy is still ${pct1(training.accuracy)}, no better than always predicting the most common class (${pct1(training.majority)}): the network is not learning. Common causes: a learning rate too small to make progress (it is ${this.learningRate}), a zero or constant initialization (all units stay identical), or saturated or dead units; try a larger learning rate, He or Xavier initialization, or normalized inputs`,
      ...where,
      evidence: { accuracy: training.accuracy, majority: training.majority, updates, recent: accuracies.slice() },
    });
  }

  /**
   * At each record with validation data: the validation cost rising while the training cost falls
   * (overfitting). O(1) per record.
   */
  checkValidation(trainCost: number, validationCost: number, where: { iteration: number; epoch?: number }): void {
    const window = this.trends.recentValidation;
    const run = DIAGNOSTIC_THRESHOLDS.overfittingRecords;
    window.push({ train: trainCost, validation: validationCost });
    if (window.length > run + 1) window.shift();
    const lowest = (this.trends.lowestValidation = Math.min(this.trends.lowestValidation, validationCost));
    if (window.length < run + 1) return;
    for (let i = 1; i <= run; i++) if (!(window[i]!.validation > window[i - 1]!.validation)) return;
    // Mini-batch epoch costs wobble, so the training side asks for a net fall over the window.
    if (!(trainCost < window[0]!.train)) return;
    if (!(validationCost > lowest * (1 + DIAGNOSTIC_THRESHOLDS.overfittingRise))) return;
    this.report({
      level: 'warning',
      code: 'overfitting',
      message: `the validation cost rose for ${run} records in a row (${window.map((w) => fmt(w.validation)).join(' → ')}), ${pct(validationCost / lowest - 1)} above its lowest ${fmt(lowest)}, while the training cost kept falling (${fmt(window[0]!.train)} → ${fmt(trainCost)}): the network is memorizing the training examples instead of learning what generalizes (overfitting). Try L2 regularization (l2), dropout (keepProb below 1), more training data, a smaller network, or stopping earlier (earlyStopping)`,
      ...where,
      evidence: { validation: validationCost, lowestValidation: lowest, train: trainCost, recent: window.map((w) => w.validation), recentTrain: window.map((w) => w.train) },
    });
  }

  /**
   * Names the first layer and quantity that stopped being finite after a forward or backward pass,
   * for the error that ends training.
   */
  locateNonFinite(arch: Architecture, params: ParameterSet, ws: Workspace, learningRate: number, phase: 'forward' | 'update'): { layer: number; quantity: string } {
    const L = arch.layers.length - 1;
    const bad = (M: Matrix | null | undefined): boolean => {
      if (!M) return false;
      const d = M.data;
      for (let i = 0; i < d.length; i++) if (d[i]! - d[i]! !== 0) return true;
      return false;
    };
    if (phase === 'forward') {
      for (let l = 1; l <= L; l++) {
        if (bad(ws.Z[l])) return { layer: l, quantity: `Z${l}` };
        if (isNormalized(arch, l) && bad(ws.Ztilde[l])) return { layer: l, quantity: `Z̃${l}` };
        if (bad(ws.A[l])) return { layer: l, quantity: `A${l}` };
      }
      return { layer: L, quantity: 'cost' };
    }
    for (let l = L; l >= 1; l--) {
      if (bad(ws.dW[l])) return { layer: l, quantity: `dW${l}` };
      if (bad(ws.db[l])) return { layer: l, quantity: `db${l}` };
    }
    for (let l = 1; l <= L; l++) {
      const W = params.W[l]!.data;
      const dW = ws.dW[l]!.data;
      for (let i = 0; i < W.length; i++) {
        const next = W[i]! - learningRate * dW[i]!;
        if (next - next !== 0) return { layer: l, quantity: `W${l}` };
      }
    }
    return { layer: 1, quantity: 'parameters' };
  }
}

/**
 * The accuracy of always predicting the most common class, on encoded targets T: for softmax the
 * largest class share max_k (1/m)·Σ_j T[k, j]; for sigmoid, per output row the share of its more
 * common label max(p, 1 − p), averaged over the rows (as the sigmoid accuracy averages over entries).
 */
export function majorityShare(head: OutputHead, T: Matrix): number {
  const m = T.cols;
  const t = T.data;
  let best = 0;
  let total = 0;
  for (let i = 0; i < T.rows; i++) {
    let ones = 0;
    for (let j = 0; j < m; j++) ones += t[i * m + j]!;
    const p = ones / m;
    if (p > best) best = p;
    total += p > 0.5 ? p : 1 - p;
  }
  return head === 'softmax' ? best : total / T.rows;
}

/** True when every unit of hidden layer l has the same incoming weights and bias (or γ and β) as unit 0. */
/** One layer's parameters: W[l] (n_l, n_{l-1}) and b[l] (n_l, 1), or γ[l] and β[l] with batch norm. */
export interface LayerParameters {
  W: Matrix;
  b?: Matrix | null | undefined;
  gamma?: Matrix | null | undefined;
  beta?: Matrix | null | undefined;
}

/** Whether every unit (row) of a layer has the same incoming weights and bias (or γ, β), within symmetryTolerance. */
export function unitsIdentical(layer: LayerParameters): boolean {
  const tolerance = DIAGNOSTIC_THRESHOLDS.symmetryTolerance;
  const same = (a: number, b: number): boolean => {
    const d = a - b;
    const scale = a < 0 ? -a : a;
    return (d < 0 ? -d : d) <= tolerance * (scale > 1 ? scale : 1);
  };
  const W = layer.W;
  const w = W.data;
  const n = W.cols;
  for (let r = 1; r < W.rows; r++) for (let k = 0; k < n; k++) if (!same(w[k]!, w[r * n + k]!)) return false;
  for (const M of [layer.b, layer.gamma, layer.beta]) {
    if (!M) continue;
    const v = M.data;
    for (let r = 1; r < v.length; r++) if (!same(v[0]!, v[r]!)) return false;
  }
  return true;
}

/** The symmetricUnits warning for hidden layers `symmetric` (the first has `units` units) after `where.iteration` updates. */
export function symmetricUnitsDiagnostic(symmetric: readonly number[], units: number, where: { iteration: number; epoch?: number }): Diagnostic {
  const l = symmetric[0]!;
  const others = symmetric.length > 1 ? ` (and layer${symmetric.length > 2 ? 's' : ''} ${symmetric.slice(1).join(', ')})` : '';
  return {
    level: 'warning',
    code: 'symmetricUnits',
    message: `layer ${l}${others}: all ${units} units still have identical weights and biases after ${where.iteration} updates, so they compute the same thing and get the same gradient: the network behaves as if the layer had one unit. This comes from a zero or constant initialization, which training never breaks; initialize the weights randomly (init 'he' for relu, 'xavier' for tanh or sigmoid)`,
    ...where,
    layer: l,
    quantity: 'W',
    evidence: { layers: [...symmetric], units },
  };
}

function pct1(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : Number(x.toPrecision(6)).toString();
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
