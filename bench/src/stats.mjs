/** Median of a non-empty list. */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Warms `run` up, then picks k (steps per sample) so that each sample lasts about `sampleMs`, which
 * keeps timer resolution out of sub-millisecond steps. The warm-up runs for at least `warmUpMs`
 * (JavaScript engines optimize a function only after it has run a while, so without it a fast
 * step's k came from its slow first call) in runs of doubling length: a sample is one long run, and
 * a warm-up of single-step runs trained the engine on the first step of each run (ann records the
 * cost there, and skips it on later steps), so the timed run then spent its start re-optimizing.
 * `settle`, for systems that queue work (jax-js, TF.js webgl), resolves once the queued steps ran.
 */
export async function calibrate(run, sampleMs, warmUpMs = 400, settle = undefined) {
  const start = performance.now();
  let k = 1;
  let perStep = Infinity;
  for (let calls = 0; calls < 2 || performance.now() - start < warmUpMs; calls++) {
    perStep = await timeSteps(run, k, settle);
    if (perStep * k * 2 < sampleMs) k *= 2;
  }
  return Math.max(1, Math.min(10_000, Math.round(sampleMs / Math.max(perStep, 1e-3))));
}

/** Milliseconds per step of `run(k)`, waiting for `settle()` where the system queues its work. */
export async function timeSteps(run, k, settle = undefined) {
  const t = performance.now();
  run(k);
  if (settle) await settle();
  return (performance.now() - t) / k;
}

/** "12.3" style formatting with a sensible number of digits. */
export function fmt(x, digits = 3) {
  if (x === undefined || x === null || Number.isNaN(x)) return '–';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
  return Number(x.toPrecision(digits)).toString();
}
