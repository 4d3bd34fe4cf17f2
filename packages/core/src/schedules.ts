import { ValueError } from './errors';

/**
 * Learning-rate schedules, as functions of the epoch e (counted from 0; in full-batch `iterations`
 * mode every iteration is one pass over the data, so e is the iteration):
 *   inverseTime: α = α0 / (1 + decayRate·⌊e / timeInterval⌋)   (C2W2; timeInterval 1 is update_lr,
 *                                                               larger values schedule_lr_decay)
 *   exponential: α = α0 · decayRate^(e / decaySteps)
 *   step:        α = α0 · factor^⌊e / every⌋
 * Unlike the course notebook, epoch e itself uses α(e) (the notebook recomputes α after an epoch's
 * updates, so its first two epochs both use α0).
 */
export type LearningRateSchedule =
  | { type: 'inverseTime'; decayRate: number; timeInterval?: number }
  | { type: 'exponential'; decayRate: number; decaySteps?: number }
  | { type: 'step'; factor: number; every: number };

export function validateSchedule(schedule: unknown, fn: string): LearningRateSchedule {
  if (schedule === null || typeof schedule !== 'object') {
    throw new ValueError(`${fn}: schedule must be an object such as { type: 'inverseTime', decayRate: 1 }`);
  }
  const s = schedule as Record<string, unknown>;
  const positive = (key: string, optional: boolean): void => {
    const v = s[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new ValueError(`${fn}: schedule.${key} must be a positive finite number, got ${String(v)}`);
    }
  };
  const nonNegative = (key: string): void => {
    const v = s[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ValueError(`${fn}: schedule.${key} must be a non-negative finite number, got ${String(v)}`);
    }
  };
  switch (s.type) {
    case 'inverseTime':
      nonNegative('decayRate');
      positive('timeInterval', true);
      break;
    case 'exponential':
      positive('decayRate', false);
      positive('decaySteps', true);
      break;
    case 'step':
      positive('factor', false);
      positive('every', false);
      break;
    default:
      throw new ValueError(`${fn}: schedule.type must be 'inverseTime', 'exponential' or 'step', got ${JSON.stringify(s.type)}`);
  }
  return schedule as LearningRateSchedule;
}

/** α for epoch e (from 0) under a schedule; α0 without one. */
export function scheduledLearningRate(learningRate0: number, schedule: LearningRateSchedule | null, epoch: number): number {
  if (!schedule) return learningRate0;
  switch (schedule.type) {
    case 'inverseTime':
      return learningRate0 / (1 + schedule.decayRate * Math.floor(epoch / (schedule.timeInterval ?? 1)));
    case 'exponential':
      return learningRate0 * Math.pow(schedule.decayRate, epoch / (schedule.decaySteps ?? 1));
    case 'step':
      return learningRate0 * Math.pow(schedule.factor, Math.floor(epoch / schedule.every));
  }
}
