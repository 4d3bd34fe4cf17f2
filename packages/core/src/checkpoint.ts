import type { OptimizerState } from './optimizers';
import type { RandomStateSnapshot } from './random';

// The trainer's saved state, apart from the Trainer (so that the model file's reader can name it).

/** Everything needed to continue a run bit for bit (with the network's parameters, saved separately). */
export interface TrainingCheckpoint {
  format: 'ann-training';
  version: 1;
  mode: 'iterations' | 'epochs';
  /** Updates taken. */
  iteration: number;
  /** Epochs completed (epochs mode). */
  epoch: number;
  /** The next mini-batch of the current epoch, and what that epoch has accumulated so far. */
  batch: number;
  epochLoss: number;
  epochPenalty: number;
  permutation: number[] | null;
  optimizer: OptimizerState;
  rng: RandomStateSnapshot;
  earlyStopping: { best: number; wait: number } | null;
}
