/** Median of a non-empty list. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Times `run(k)` (k steps back to back) and returns ms per step. k is picked from a warm-up so that
 * each sample lasts about `sampleMs`, which keeps timer resolution out of sub-millisecond steps.
 */
export function calibrate(run, sampleMs) {
  let t = performance.now();
  run(1);
  const first = performance.now() - t;
  return Math.max(1, Math.min(10_000, Math.round(sampleMs / Math.max(first, 1e-3))));
}

export function timeSteps(run, k) {
  const t = performance.now();
  run(k);
  return (performance.now() - t) / k;
}

/** "12.3" style formatting with a sensible number of digits. */
export function fmt(x, digits = 3) {
  if (x === undefined || x === null || Number.isNaN(x)) return '–';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
  return Number(x.toPrecision(digits)).toString();
}
