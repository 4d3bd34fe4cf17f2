// The README's @ann/core example, run as written, with the values its comments promise.
import { describe, expect, it } from 'vitest';
import { datasets, gradientCheck, Network } from './index';

describe('README example', () => {
  it('prints what the comments say', () => {
    const { X, Y } = datasets.planarFlower();
    expect([X.shape, Y.shape]).toEqual([
      [2, 400],
      [1, 400],
    ]);
    const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2 });
    const { costs } = net.fit(X, Y, { learningRate: 1.2, iterations: 10000, recordEvery: 1000 });
    expect(costs[0]!.cost).toBe(0.6930480201239823);
    const evaluation = net.evaluate(X, Y);
    expect(evaluation.cost.toFixed(4)).toBe('0.2179');
    expect(evaluation.accuracy).toBe(0.905);

    const small = new Network({ layers: [2, 5, 3, 1], hidden: 'relu', seed: 3 });
    expect(gradientCheck(small, X.sliceColumns(0, 10), Y.sliceColumns(0, 10)).passed).toBe(true);

    const moons = datasets.moons();
    const adam = new Network({ layers: [2, 5, 2, 1], init: 'he', seed: 3 });
    adam.fit(moons.X, moons.Y, { learningRate: 0.0007, epochs: 10000, batchSize: 64, optimizer: 'adam', shuffleSeed: (epoch) => 11 + epoch, recordEvery: 1000 });
    expect(adam.evaluate(moons.X, moons.Y).accuracy).toBe(0.94);

    const fast = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2, dtype: 'float32' });
    fast.fit(X, Y, { learningRate: 1.2, iterations: 10000 });
    expect(fast.evaluate(X, Y).accuracy).toBe(0.905);
    expect(fast.getParameters().W1!.data).toBeInstanceOf(Float32Array);
  });
});
