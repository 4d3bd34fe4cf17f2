import type { FloatArray, Matrix } from '../matrix';
import type { EarlyStoppingOptions } from './fit-options';

/**
 * Early stopping on the validation cost: training stops after `patience` recorded evaluations in a
 * row without a decrease of more than `minDelta` below the best cost so far, and (unless
 * `restoreBest` is false) the parameters go back to those of the best evaluation.
 *
 * `state` is every matrix training changes: the parameters and batch norm's running statistics.
 */
export class EarlyStopping {
  /** The best validation cost so far, and the evaluations since it. */
  best = Infinity;
  wait = 0;
  private snapshot: FloatArray[] | null = null;
  private readonly options: EarlyStoppingOptions;
  private readonly state: readonly Matrix[];

  constructor(options: EarlyStoppingOptions, state: readonly Matrix[]) {
    this.options = options;
    this.state = state;
  }

  /** Takes a recorded validation cost; returns true when training stops (the best parameters restored). */
  update(validationCost: number): boolean {
    const restoreBest = this.options.restoreBest !== false;
    if (validationCost < this.best - (this.options.minDelta ?? 0)) {
      this.best = validationCost;
      this.wait = 0;
      if (restoreBest) this.snapshot = this.state.map((M) => M.data.slice());
      return false;
    }
    this.wait++;
    if (this.wait < this.options.patience) return false;
    if (restoreBest && this.snapshot) this.state.forEach((M, k) => M.data.set(this.snapshot![k]!));
    return true;
  }
}
