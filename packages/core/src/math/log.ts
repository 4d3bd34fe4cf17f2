/**
 * The natural logarithm, correctly rounded in all but vanishingly rare cases, for numpy's legacy
 * `randn`. numpy calls the C library's `log`, which is correctly rounded far more often than V8's
 * `Math.log` (fdlibm, under 1 ulp): on the polar Box–Muller inputs about 8% of `Math.log` results
 * differ from glibc's in the last bit, and the difference can grow to 2 ulp in a normal draw.
 *
 * Method: x = 2^k·f with f in [√½, √2]; log f = 2·atanh(s) with s = (f - 1)/(f + 1), |s| ≤ 0.172,
 * so log x = k·ln2 + 2s + 2s³/3 + 2s⁵·(1/5 + s²/7 + …). The leading terms are carried in
 * double-double arithmetic (an unevaluated sum hi + lo); the tail, at most 2·10⁻⁴ of the result,
 * in plain doubles. The error before the final rounding is about 10⁻²⁰ relative (10⁻⁴ ulp).
 */

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const THIRD_HI = 0.3333333333333333;
const THIRD_LO = 1.850371707708594e-17;
const SPLITTER = 134217729; // 2^27 + 1, Dekker's split constant
const SQRT2 = Math.SQRT2;

const view = new DataView(new ArrayBuffer(8));

// Results of the double-double helpers, kept in module scope so the hot path allocates nothing.
let rHi = 0;
let rLo = 0;

/** hi + lo = a·b exactly (Dekker's product). */
function twoProduct(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  rHi = p;
  rLo = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** (aHi + aLo)·(bHi + bLo) as a normalised double-double. */
function ddMul(aHi: number, aLo: number, bHi: number, bLo: number): void {
  twoProduct(aHi, bHi);
  const p = rHi;
  const e = rLo + (aHi * bLo + aLo * bHi);
  rHi = p + e;
  rLo = e - (rHi - p);
}

/** (aHi + aLo) + (bHi + bLo) as a normalised double-double (Knuth's two-sum on the leading parts). */
function ddAdd(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const s = aHi + bHi;
  const v = s - aHi;
  const e = aHi - (s - v) + (bHi - v) + aLo + bLo;
  rHi = s + e;
  rLo = e - (rHi - s);
}

/** ln(x) for a positive finite x; NaN, 0, negative and infinite inputs follow Math.log. */
export function accurateLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  view.setFloat64(0, x);
  let hiWord = view.getUint32(0);
  let k = 0;
  if (hiWord < 0x00100000) {
    // Subnormal: scale into the normal range first.
    view.setFloat64(0, x * 18014398509481984); // 2^54
    hiWord = view.getUint32(0);
    k = -54;
  }
  k += (hiWord >>> 20) - 1023;
  view.setUint32(0, (hiWord & 0x000fffff) | 0x3ff00000);
  let f = view.getFloat64(0); // in [1, 2)
  if (f > SQRT2) {
    f *= 0.5;
    k += 1;
  }
  if (f === 1) return k * LN2_HI + k * LN2_LO;

  // s = (f - 1)/(f + 1) in double-double. f - 1 is exact (Sterbenz); f + 1 may round.
  const num = f - 1;
  const den = f + 1;
  const denLo = f - (den - 1);
  const sHi = num / den;
  twoProduct(sHi, den);
  const sLo = (num - rHi - rLo - sHi * denLo) / den;

  // s² and s³ in double-double.
  ddMul(sHi, sLo, sHi, sLo);
  const s2Hi = rHi;
  const s2Lo = rLo;
  ddMul(s2Hi, s2Lo, sHi, sLo);
  const s3Hi = rHi;
  const s3Lo = rLo;
  // 2s³/3 in double-double.
  ddMul(s3Hi, s3Lo, THIRD_HI, THIRD_LO);
  const t3Hi = 2 * rHi;
  const t3Lo = 2 * rLo;
  // 2s⁵·(1/5 + s²/7 + s⁴/9 + …): |s²| ≤ 0.0295, 13 terms reach far below the double-double error.
  const z = s2Hi;
  let poly = 1 / 29;
  for (let n = 27; n >= 5; n -= 2) poly = poly * z + 1 / n;
  const tail = 2 * s3Hi * z * poly;

  // log f = 2s + 2s³/3 + tail
  ddAdd(2 * sHi, 2 * sLo, t3Hi, t3Lo);
  ddAdd(rHi, rLo, tail, 0);
  if (k === 0) return rHi + rLo;
  const logHi = rHi;
  const logLo = rLo;
  // k·ln2 in double-double, then the sum.
  twoProduct(k, LN2_HI);
  const kHi = rHi;
  const kLo = rLo + k * LN2_LO;
  ddAdd(kHi, kLo, logHi, logLo);
  return rHi + rLo;
}
