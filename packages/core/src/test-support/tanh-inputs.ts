// Inputs for the bit-identity tests of every tanh against math/tanh.ts (the wasm kernel, the
// standalone module's): test support, not exported from the package.

/** A seeded generator of 32-bit words (xorshift32), so the randomized inputs are the same every run. */
function words(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
}

/** The double `steps` ulps above x (below for negative steps), x > 0 finite. */
function ulpsAway(x: number, steps: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = bits[0]! + BigInt(steps);
  return f[0]!;
}

/**
 * 1,000,000+ inputs: uniform draws in every range of the method (|x| < 2⁻²⁸, up to 1, up to 22,
 * beyond), draws of every bit pattern (subnormals, NaN payloads, infinities, huge values), ±64 ulps
 * around each boundary (2⁻²⁸, 1, 22, the |x| where expm1's k changes from 0 to -1 and from -1 to the
 * rounded formula, and every (j - ½)·ln2/2 where the rounded k steps, j = 2 … 64), and the special
 * values; both signs of each.
 */
export function randomizedTanhInputs(): Float64Array {
  const next = words(2026);
  const uniform = (): number => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
  const bits = new DataView(new ArrayBuffer(8));
  const fromWords = (high: number, low: number): number => {
    bits.setUint32(0, high);
    bits.setUint32(4, low);
    return bits.getFloat64(0);
  };
  // |u| thresholds of fdlibm's expm1 (the doubles 0x3FD62E43_00000000, 0x3FF0A2B2_00000000) at |x| = |u|/2
  const boundaries = [2 ** -28, 1, 22, 19.06, fromWords(0x3fd62e43, 0) / 2, fromWords(0x3ff0a2b2, 0) / 2];
  for (let j = 2; j <= 64; j++) boundaries.push(((j - 0.5) * Math.LN2) / 2);
  const specials = [0, 5e-324, 3 * 5e-324, 2 ** -1022, 2 ** -1022 - 5e-324, Infinity, Number.NaN, 22, 1e308, Number.MAX_VALUE];
  const half = 500_000;
  const out = new Float64Array(2 * half);
  let n = 0;
  for (const b of boundaries) for (let i = -64; i <= 64; i++) out[n++] = ulpsAway(b, i);
  for (const v of specials) out[n++] = v;
  while (n < half) {
    const kind = n % 6;
    if (kind === 0) out[n] = uniform() * 2 ** -28;
    else if (kind === 1) out[n] = uniform();
    else if (kind === 2 || kind === 3) out[n] = 1 + uniform() * 21;
    else if (kind === 4) out[n] = 22 + uniform() * 1000;
    else out[n] = fromWords(next() & 0x7fffffff, next());
    n++;
  }
  for (let i = 0; i < half; i++) out[half + i] = -out[i]!;
  return out;
}
