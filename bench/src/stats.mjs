/** Median of a non-empty list. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Warms `run` up, then picks k (steps per sample) so that each sample lasts about `sampleMs`, which
 * keeps timer resolution out of sub-millisecond steps. The warm-up runs single steps for at least
 * `warmUpMs` (and at least twice): JavaScript engines optimize a function only after it has run a
 * while, so without it a fast step's k came from its slow first call and every sample of a
 * small workload measured code that was still being compiled (TF.js and brain.js warm up alike).
 */
export function calibrate(run, sampleMs, warmUpMs = 400) {
  const start = performance.now();
  for (let calls = 0; calls < 2 || performance.now() - start < warmUpMs; calls++) run(1);
  const t = performance.now();
  run(1);
  const step = performance.now() - t;
  return Math.max(1, Math.min(10_000, Math.round(sampleMs / Math.max(step, 1e-3))));
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
