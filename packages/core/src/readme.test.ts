// The README's @ann/core example, run as written, with the values its comments promise; and
// packages/core/README.md's gradient check and Matrix examples.
import { describe, expect, it } from 'vitest';
import { datasets, gradientCheck, Matrix, Network, RandomState } from './index';

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

  it('packages/core/README.md: the gradient check passes at about 7e-9', () => {
    const rs = new RandomState(1);
    const X = rs.randn(4, 5);
    const Y = new Matrix(1, 5, rs.rand(1, 5).data.map((u) => (u > 0.5 ? 1 : 0)));
    const net = new Network({ layers: [4, 6, 6, 1], hidden: 'tanh', seed: 6 });
    const { difference, passed } = gradientCheck(net, X, Y);
    expect(difference.toExponential(0)).toBe('7e-9');
    expect(passed).toBe(true);
  });

  it('packages/core/README.md: fromSamples puts the examples in columns, from takes rows', () => {
    const X = Matrix.fromSamples([[0.1, 2.0], [0.4, 1.5], [0.9, -1.0]]);
    expect(X.shape).toEqual([2, 3]);
    expect(X.toArray()).toEqual([
      [0.1, 0.4, 0.9],
      [2.0, 1.5, -1.0],
    ]);
    expect(Matrix.from([[1, 0, 1]]).shape).toEqual([1, 3]);
  });
});
