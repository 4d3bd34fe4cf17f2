import { describe, expect, it } from 'vitest';
import { bandColor, bilinear, costScale, isoSegments, LANDSCAPE_BANDS, levelLabels, paintBands, viridis } from './landscape-plot';

describe('costScale', () => {
  it('is linear for a narrow range, with evenly spaced levels from min to max', () => {
    const s = costScale(0.2, 0.8, 6);
    expect(s.log).toBe(false);
    expect(s.levels.map((l) => Number(l.toFixed(12)))).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(s.position(0.5)).toBeCloseTo(0.5, 14);
    expect([s.position(0), s.position(1), s.position(Infinity), s.position(Number.NaN)]).toEqual([0, 1, 1, 1]);
  });

  it('is logarithmic when the range spans more than a factor 10', () => {
    const s = costScale(0.01, 10, 3);
    expect(s.log).toBe(true);
    expect(s.levels.map((l) => Number(l.toPrecision(12)))).toEqual([0.01, 0.1, 1, 10]);
    expect(s.position(0.1)).toBeCloseTo(1 / 3, 14);
  });

  it('stays linear when the minimum is 0, and puts a flat map in the middle', () => {
    expect(costScale(0, 100).log).toBe(false);
    const flat = costScale(0.7, 0.7);
    expect(flat.position(0.7)).toBe(0.5);
    expect(flat.levels.every((l) => l === 0.7)).toBe(true);
  });
});

describe('levelLabels', () => {
  it('has 4 significant digits, more when neighbours would read the same', () => {
    expect(levelLabels([0.25, 0.5, 1.25])).toEqual(['0.2500', '0.5000', '1.250']);
    expect(levelLabels([0.69301, 0.69304, 0.69307])).toEqual(['0.69301', '0.69304', '0.69307']);
    // A flat map's levels are all one number: more digits would not tell them apart.
    expect(levelLabels([0.5, 0.5])).toEqual(['0.5000', '0.5000']);
    expect(levelLabels([1e-6, 2e-6])).toEqual(['1.000e-6', '2.000e-6']);
  });
});

describe('colours', () => {
  it('run from viridis’ dark purple to its yellow, bands at their middles', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(bandColor(0, 2)).toEqual(viridis(0.25));
    expect(bandColor(LANDSCAPE_BANDS - 1)).toEqual(viridis(1 - 0.5 / LANDSCAPE_BANDS));
  });
});

describe('bilinear', () => {
  it('reproduces the grid at its cells and a plane everywhere', () => {
    const n = 4;
    const plane = Float64Array.from({ length: n * n }, (_, k) => 2 * (k % n) - 3 * Math.floor(k / n) + 1);
    expect(bilinear(plane, n, 2, 1)).toBe(plane[1 * n + 2]);
    expect(bilinear(plane, n, 3, 3)).toBe(plane[3 * n + 3]);
    expect(bilinear(plane, n, 1.25, 2.5)).toBeCloseTo(2 * 1.25 - 3 * 2.5 + 1, 14);
  });
});

describe('isoSegments', () => {
  it('finds the straight iso-line of a ramp where it crosses the level', () => {
    const n = 3;
    // v = column: the level 1.5 is the vertical line x = 1.5, one segment per row of cells.
    const ramp = Float64Array.from({ length: n * n }, (_, k) => k % n);
    expect(isoSegments(ramp, n, 1.5)).toEqual([1.5, 0, 1.5, 1, 1.5, 1, 1.5, 2]);
    expect(isoSegments(ramp, n, 0.25)).toEqual([0.25, 0, 0.25, 1, 0.25, 1, 0.25, 2]);
    expect(isoSegments(ramp, n, 5)).toEqual([]);
  });

  it('rings a single peak, and splits a saddle by the mean of its corners', () => {
    const peak = new Float64Array([0, 0, 0, 0, 1, 0, 0, 0, 0]);
    const ring = isoSegments(peak, 3, 0.5);
    // Four cells, one segment each, every end half-way between the peak and a neighbour.
    expect(ring.length).toBe(16);
    for (const v of ring) expect([0.5, 1, 1.5]).toContain(v);
    // Cells are [top left, top right, bottom left, bottom right] row-major: 1 0 / 0 1.
    const saddle = new Float64Array([1, 0, 0, 1]);
    // The corners below 0.4 are cut off (top right, bottom left).
    expect(isoSegments(saddle, 2, 0.4).map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0, 1, 0.4, 0, 0.6, 0.4, 1]);
    // Above the mean, the corners above 0.6 are cut off instead (top left, bottom right).
    expect(isoSegments(saddle, 2, 0.6).map((v) => Number(v.toFixed(12)))).toEqual([0, 0.4, 0.4, 0, 0.6, 1, 1, 0.6]);
  });
});

describe('paintBands', () => {
  it('fills every pixel opaque with the colour of its band', () => {
    const n = 2;
    const positions = new Float64Array([0, 0, 1, 1]);
    const out = new Uint8ClampedArray(4 * 3 * 4);
    paintBands(out, 3, 4, positions, n, 4);
    const pixel = (x: number, y: number) => Array.from(out.slice(4 * (y * 3 + x), 4 * (y * 3 + x) + 4));
    expect(pixel(0, 0)).toEqual([...bandColor(0, 4).map(Math.round), 255]);
    expect(pixel(2, 3)).toEqual([...bandColor(3, 4).map(Math.round), 255]);
    for (let p = 3; p < out.length; p += 4) expect(out[p]).toBe(255);
  });
});
