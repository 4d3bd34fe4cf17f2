import { describe, expect, it } from 'vitest';
import { formatAccuracy, formatCost, formatIteration } from './format';

describe('format', () => {
  it('shows a dash before there is a value', () => {
    expect([formatCost(null), formatIteration(null), formatAccuracy(null)]).toEqual(['—', '—', '—']);
  });

  it('shows cost to six places, accuracy as a percentage', () => {
    expect(formatCost(0.6931471805599453)).toBe('0.693147');
    expect(formatIteration(3000)).toBe('3000');
    expect(formatAccuracy(0.905)).toBe('90.5%');
  });
});
