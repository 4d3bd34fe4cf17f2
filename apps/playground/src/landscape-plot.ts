// How the loss landscape is drawn: cost levels (logarithmic when the range is wide), filled bands of
// the bilinear interpolant of the grid, and iso-lines by marching squares. Pure geometry and colour
// on numbers the worker computed; unit-tested.
import { mix, type RGB } from './colors';

/** Bands of the map (iso-lines between them). */
export const LANDSCAPE_BANDS = 14;
/** A range wider than this ratio (max / min, both positive) gets logarithmic levels. */
export const LOG_LEVELS_RATIO = 10;

/** Where each cost falls in [0, 1] on the map's scale, and the levels between bands. */
export interface CostScale {
  log: boolean;
  min: number;
  max: number;
  /** LANDSCAPE_BANDS + 1 boundaries, from min to max. */
  levels: number[];
  /** The position of a cost on the scale, clamped to [0, 1]; a non-finite cost is 1 (off the top). */
  position(cost: number): number;
}

export function costScale(min: number, max: number, bands = LANDSCAPE_BANDS): CostScale {
  const finite = Number.isFinite(min) && Number.isFinite(max);
  const lo = finite ? min : 0;
  const hi = finite ? max : 1;
  const log = lo > 0 && hi / lo > LOG_LEVELS_RATIO;
  const t = log ? Math.log : (v: number) => v;
  const t0 = t(lo);
  const span = t(hi) - t0;
  const position = (cost: number) => {
    if (!Number.isFinite(cost)) return 1;
    if (!(span > 0)) return 0.5;
    return Math.min(1, Math.max(0, (t(cost) - t0) / span));
  };
  const levels: number[] = [];
  for (let k = 0; k <= bands; k++) levels.push(log ? lo * (hi / lo) ** (k / bands) : lo + ((hi - lo) * k) / bands);
  return { log, min: lo, max: hi, levels, position };
}

/**
 * Labels for the key's levels: 4 significant digits, or as many more (up to 8) as it takes for
 * neighbouring labels of different levels to differ, so a narrow range (0.69281 to 0.69334) does
 * not read 0.6930 twice.
 */
export function levelLabels(levels: readonly number[]): string[] {
  let labels: string[] = [];
  for (let digits = 4; digits <= 8; digits++) {
    labels = levels.map((v) => (Number.isFinite(v) ? formatLevel(v, digits) : '—'));
    // Equal levels (a flat map) read the same whatever the digits.
    if (labels.every((label, k) => k === 0 || label !== labels[k - 1] || levels[k] === levels[k - 1])) break;
  }
  return labels;
}

function formatLevel(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-4 || magnitude >= 1e5) return value.toExponential(digits - 1).replace('e+', 'e');
  return value.toPrecision(digits);
}

/** Viridis (perceptually uniform, colour-blind safe): dark purple for low costs, yellow for high. */
const VIRIDIS: readonly RGB[] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

export function viridis(t: number): RGB {
  const c = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(c));
  return mix(VIRIDIS[k]!, VIRIDIS[k + 1]!, c - k);
}

/** The colour of band b of `bands` (its middle on the scale). */
export function bandColor(band: number, bands = LANDSCAPE_BANDS): RGB {
  return viridis((band + 0.5) / bands);
}

/**
 * The grid's values at a point of the grid's own coordinates (x = column, y = row, both from 0 to
 * n − 1), by bilinear interpolation of the four cells around it.
 */
export function bilinear(values: ArrayLike<number>, n: number, x: number, y: number): number {
  const i = Math.min(n - 2, Math.max(0, Math.floor(x)));
  const j = Math.min(n - 2, Math.max(0, Math.floor(y)));
  const fx = x - i;
  const fy = y - j;
  const v00 = values[j * n + i]!;
  const v10 = values[j * n + i + 1]!;
  const v01 = values[(j + 1) * n + i]!;
  const v11 = values[(j + 1) * n + i + 1]!;
  return (v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy;
}

/**
 * Fills an RGBA buffer (width × height) with the banded map: each pixel's scale position from the
 * bilinear interpolant of `positions` (the grid's costs on the scale, n × n), then its band's colour.
 */
export function paintBands(out: Uint8ClampedArray, width: number, height: number, positions: Float64Array, n: number, bands = LANDSCAPE_BANDS): void {
  const colours = Array.from({ length: bands }, (_, b) => bandColor(b, bands));
  for (let py = 0; py < height; py++) {
    const y = height === 1 ? 0 : ((py + 0.5) / height) * (n - 1);
    for (let px = 0; px < width; px++) {
      const x = width === 1 ? 0 : ((px + 0.5) / width) * (n - 1);
      const band = Math.min(bands - 1, Math.floor(bilinear(positions, n, x, y) * bands));
      const [r, g, b] = colours[band]!;
      const o = 4 * (py * width + px);
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
}

/**
 * The iso-line of `values` (n × n) at `level`, by marching squares: segments [x1, y1, x2, y2, …] in
 * grid coordinates (x = column, y = row), each crossing found by linear interpolation along a cell
 * edge. A saddle cell is resolved by the mean of its corners, as the bilinear interpolant does.
 */
export function isoSegments(values: ArrayLike<number>, n: number, level: number): number[] {
  const out: number[] = [];
  // Where along the edge from a to b the value crosses the level (a and b on either side of it).
  const cross = (a: number, b: number) => (level - a) / (b - a);
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const v0 = values[j * n + i]!; // top left
      const v1 = values[j * n + i + 1]!; // top right
      const v2 = values[(j + 1) * n + i + 1]!; // bottom right
      const v3 = values[(j + 1) * n + i]!; // bottom left
      const code = (v0 > level ? 8 : 0) | (v1 > level ? 4 : 0) | (v2 > level ? 2 : 0) | (v3 > level ? 1 : 0);
      if (code === 0 || code === 15) continue;
      const top = (): [number, number] => [i + cross(v0, v1), j];
      const right = (): [number, number] => [i + 1, j + cross(v1, v2)];
      const bottom = (): [number, number] => [i + cross(v3, v2), j + 1];
      const left = (): [number, number] => [i, j + cross(v0, v3)];
      const segment = (a: [number, number], b: [number, number]) => out.push(a[0], a[1], b[0], b[1]);
      const centreAbove = (v0 + v1 + v2 + v3) / 4 > level;
      switch (code) {
        case 1:
        case 14:
          segment(left(), bottom());
          break;
        case 2:
        case 13:
          segment(bottom(), right());
          break;
        case 3:
        case 12:
          segment(left(), right());
          break;
        case 4:
        case 11:
          segment(top(), right());
          break;
        case 6:
        case 9:
          segment(top(), bottom());
          break;
        case 7:
        case 8:
          segment(left(), top());
          break;
        case 5: // top right and bottom left above
          if (centreAbove) {
            segment(left(), top());
            segment(bottom(), right());
          } else {
            segment(top(), right());
            segment(left(), bottom());
          }
          break;
        case 10: // top left and bottom right above
          if (centreAbove) {
            segment(top(), right());
            segment(left(), bottom());
          } else {
            segment(left(), top());
            segment(bottom(), right());
          }
          break;
      }
    }
  }
  return out;
}
