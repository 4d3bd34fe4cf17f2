import { describe, expect, it } from 'vitest';
import { costRange, formatAccuracy, formatChoice, formatCost, formatTick, formatWeight, integerTicks, logTicks, niceStep, niceTicks } from './format';

describe('number formatting', () => {
  it('costs have 4 significant digits', () => {
    expect(formatCost(0.69314718)).toBe('0.6931');
    expect(formatCost(12.3456)).toBe('12.35');
    expect(formatCost(0.000123456)).toBe('0.0001235');
    expect(formatCost(0.0000123456)).toBe('1.235e-5');
    expect(formatCost(Number.NaN)).toBe('—');
  });

  it('accuracies are percentages with one decimal; regression shows a dash', () => {
    expect(formatAccuracy(0.9125)).toBe('91.3%');
    expect(formatAccuracy(1)).toBe('100.0%');
    expect(formatAccuracy(Number.NaN)).toBe('—');
  });

  it('weights read with 3 decimals', () => {
    expect(formatWeight(-0.34112)).toBe('-0.341');
    expect(formatWeight(0.00001234)).toBe('1.23e-5');
  });

  it('choices read as written (no exponent, no binary noise)', () => {
    expect(formatChoice(0.00001)).toBe('0.00001');
    expect(formatChoice(0.0001)).toBe('0.0001');
    expect(formatChoice(1.2)).toBe('1.2');
    expect(formatChoice(0.1 + 0.2)).toBe('0.3');
    expect(formatChoice(0.000001)).toBe('0.000001');
  });

  it('choices too small to count the zeros of keep their exponent', () => {
    expect(formatChoice(1e-12)).toBe('1e-12');
    expect(formatChoice(2.5e-7)).toBe('2.5e-7');
  });

  it('tick labels are short', () => {
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(2500)).toBe('2.5k');
    expect(formatTick(0)).toBe('0');
  });
});

describe('ticks', () => {
  it('steps are 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(700, 5)).toBe(100);
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(0.03, 4)).toBe(0.01);
  });

  it('nice ticks cover the range at round values', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-5.3, 5.3, 4)).toEqual([-4, -2, 0, 2, 4]);
    expect(niceTicks(-5.3, 5.3, 2)).toEqual([-5, 0, 5]);
    expect(niceTicks(0.62, 0.71, 4)).toEqual([0.62, 0.64, 0.66, 0.68, 0.7]);
  });

  it('epoch ticks are whole numbers', () => {
    expect(integerTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(integerTicks(0, 3, 10)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(0, 1234, 4)).toEqual([0, 500, 1000]);
  });

  it('log ticks are powers of ten, or 1-2-5 within two decades', () => {
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.15, 0.8)).toEqual([0.2, 0.5]);
  });
});

describe('cost range', () => {
  it('a flat line sits inside the frame, not on it', () => {
    const { min, max } = costRange([0.6931, 0.6931, 0.6931], false);
    expect(min).toBeLessThan(0.6931);
    expect(max).toBeGreaterThan(0.6931);
    // Away from the edges by a visible margin (at least 4% of the span).
    expect((0.6931 - min) / (max - min)).toBeGreaterThan(0.04);
    expect((max - 0.6931) / (max - min)).toBeGreaterThan(0.04);
  });

  it('pads a falling curve and keeps 0 as the floor', () => {
    const { min, max } = costRange([0.7, 0.5, 0.02], false);
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(0.7);
  });

  it('works in log space, skipping values that are not positive', () => {
    const { min, max } = costRange([1, 0.01, 0, Number.NaN], true);
    expect(min).toBeLessThan(0.01);
    expect(max).toBeGreaterThan(1);
    const flat = costRange([0.5, 0.5], true);
    expect(flat.min).toBeLessThan(0.5);
    expect(flat.max).toBeGreaterThan(0.5);
  });

  it('an empty chart has a unit range', () => {
    expect(costRange([], false)).toEqual({ min: 0, max: 1 });
  });
});
