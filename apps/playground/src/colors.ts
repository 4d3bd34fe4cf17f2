// Colours of the maps, the links and the points. Orange for negative / class 0 and blue for
// positive / class 1, as TensorFlow Playground has them: the pair differs in lightness and along
// the blue–yellow axis, so it stays distinct for red–green colour blindness. The multi-class
// palette is Okabe & Ito's colour-blind-safe set. Pure functions writing into ImageData buffers.

export type RGB = readonly [number, number, number];

export const NEGATIVE: RGB = [232, 125, 14];
export const POSITIVE: RGB = [18, 110, 186];
/** The middle of the diverging scale: near white, so the data points stay readable on it. */
export const NEUTRAL: RGB = [246, 246, 244];

/** Okabe–Ito: blue, orange, bluish green, reddish purple, vermillion, sky blue. */
export const CLASS_COLORS: readonly RGB[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [213, 94, 0],
  [86, 180, 233],
];

export function css([r, g, b]: RGB, alpha = 1): string {
  return alpha === 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha})`;
}

/** The colour a fraction t of the way from a to b. */
export function mix(a: RGB, b: RGB, t: number): RGB {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** The diverging scale at t in [-1, 1]: orange at -1, near white at 0, blue at 1. */
export function diverging(t: number): RGB {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return c < 0 ? mix(NEUTRAL, NEGATIVE, -c) : mix(NEUTRAL, POSITIVE, c);
}

/** The middle of the data points' scale: a mid grey, so a point near the middle value stays a visible disc on the near-white map. */
export const POINT_MIDDLE: RGB = [140, 144, 148];

/** A data point's colour for a value at t in [-1, 1]: orange at -1, grey at 0, blue at 1. */
export function pointDiverging(t: number): RGB {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  return c < 0 ? mix(POINT_MIDDLE, NEGATIVE, -c) : mix(POINT_MIDDLE, POSITIVE, c);
}

/** 256 entries of the diverging scale from -1 to 1, so painting a map is a table look-up per cell. */
const LUT_SIZE = 256;
const DIVERGING_LUT = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = diverging((i / (LUT_SIZE - 1)) * 2 - 1);
    lut[i * 3] = r;
    lut[i * 3 + 1] = g;
    lut[i * 3 + 2] = b;
  }
  return lut;
})();

/**
 * The LUT index of t in [-1, 1]; `levels` > 0 snaps t to that many bands per side first, and
 * `cap` scales the result (hard classes at full strength would hide the data points).
 */
export function lutIndex(t: number, levels = 0, cap = 1): number {
  let c = Number.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
  if (levels > 0) c = Math.sign(c) * Math.min(1, Math.ceil(Math.abs(c) * levels - 1e-9) / levels);
  return Math.round(((c * cap + 1) / 2) * (LUT_SIZE - 1));
}

/** Writes pixel k of an RGBA buffer, opaque. */
function putPixel(out: Uint8ClampedArray, k: number, r: number, g: number, b: number): void {
  const o = k * 4;
  out[o] = r;
  out[o + 1] = g;
  out[o + 2] = b;
  out[o + 3] = 255;
}

/**
 * Paints values on the diverging scale into RGBA pixels: t = (v - center) / halfSpan. With
 * `levels` > 0 the colours come in bands (the discretized output).
 */
export function paintDiverging(
  out: Uint8ClampedArray,
  values: ArrayLike<number>,
  center: number,
  halfSpan: number,
  levels = 0,
  cap = 1,
): void {
  const scale = halfSpan > 0 ? 1 / halfSpan : 0;
  for (let k = 0; k < values.length; k++) {
    const i = lutIndex((values[k]! - center) * scale, levels, cap) * 3;
    putPixel(out, k, DIVERGING_LUT[i]!, DIVERGING_LUT[i + 1]!, DIVERGING_LUT[i + 2]!);
  }
}

/**
 * Paints a multi-class map: each cell the colour of its predicted class, from near white at
 * chance confidence (1/K) to the full colour (or `maxStrength` of it) at certainty. Discretized: one flat tone per class.
 */
export function paintClasses(
  out: Uint8ClampedArray,
  classes: ArrayLike<number>,
  confidence: ArrayLike<number> | null,
  K: number,
  discretize: boolean,
  /** The strength at certainty (1: the full class colour). */
  maxStrength = 1,
): void {
  const chance = 1 / Math.max(2, K);
  for (let k = 0; k < classes.length; k++) {
    const color = CLASS_COLORS[Math.max(0, Math.round(classes[k]!)) % CLASS_COLORS.length]!;
    const p = confidence === null ? 1 : confidence[k]!;
    const strength = discretize ? 0.65 : (0.12 + 0.88 * Math.max(0, Math.min(1, (p - chance) / (1 - chance)))) * maxStrength;
    putPixel(out, k, NEUTRAL[0] + (color[0] - NEUTRAL[0]) * strength, NEUTRAL[1] + (color[1] - NEUTRAL[1]) * strength, NEUTRAL[2] + (color[2] - NEUTRAL[2]) * strength);
  }
}

/**
 * One output unit's share of a multi-class map: its class colour (by confidence) where it is the
 * predicted class, the neutral tone elsewhere.
 */
export function paintClassShare(
  out: Uint8ClampedArray,
  classes: ArrayLike<number>,
  confidence: ArrayLike<number> | null,
  K: number,
  unit: number,
): void {
  paintClasses(out, classes, confidence, K, false);
  for (let k = 0; k < classes.length; k++) {
    if (Math.round(classes[k]!) !== unit) putPixel(out, k, NEUTRAL[0], NEUTRAL[1], NEUTRAL[2]);
  }
}

/** The largest |v| of a map (at least a tiny positive number, so it can divide). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) {
    const a = Math.abs(values[k]!);
    if (a > m && Number.isFinite(a)) m = a;
  }
  return m > 0 ? m : 1e-12;
}

/**
 * Where a hidden unit's activation sits on the diverging scale: tanh in [-1, 1] as is, sigmoid's
 * [0, 1] centred on 0.5, and the unbounded ones (ReLU, linear) scaled by the map's own largest |a|.
 */
export function activationScale(activation: string, values: ArrayLike<number>): { center: number; halfSpan: number } {
  if (activation === 'tanh') return { center: 0, halfSpan: 1 };
  if (activation === 'sigmoid') return { center: 0.5, halfSpan: 0.5 };
  return { center: 0, halfSpan: maxAbs(values) };
}

/** A link's or a bias's colour: blue positive, orange negative. */
export function signColor(value: number): string {
  return css(value < 0 ? NEGATIVE : POSITIVE);
}
