// gradientCheck's per-layer differences: each layer's parameters pooled, as the overall difference pools all of them.
import { describe, expect, it } from 'vitest';
import { gradientCheck } from './gradient-check';
import { Matrix } from './matrix';
import { Network } from './network';
import { RandomState } from './random';

function data(nx: number, m: number, seed: number): { X: Matrix; Y: Matrix } {
  const rng = new RandomState(seed);
  const X = rng.randn(nx, m);
  const Y = new Matrix(1, m, Float64Array.from({ length: m }, (_, j) => (X.data[j]! > 0 ? 1 : 0)));
  return { X, Y };
}

describe('gradientCheck perLayer', () => {
  it('has one difference per layer; with a single layer it is the overall difference', () => {
    const { X, Y } = data(3, 5, 1);
    const one = gradientCheck(new Network({ layers: [3, 1], seed: 1 }), X, Y);
    expect(one.perLayer).toEqual([one.difference]);
    const deep = gradientCheck(new Network({ layers: [3, 4, 2, 1], hidden: 'tanh', init: 'xavier', seed: 2 }), X, Y);
    expect(deep.perLayer).toHaveLength(3);
    expect(deep.perLayer.every((d) => d >= 0 && d < 2e-7)).toBe(true);
  });

  it('pools a batch-norm layer with its γ and β (still one difference per layer)', () => {
    const { X, Y } = data(2, 8, 3);
    const r = gradientCheck(new Network({ layers: [2, 3, 1], hidden: 'tanh', init: 'xavier', seed: 4, batchNorm: true }), X, Y);
    expect(Object.keys(r.perParameter).sort()).toEqual(['W1', 'W2', 'b2', 'beta1', 'gamma1'].sort());
    expect(r.perLayer).toHaveLength(2);
    expect(r.perLayer.every(Number.isFinite)).toBe(true);
  });
});
