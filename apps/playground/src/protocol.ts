// Messages between the page and the training worker. Every message about a run carries its
// runId, so the page can ignore a message from a run it has already replaced.
import type { TrainingConfig } from './config';
import type { DecisionBoundary, PlotBounds } from './plotGrid';

export interface CostRecord {
  iteration: number;
  cost: number;
}

/** The dataset as plain arrays: point k is (x[k], y[k]) with class label[k] (0 or 1). */
export interface DatasetPoints {
  x: number[];
  y: number[];
  label: number[];
  bounds: PlotBounds;
}

export type ToWorker = { type: 'train'; runId: number; config: TrainingConfig } | { type: 'stop'; runId: number };

export type FromWorker =
  | { type: 'dataset'; dataset: DatasetPoints }
  | {
      type: 'progress';
      runId: number;
      /** Costs recorded during this chunk, with iteration numbers counted from the start of the run. */
      records: CostRecord[];
      /** Iterations completed so far, and the cost of the current parameters. */
      iteration: number;
      cost: number;
    }
  | {
      type: 'done';
      runId: number;
      /** True when the run ended early because the user pressed Stop. */
      stopped: boolean;
      iteration: number;
      cost: number;
      accuracy: number;
      boundary: DecisionBoundary;
    }
  | { type: 'error'; runId: number | null; message: string };
