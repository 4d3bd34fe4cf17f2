import type { Io } from './command';

export type OutputFormat = 'text' | 'quiet' | 'json';

/** What the header line describes. */
export interface RunDescription {
  /** Every layer's size, input and output included: `[2, 4, 1]`. */
  layerSizes: number[];
  hidden: string[];
  output: string;
  dataName: string;
  m: number;
  learningRate: number;
  iterations: number;
  seed: number;
}

export interface CostRecord {
  iteration: number;
  cost: number;
}

/** The result on the training set as `Network.evaluate` gives it: `accuracy` is a fraction in [0, 1]. */
export interface TrainingOutcome {
  train: { cost: number; accuracy: number };
  elapsedSeconds: number;
}

/** Receives the events of one training run and writes them in one output format. */
export interface TrainingReporter {
  start(run: RunDescription): void;
  progress(record: CostRecord): void;
  finish(outcome: TrainingOutcome): void;
}

/** `Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 10000 iterations, seed 2` */
export function formatHeader(run: RunDescription): string {
  const distinctHidden = [...new Set(run.hidden)];
  const hidden = distinctHidden.length === 1 ? distinctHidden[0] : run.hidden.join(',');
  return (
    `Training [${run.layerSizes.join(', ')}] ${hidden}/${run.output} on ${run.dataName} (m = ${run.m}), ` +
    `lr ${run.learningRate}, ${run.iterations} iteration${run.iterations === 1 ? '' : 's'}, seed ${run.seed}`
  );
}

/** The course's `"Cost after iteration %i: %f"`. */
export function formatCost(record: CostRecord): string {
  return `Cost after iteration ${record.iteration}: ${record.cost.toFixed(6)}`;
}

/** `Accuracy: 90.50%` from a fraction such as 0.905. */
export function formatAccuracy(accuracy: number): string {
  return `Accuracy: ${(accuracy * 100).toFixed(2)}%`;
}

export function formatElapsed(seconds: number): string {
  return `Elapsed: ${seconds.toFixed(2)} s`;
}

export function createReporter(format: OutputFormat, io: Io): TrainingReporter {
  const line = (text: string) => io.stdout.write(`${text}\n`);
  switch (format) {
    case 'text':
      return {
        start: (run) => line(formatHeader(run)),
        progress: (record) => line(formatCost(record)),
        finish: (outcome) => {
          line(formatAccuracy(outcome.train.accuracy));
          line(formatElapsed(outcome.elapsedSeconds));
        },
      };
    case 'quiet':
      return {
        start: () => {},
        progress: () => {},
        finish: (outcome) => line(formatAccuracy(outcome.train.accuracy)),
      };
    case 'json':
      return {
        start: () => {},
        progress: (record) => line(JSON.stringify({ type: 'progress', iteration: record.iteration, cost: record.cost })),
        finish: (outcome) => line(JSON.stringify({ type: 'result', ...outcome })),
      };
  }
}
