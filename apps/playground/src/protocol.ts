// Messages between the page and the training worker. Every message about a run carries its
// runId, and every dataset its requestId, so the page can ignore a message it has already replaced.
import type { DiagnosticCode } from '@ann/core';
import type { DataConfig, TrainingConfig } from './config';
import type { DecisionBoundary, PlotBounds } from './plotGrid';

/** One point of the cost chart: x is the iteration (full batch) or the epoch (mini-batches). */
export interface CostRecord {
  step: number;
  /** The training cost core recorded at this step. */
  cost: number;
  /** The test set's cost at the same parameters, when there is a test set. */
  testCost?: number;
}

/** The dataset as plain arrays: point k is (x[k], y[k]) with class label[k] (0 or 1). */
export interface DatasetPoints {
  x: number[];
  y: number[];
  label: number[];
  /** True for the held-out test points (drawn hollow). */
  test: boolean[];
  bounds: PlotBounds;
}

/** A core Diagnostic, reduced to what the page shows. */
export interface DiagnosticItem {
  level: 'warning' | 'error';
  code: DiagnosticCode;
  message: string;
  iteration: number;
  epoch?: number;
  layer?: number;
}

/** Accuracy on the training and test sets (null without a test set). */
export interface Accuracies {
  train: number;
  test: number | null;
}

export type ToWorker =
  | { type: 'dataset'; requestId: number; data: DataConfig }
  | { type: 'train'; runId: number; config: TrainingConfig }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number };

export type FromWorker =
  | { type: 'dataset'; requestId: number; dataset: DatasetPoints }
  | {
      type: 'progress';
      runId: number;
      /** Costs recorded since the last progress message. */
      records: CostRecord[];
      /** Updates taken so far (and epochs completed, with mini-batches). */
      iteration: number;
      epoch: number;
      /** A fresh boundary and accuracies, every BOUNDARY_INTERVAL_MS or so, not on every message. */
      snapshot?: { boundary: DecisionBoundary; accuracy: Accuracies };
    }
  | { type: 'diagnostic'; runId: number; diagnostic: DiagnosticItem }
  | {
      type: 'done';
      runId: number;
      /** True when the run ended early because the user pressed Stop. */
      stopped: boolean;
      iteration: number;
      epoch: number;
      /** The final point of the cost chart: the costs after the last update, at its step. */
      final: CostRecord;
      accuracy: Accuracies;
      boundary: DecisionBoundary;
    }
  | {
      type: 'error';
      runId: number | null;
      /** 'divergence': core stopped the run on a NaN or Infinity (DivergenceError). */
      kind: 'divergence' | 'failure';
      message: string;
    };
