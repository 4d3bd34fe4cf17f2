import type { Matrix } from '@ann/core/node';

/** `text` is a progress bar and pictures on a terminal, plain log lines elsewhere. */
export type OutputFormat = 'text' | 'quiet' | 'json';

/** What the header line describes. */
export interface RunDescription {
  /** Every layer's size, input and output included: `[2, 4, 1]`. */
  layerSizes: number[];
  hidden: string[];
  output: string;
  dataName: string;
  m: number;
  validation?: { name: string; m: number };
  learningRate: number;
  mode: 'iterations' | 'epochs';
  /** Iterations or epochs to reach. */
  total: number;
  /** Updates to reach (iterations, or epochs × mini-batches), for the progress bar. */
  totalSteps: number;
  batchSize?: number;
  optimizer: string;
  seed: number;
  /** Set when continuing a saved run. */
  resumed?: { path: string; steps: number };
}

/** A recorded cost: at iteration 0, N, 2N, … (or epochs), as core's onRecord gives it. */
export interface CostRecord {
  iteration?: number;
  epoch?: number;
  cost: number;
  validation?: { cost: number; accuracy: number };
}

/** One update, for the progress bar. */
interface StepRecord {
  /** Updates taken so far (after this one). */
  steps: number;
  epoch?: number;
  cost: number;
}

/** A core diagnostic, as printed. */
export interface Warning {
  code: string;
  message: string;
  iteration: number;
  epoch?: number;
  layer?: number;
}

/** Cost and accuracy (classification) or MSE, MAE and R² (regression). */
export interface Scores {
  cost: number;
  accuracy?: number;
  mse?: number;
  mae?: number;
  r2?: number;
}

export interface TrainingOutcome {
  train: Scores;
  test?: Scores;
  /** Where the model was saved. */
  model?: string;
  elapsedSeconds: number;
  stopReason: 'completed' | 'aborted' | 'earlyStopping';
  /** Updates taken in total. */
  iterations: number;
  /** Costs of every step, for the chart. */
  stepCosts: number[];
  /** For 2-D classification data: the raw inputs, labels and a predictor, for the boundary picture. */
  boundary?: { X: Matrix; Y: Matrix; predict: (X: Matrix) => Matrix; classes: number };
  parameterCount: number;
}

/** Receives the events of one training run and writes them in one output format. */
export interface TrainingReporter {
  start(run: RunDescription): void;
  progress(record: CostRecord): void;
  step(record: StepRecord): void;
  warning(warning: Warning): void;
  /** A line about the run for people (e.g. where an interrupted run was saved); stderr in JSON mode. */
  notice(text: string): void;
  /**
   * The progress of a phase outside training (loading, the final evaluation), on stderr: a live
   * line on a terminal, plain lines after a second elsewhere; none with --quiet.
   */
  phase(label: string, unit: ProgressUnit): Phase;
  finish(outcome: TrainingOutcome): void;
}

/**
 * What a phase counts: `bytes` as core's loadDataset reports a CSV file (each byte counted twice,
 * once per pass: `total` is twice the file's size), or `examples` evaluated.
 */
export type ProgressUnit = 'bytes' | 'examples';

/** One phase's progress: `update` with each report (a loader's or evaluator's onProgress), `end` once. */
export interface Phase {
  update(done: number, total: number): void;
  end(): void;
}
