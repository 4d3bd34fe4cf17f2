import { describe, expect, it } from 'vitest';
import { activationScale, CLASS_COLORS, diverging, lutIndex, NEGATIVE, NEUTRAL, paintClasses, paintDiverging, POINT_MIDDLE, pointDiverging, POSITIVE } from './colors';

describe('colour scales', () => {
  it('the diverging scale runs orange, near white, blue', () => {
    expect(diverging(-1)).toEqual(NEGATIVE);
    expect(diverging(0)).toEqual(NEUTRAL);
    expect(diverging(1)).toEqual(POSITIVE);
    expect(diverging(5)).toEqual(POSITIVE);
    expect(diverging(Number.NaN)).toEqual(NEUTRAL);
  });

  it('the points run orange, grey, blue: a middle value is a grey disc, not a near-white one lost on the map', () => {
    expect(pointDiverging(-1)).toEqual(NEGATIVE);
    expect(pointDiverging(0)).toEqual(POINT_MIDDLE);
    expect(pointDiverging(1)).toEqual(POSITIVE);
    const lightness = (c: readonly number[]) => c[0]! + c[1]! + c[2]!;
    expect(lightness(NEUTRAL) - lightness(pointDiverging(0.05))).toBeGreaterThan(200);
  });

  it('discretized values snap to bands', () => {
    expect(lutIndex(0.1, 1)).toBe(lutIndex(0.9, 1));
    expect(lutIndex(-0.1, 1)).toBe(lutIndex(-0.9, 1));
    expect(lutIndex(0.1, 1)).not.toBe(lutIndex(-0.1, 1));
  });

  it('paints P(class 1) as RGBA pixels', () => {
    const out = new Uint8ClampedArray(3 * 4);
    paintDiverging(out, [0, 0.5, 1], 0.5, 0.5);
    expect(Array.from(out.slice(0, 3))).toEqual(NEGATIVE.map(Math.round));
    expect(Array.from(out.slice(8, 11))).toEqual(POSITIVE.map(Math.round));
    expect(out[3]).toBe(255);
  });

  it('multi-class cells take their class colour, paler when unsure', () => {
    const out = new Uint8ClampedArray(2 * 4);
    paintClasses(out, [2, 2], [1, 0.4], 3, false);
    expect(Array.from(out.slice(0, 3))).toEqual([...CLASS_COLORS[2]!]);
    // Less sure: closer to the neutral tone.
    const distance = (o: number) => Math.abs(out[o]! - NEUTRAL[0]) + Math.abs(out[o + 1]! - NEUTRAL[1]) + Math.abs(out[o + 2]! - NEUTRAL[2]);
    expect(distance(4)).toBeLessThan(distance(0));
    // Capped (the output plot's map): a certain cell stops short of the full colour, by that share.
    const capped = new Uint8ClampedArray(4);
    paintClasses(capped, [2], [1], 3, false, 0.5);
    expect(capped[0]).toBe(Math.round(NEUTRAL[0] + (CLASS_COLORS[2]![0] - NEUTRAL[0]) * 0.5));
  });

  it('activation maps are scaled by the activation range', () => {
    expect(activationScale('tanh', [0.1])).toEqual({ center: 0, halfSpan: 1 });
    expect(activationScale('sigmoid', [0.1])).toEqual({ center: 0.5, halfSpan: 0.5 });
    expect(activationScale('relu', [0, 3, 1])).toEqual({ center: 0, halfSpan: 3 });
  });
});
