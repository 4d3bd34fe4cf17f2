/**
 * tanh(x) by fdlibm's method (Sun's freely distributable libm, the algorithm behind V8's `Math.tanh`
 * up to Node 20 and many C libraries), so every backend computes the same bits on every host:
 * `Math.tanh` is whatever the JavaScript engine links (V8 later switched it to the C library's), and
 * the wasm backend's vectorized kernel (backend/wasm/elementwise-f64.wat) does exactly these
 * operations, two lanes at a time. Where `Math.tanh` is fdlibm's (Node 20 here) the results equal it
 * bit for bit (fixtures/tanh.json, made by fixtures/generate_tanh.py); within 2 ulp of the
 * correctly rounded value (fdlibm's own accuracy; most results are correctly rounded).
 *
 *   |x| < 2⁻²⁸:      tanh x = x
 *   2⁻²⁸ ≤ |x| < 1:  t = expm1(-2|x|), tanh |x| = -t/(t + 2)
 *   1 ≤ |x| < 22:    t = expm1(2|x|),  tanh |x| = 1 - 2/(t + 2)
 *   |x| ≥ 22:        tanh |x| = 1 (it rounds to 1 past 19.06), with x's sign; NaN stays NaN.
 */
export function tanh(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 22)) return ax === ax ? (x > 0 ? 1 : -1) : x; // ±1, or NaN
  if (ax < TINY) return x;
  let z: number;
  if (ax >= 1) {
    const t = expm1OnTanhDomain(2 * ax);
    z = 1 - 2 / (t + 2);
  } else {
    const t = expm1OnTanhDomain(-2 * ax);
    z = -t / (t + 2);
  }
  return x < 0 ? -z : z;
}

/** 2⁻²⁸: below it tanh x rounds to x. (This and the constants below are also written into the standalone modules of model/standalone.ts.) */
export const TINY = 2 ** -28;

/**
 * e^u - 1 by fdlibm's expm1, for the arguments tanh gives it: u in (-2, -2⁻²⁷] or [2, 44). That
 * domain drops fdlibm's branches for overflow, for u < -56·ln2 and for |u| < 2⁻⁵⁴ (never reached),
 * and its k = 1 branch (0.5·ln2 < u < 1.5·ln2 is never asked for).
 *
 * u = k·ln2 + r with |r| ≤ ½ln2 (ln2 split into hi + lo, hi short enough that k·hi is exact, and the
 * rounding of r carried in c); expm1(r) = r - E from a degree-5 rational fit in r² (R1 below); then
 * expm1(u) = 2^k·(expm1(r) + 1) - 1, arranged per range of k so that nothing cancels.
 */
function expm1OnTanhDomain(u: number): number {
  const au = Math.abs(u);
  let k: number;
  if (au < HALF_LN2_BOUND) k = 0;
  else if (au < THREE_HALVES_LN2_BOUND) k = u > 0 ? 1 : -1;
  else k = Math.trunc(INV_LN2 * u + (u > 0 ? 0.5 : -0.5));
  // With k = 0 these give r = u and c = 0 exactly, so one reduction serves every k.
  const hi = u - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const c = hi - r - lo;

  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const R1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  const t = 3 - R1 * hfx;
  let e = hxs * ((R1 - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  e = r * (e - c) - c - hxs;
  if (k === -1) return 0.5 * (r - e) - 0.5;
  const twoToK = powerOfTwo(k);
  if (k <= -2 || k > 56) return (1 - (e - r)) * twoToK - 1;
  if (k < 20) return (1 - powerOfTwo(-k) - (e - r)) * twoToK; // 1 - 2^-k is exact
  return (r - (e + powerOfTwo(-k)) + 1) * twoToK;
}

/** The double whose IEEE 754 bits are (high, low) 32-bit words. */
function fromWords(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

/** 2^k for the k expm1OnTanhDomain uses (|k| ≤ 64), exact. */
function powerOfTwo(k: number): number {
  return POWERS_OF_TWO[k + 64]!;
}
const POWERS_OF_TWO = new Float64Array(129); // by repeated doubling and halving: every entry exact
POWERS_OF_TWO[64] = 1;
for (let i = 1; i <= 64; i++) {
  POWERS_OF_TWO[64 + i] = POWERS_OF_TWO[63 + i]! * 2;
  POWERS_OF_TWO[64 - i] = POWERS_OF_TWO[65 - i]! / 2;
}

// fdlibm's range tests read the high word of |u|: `hx > 0x3FD62E42` (|u| > ½ln2) is |u| ≥ the double
// with high word 0x3FD62E43, and `hx < 0x3FF0A2B2` (|u| < 1.5·ln2) is |u| < the double 0x3FF0A2B2_00000000.
export const HALF_LN2_BOUND = fromWords(0x3fd62e43, 0);
export const THREE_HALVES_LN2_BOUND = fromWords(0x3ff0a2b2, 0);
export const LN2_HI = fromWords(0x3fe62e42, 0xfee00000); // 6.93147180369123816490e-01
export const LN2_LO = fromWords(0x3dea39ef, 0x35793c76); // 1.90821492927058770002e-10
export const INV_LN2 = fromWords(0x3ff71547, 0x652b82fe); // 1.44269504088896338700e+00
// R1(z) ≈ 1 + Q1·z + … + Q5·z⁵ with z = r²/2 (fdlibm's coefficients, scaled by 2ⁿ)
export const Q1 = fromWords(0xbfa11111, 0x111110f4); // -3.33333333333331316428e-02
export const Q2 = fromWords(0x3f5a01a0, 0x19fe5585); // 1.58730158725481460165e-03
export const Q3 = fromWords(0xbf14ce19, 0x9eaadbb7); // -7.93650757867487942473e-05
export const Q4 = fromWords(0x3ed0cfca, 0x86e65239); // 4.00821782732936239552e-06
export const Q5 = fromWords(0xbe8afdb7, 0x6e09c32d); // -2.01099218183624371326e-07
