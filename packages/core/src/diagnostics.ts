import type { Matrix } from './matrix';
import { type Architecture, isNormalized, type ParameterSet, type Workspace } from './propagation';

/** What a diagnostic is about. */
export type DiagnosticCode =
  | 'nonFinite'
  | 'costRising'
  | 'unnormalizedInputs'
  | 'saturatedUnits'
  | 'deadRelu'
  | 'explodingGradients'
  | 'vanishingGradients';

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
  /** costRising: this many consecutive increases between recorded costs, adding up to more than… */
  risingRecords: 3,
  /** …this fraction of the cost where the rise began… */
  risingTolerance: 0.01,
  /** …or a recorded cost this many times the lowest so far and above the first. */
  costBlowUp: 2,
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
} as const;

/** Emits each warning once per layer and code during one training run. */
export class DiagnosticsMonitor {
  readonly events: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly costs: number[] = [];
  private readonly learningRate: number;
  private readonly emit: (d: Diagnostic) => void;

  constructor(learningRate: number, emit: (d: Diagnostic) => void) {
    this.learningRate = learningRate;
    this.emit = emit;
  }

  report(d: Diagnostic): void {
    const key = `${d.code}:${d.layer ?? ''}`;
    if (d.level === 'warning' && this.seen.has(key)) return;
    this.seen.add(key);
    this.events.push(d);
    this.emit(d);
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
    this.costs.push(cost);
    const costs = this.costs;
    const k = costs.length;
    const min = Math.min(...costs);
    const risingRun = DIAGNOSTIC_THRESHOLDS.risingRecords;
    let rising = k > risingRun;
    for (let i = k - risingRun; rising && i < k; i++) rising = costs[i]! > costs[i - 1]!;
    // A plateau wobbles: only a rise of more than 1% over the window counts.
    if (rising) rising = cost > costs[k - risingRun - 1]! * (1 + DIAGNOSTIC_THRESHOLDS.risingTolerance);
    const blownUp = cost > DIAGNOSTIC_THRESHOLDS.costBlowUp * min && cost > costs[0]!;
    if (rising || blownUp) {
      const recent = costs.slice(Math.max(0, k - risingRun - 1));
      this.report({
        level: 'warning',
        code: 'costRising',
        message: rising
          ? `the cost rose for ${risingRun} records in a row (${recent.map(fmt).join(' → ')}); the learning rate ${this.learningRate} is likely too high`
          : `the cost climbed to ${fmt(cost)}, over ${DIAGNOSTIC_THRESHOLDS.costBlowUp}× its lowest value ${fmt(min)}; the learning rate ${this.learningRate} is likely too high`,
        ...where,
        evidence: { cost, lowest: min, first: costs[0]!, recent },
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

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : Number(x.toPrecision(6)).toString();
}

function pct(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}
