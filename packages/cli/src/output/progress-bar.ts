import { formatDuration, percent } from './format';
import type { Style } from './style';

interface BarState {
  steps: number;
  totalSteps: number;
  /** What the count is in: `iteration 4500/10000` or `epoch 3/100`. */
  position: string;
  cost?: number;
  validationAccuracy?: number;
  elapsedSeconds: number;
}

/**
 * One line: `  45% ████████░░░░░░░░  iteration 4500/10000  cost 0.254385  val 80.00%  ETA 3.1s`,
 * fitted to `width` columns (the bar shrinks first). The ETA assumes the remaining steps take as long
 * as the ones so far.
 */
export function renderBar(state: BarState, width: number, style: Style): string {
  const fraction = state.totalSteps > 0 ? Math.min(1, state.steps / state.totalSteps) : 1;
  const remaining = state.steps > 0 ? (state.elapsedSeconds / state.steps) * (state.totalSteps - state.steps) : Number.NaN;
  const parts = [
    state.position,
    state.cost !== undefined ? `cost ${state.cost.toFixed(6)}` : '',
    state.validationAccuracy !== undefined && !Number.isNaN(state.validationAccuracy) ? `val ${percent(state.validationAccuracy)}` : '',
    fraction < 1 ? `ETA ${formatDuration(remaining)}` : `${formatDuration(state.elapsedSeconds)}`,
  ].filter((part) => part !== '');
  const label = percentLabel(fraction);
  const tail = parts.join('  ');
  return `${label} ${bar(fraction, width - label.length - tail.length - 5, style)}  ${tail}`;
}

/** `  45%`: the whole percent, right-aligned in four columns. */
export function percentLabel(fraction: number): string {
  return `${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/** `████████░░░░░░░░`: `fraction` of a bar of `room` columns, kept within 10 to 40. */
export function bar(fraction: number, room: number, style: Style): string {
  const barWidth = Math.max(10, Math.min(40, room));
  const filled = Math.round(fraction * barWidth);
  return style.cyan('█'.repeat(filled)) + style.dim('░'.repeat(barWidth - filled));
}
