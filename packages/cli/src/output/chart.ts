import type { Style } from './style';

const LEVELS = ' ▁▂▃▄▅▆▇█';

/**
 * An area chart of `values` (the cost after each step) in `height` rows of block characters, with
 * the range on the left and the step axis below. Each column shows the mean of its steps.
 */
export function renderChart(values: readonly number[], width: number, height: number, style: Style, unit = 'iterations'): string[] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [];
  const labelWidth = 10;
  const columns = Math.max(1, Math.min(width - labelWidth - 2, values.length));
  const means: number[] = [];
  for (let c = 0; c < columns; c++) {
    const start = Math.floor((c * values.length) / columns);
    const end = Math.max(start + 1, Math.floor(((c + 1) * values.length) / columns));
    let sum = 0;
    for (let k = start; k < end; k++) sum += values[k]!;
    means.push(sum / (end - start));
  }
  let low = Math.min(...means);
  let high = Math.max(...means);
  if (high === low) {
    high += 0.5;
    low -= 0.5;
  }
  const levels = (LEVELS.length - 1) * height;
  const heights = means.map((v) => Math.max(1, Math.round(((v - low) / (high - low)) * levels)));
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? high.toPrecision(4) : row === 0 ? low.toPrecision(4) : '';
    const cells = heights.map((h) => LEVELS[Math.max(0, Math.min(LEVELS.length - 1, h - row * (LEVELS.length - 1)))]!).join('');
    lines.push(`${label.padStart(labelWidth)} ┤${style.cyan(cells)}`);
  }
  const axisEnd = `${values.length} ${unit}`;
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(columns)}`);
  lines.push(`${' '.repeat(labelWidth)}  0${axisEnd.padStart(Math.max(axisEnd.length + 1, columns - 1))}`);
  return lines;
}
