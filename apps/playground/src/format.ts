// How numbers read on the page, and the axis ticks of the plots. Pure, unit-tested.

/** A cost or value with 4 significant digits (`0.6931`, `12.35`, `1.235e-5`); `—` when not finite. */
export function formatCost(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0.000';
  const magnitude = Math.abs(value);
  // Exponent form only where fixed notation would need more than 4 leading zeros or digits.
  if (magnitude < 1e-4 || magnitude >= 1e5) return value.toExponential(3).replace('e+', 'e');
  return value.toPrecision(4);
}

/** An accuracy (a fraction) as a percentage with one decimal (`91.3%`); `—` for regression (NaN). */
export function formatAccuracy(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A weight or bias in a tooltip: 3 decimals, or 3 significant digits for very small or large values. */
export function formatWeight(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 0.001 || magnitude >= 1e4)) return value.toExponential(2).replace('e+', 'e');
  return value.toFixed(3);
}

/** A number for a select's option: as short as it reads exactly (1e-5 as 0.00001). */
export function formatChoice(value: number): string {
  // toPrecision(12) drops binary noise (0.1 + 0.2 reads 0.3), Number() drops trailing zeros.
  const text = String(Number(value.toPrecision(12)));
  if (!text.includes('e') || Math.abs(value) < 1e-6 || Math.abs(value) >= 1e21) return text;
  // Small rates such as 1e-5 read better written out in full, as the other choices are; below
  // 1e-6 (a learning rate from a link, such as 1e-12) the zeros are past counting: 1e-12 stays.
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** A "nice" step (1, 2 or 5 times a power of ten) near `span / target`. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  // Rounded to the nearest of 1, 2, 5, 10 (geometric midpoints), so the count stays near the target.
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * power;
}

/** Ticks at multiples of a 1-2-5 step covering [min, max] (about `target` of them, ends included when on a step). */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) return [min];
  const step = niceStep(max - min, target);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Integer ticks (epochs): a 1-2-5 step of at least 1. */
export function integerTicks(min: number, max: number, target = 5): number[] {
  const step = Math.max(1, niceStep(max - min, target));
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max; k++) ticks.push(k * step);
  return ticks;
}

/** Ticks of a log axis: the powers of ten in [min, max], or 1-2-5 steps when the range spans less than a decade. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    for (const m of hi - lo <= 2 ? [1, 2, 5] : [1]) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks;
}

/** A tick label: short, no binary noise (`0.30000000000000004` reads `0.3`). */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(0).replace('e+', 'e');
  if (magnitude >= 1000) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

export interface AxisRange {
  min: number;
  max: number;
}

/**
 * The cost chart's y range: the data's range padded by 8% of its span, the span at least
 * `minSpan` of the values' size, so a flat curve sits inside the frame instead of on it. On a log
 * axis the same happens in log10 space.
 */
export function costRange(values: readonly number[], log: boolean): AxisRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && !(v > 0))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return log ? { min: 0.1, max: 1 } : { min: 0, max: 1 };
  if (log) {
    let a = Math.log10(lo);
    let b = Math.log10(hi);
    if (b - a < 0.2) {
      const mid = (a + b) / 2;
      a = mid - 0.1;
      b = mid + 0.1;
    }
    const pad = (b - a) * 0.08;
    return { min: 10 ** (a - pad), max: 10 ** (b + pad) };
  }
  // A flat line at cost c gets a span of 10% of |c| (at least 1e-3), centred on it.
  const minSpan = Math.max(1e-3, Math.abs(hi) * 0.1);
  if (hi - lo < minSpan) {
    const mid = (lo + hi) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = (hi - lo) * 0.08;
  // Costs are never negative: keep 0 as the floor when the padding would cross it.
  const min = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
  return { min, max: hi + pad };
}
