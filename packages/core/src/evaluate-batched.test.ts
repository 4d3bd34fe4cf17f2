import { describe, expect, it } from 'vitest';
import { evaluateInBatches } from './evaluate-batched';
import { Matrix } from './matrix';
import { Network } from './network';
import { RandomState } from './random';

const rng = new RandomState(7);

/** Labels for each head: 0/1 entries (sigmoid, one or several outputs), class indices (softmax), values (linear). */
function labels(output: 'sigmoid' | 'softmax' | 'linear', nL: number, m: number): Matrix {
  if (output === 'softmax') return new Matrix(1, m, Float64Array.from({ length: m }, () => Math.floor(rng.rand(1, 1).data[0]! * nL)));
  if (output === 'sigmoid') return new Matrix(nL, m, Float64Array.from({ length: nL * m }, () => (rng.rand(1, 1).data[0]! > 0.5 ? 1 : 0)));
  return rng.randn(nL, m);
}

describe('evaluateInBatches', () => {
  const heads = [
    ['sigmoid', 1],
    ['sigmoid', 3],
    ['softmax', 4],
    ['linear', 1],
    ['linear', 2],
  ] as const;

  for (const [output, nL] of heads) {
    it(`${output} with ${nL} output(s): blocks of 7, 64 and 1 give the one-piece measures`, () => {
      const net = new Network({ layers: [3, 5, nL], output, seed: 3, batchNorm: nL === 3 });
      const m = 130;
      const X = rng.randn(3, m);
      const Y = labels(output, nL, m);
      const whole = net.evaluate(X, Y);
      for (const batchSize of [7, 64, 1]) {
        const done: number[] = [];
        const blocks = evaluateInBatches(net, X, Y, { batchSize, onProgress: (k) => done.push(k) });
        expect(done.at(-1)).toBe(m);
        expect(done.length).toBe(Math.ceil(m / batchSize));
        expect(blocks.cost).toBeCloseTo(whole.cost, 12);
        if (output === 'linear') {
          expect(blocks.accuracy).toBeNaN();
          for (const key of ['mse', 'mae', 'r2'] as const) expect(blocks[key]).toBeCloseTo(whole[key]!, 12);
        } else {
          // A count over the same entries: exactly equal.
          expect(blocks.accuracy).toBe(whole.accuracy);
        }
      }
    });
  }

  it('a set that fits in one block is Network.evaluate itself, bit for bit', () => {
    const net = new Network({ layers: [2, 4, 1], seed: 1 });
    const X = rng.randn(2, 50);
    const Y = labels('sigmoid', 1, 50);
    expect(evaluateInBatches(net, X, Y)).toEqual(net.evaluate(X, Y));
    expect(evaluateInBatches(net, X, Y, { batchSize: 50 })).toEqual(net.evaluate(X, Y));
  });

  it('a constant regression target scores as meanR2 does', () => {
    const net = new Network({ layers: [2, 3, 1], output: 'linear', seed: 1 });
    const X = rng.randn(2, 20);
    const Y = new Matrix(1, 20, new Float64Array(20).fill(0.1));
    expect(evaluateInBatches(net, X, Y, { batchSize: 6 }).r2).toBe(net.evaluate(X, Y).r2);
  });

  it('refuses a batch size that is not a positive integer, and mismatched shapes in evaluate’s words', () => {
    const net = new Network({ layers: [2, 3, 1], seed: 1 });
    expect(() => evaluateInBatches(net, rng.randn(2, 4), labels('sigmoid', 1, 4), { batchSize: 0 })).toThrow(/evaluateInBatches: batchSize/);
    expect(() => evaluateInBatches(net, rng.randn(2, 4), labels('sigmoid', 1, 5), { batchSize: 2 })).toThrow(/Network\.evaluate/);
  });
});
