import type { CostRecord, RunDescription, Scores, Warning } from './reporter';

/** `Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 10000 iterations, seed 2` */
export function formatHeader(run: RunDescription): string {
  const distinctHidden = [...new Set(run.hidden)];
  const hidden = distinctHidden.length === 0 ? '' : `${distinctHidden.length === 1 ? distinctHidden[0] : run.hidden.join(',')}/`;
  const validation = run.validation ? `, validating on ${run.validation.name} (m = ${run.validation.m})` : '';
  const length =
    run.mode === 'iterations'
      ? `${run.total} iteration${run.total === 1 ? '' : 's'}`
      : `${run.total} epoch${run.total === 1 ? '' : 's'}${run.batchSize !== undefined ? ` of mini-batches of ${run.batchSize}` : ''}`;
  const optimizer = run.optimizer === 'gd' ? '' : `, ${run.optimizer}`;
  return (
    `Training [${run.layerSizes.join(', ')}] ${hidden}${run.output} on ${run.dataName} (m = ${run.m})${validation}, ` +
    `lr ${run.learningRate}${optimizer}, ${length}, seed ${run.seed}`
  );
}

/** The course's `"Cost after iteration %i: %f"` (or epoch), plus validation scores when there are any. */
export function formatCost(record: CostRecord): string {
  const where = record.epoch !== undefined ? `epoch ${record.epoch}` : `iteration ${record.iteration}`;
  const validation = record.validation
    ? ` (validation cost ${record.validation.cost.toFixed(6)}${Number.isNaN(record.validation.accuracy) ? '' : `, accuracy ${percent(record.validation.accuracy)}`})`
    : '';
  return `Cost after ${where}: ${record.cost.toFixed(6)}${validation}`;
}

/** `Accuracy: 90.50%` from a fraction such as 0.905. */
export function formatAccuracy(accuracy: number, label = 'Accuracy'): string {
  return `${label}: ${percent(accuracy)}`;
}

/** The result lines for one data set: accuracy, or MSE/MAE/R² for regression. */
export function formatScores(scores: Scores, label: 'train' | 'test'): string {
  if (scores.accuracy !== undefined) return formatAccuracy(scores.accuracy, label === 'train' ? 'Accuracy' : 'Test accuracy');
  const prefix = label === 'train' ? '' : 'Test ';
  return `${prefix}MSE: ${number(scores.mse)}, MAE: ${number(scores.mae)}, R²: ${number(scores.r2)}`;
}

export function formatElapsed(seconds: number): string {
  return `Elapsed: ${seconds.toFixed(2)} s`;
}

/** `warning: the cost rose … [costRising, iteration 300]` */
export function formatWarning(warning: Warning): string {
  const where = warning.epoch !== undefined ? `epoch ${warning.epoch}` : `iteration ${warning.iteration}`;
  return `warning: ${warning.message} [${warning.code}, ${where}]`;
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

function number(value: number | undefined): string {
  return value === undefined ? '–' : Number(value.toPrecision(6)).toString();
}

/** `1m05s`, `12s`, `0.4s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
