import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from './errors';
import {
  computeCost,
  initializeParameters,
  linearActivationBackward,
  linearActivationForward,
  linearBackward,
  linearForward,
  modelBackward,
  modelForward,
  predict,
  updateParameters,
} from './functional';
import { Matrix } from './matrix';
import { Network } from './network';
import { RandomState } from './random';

const rng = new RandomState(11);
const X = rng.randn(3, 6);
const Y = new Matrix(1, 6, Float64Array.from(rng.rand(1, 6).data, (v) => (v > 0.5 ? 1 : 0)));

describe('course functional API', () => {
  it('initializeParameters defaults to the step-by-step notebook (seed 3, randn · 0.01)', () => {
    const p = initializeParameters([5, 4, 3]);
    // np.random.seed(3); np.random.randn(4, 5) * 0.01, then randn(3, 4) * 0.01 (numpy 2.4.6, repr)
    expect(Array.from(p.W1!.data.subarray(0, 5))).toEqual([
      0.017886284734303187, 0.004365098505119894, 0.0009649746807200863, -0.01863492703364491, -0.0027738820251439907,
    ]);
    expect(Array.from(p.W2!.data.subarray(8, 12))).toEqual([
      -0.0076883635031923005, -0.0023003072227793906, 0.007450562664053709, 0.019761107831263027,
    ]);
    expect(p.b1!.shape).toEqual([4, 1]);
    expect(p.b2!.shape).toEqual([3, 1]);
  });

  it('modelForward, computeCost and modelBackward agree with Network to the last bit', () => {
    for (const hidden of ['relu', 'tanh', 'sigmoid', 'leakyRelu', 'linear'] as const) {
      const net = new Network({ layers: [3, 4, 2, 1], hidden, init: 'he', seed: 8 });
      const parameters = net.getParameters();
      const { AL, caches } = modelForward(X, parameters, { hidden });
      expect(AL.data).toEqual(net.predictProba(X).data);
      expect(computeCost(AL, Y)).toBe(net.cost(X, Y));
      const grads = modelBackward(AL, Y, caches, { hidden });
      const expected = net.gradients(X, Y);
      for (const key of Object.keys(expected)) expect(grads[key]!.data).toEqual(expected[key]!.data);
      expect(Object.keys(grads).sort()).toEqual(['dA0', 'dA1', 'dA2', 'dW1', 'dW2', 'dW3', 'db1', 'db2', 'db3']);
      expect(grads.dA0!.shape).toEqual([3, 6]);
    }
  });

  it('linearForward computes Z = W·A_prev + b and keeps (A_prev, W, b)', () => {
    const A_prev = Matrix.from([
      [1, 2],
      [3, 4],
    ]);
    const W = Matrix.from([[1, -1]]);
    const b = Matrix.from([[0.5]]);
    const { Z, cache } = linearForward(A_prev, W, b);
    expect(Z.toArray()).toEqual([[-1.5, -1.5]]);
    expect(cache.A_prev).toBe(A_prev);
    const { A } = linearActivationForward(A_prev, W, b, 'relu');
    expect(A.toArray()).toEqual([[0, 0]]);
  });

  it('linearBackward: dW = dZ·A_prevᵀ, db = Σ dZ, dA_prev = Wᵀ·dZ (no 1/m)', () => {
    const A_prev = Matrix.from([
      [1, 2],
      [3, 4],
    ]);
    const W = Matrix.from([[2, -1]]);
    const dZ = Matrix.from([[0.5, -1]]);
    const { dA_prev, dW, db } = linearBackward(dZ, { A_prev, W, b: new Matrix(1, 1) });
    expect(dW.toArray()).toEqual([[0.5 - 2, 1.5 - 4]]);
    expect(db.toArray()).toEqual([[-0.5]]);
    expect(dA_prev.toArray()).toEqual([
      [1, -2],
      [-0.5, 1],
    ]);
    const Z = Matrix.from([[-1, 2]]);
    const viaActivation = linearActivationBackward(dZ, { linearCache: { A_prev, W, b: new Matrix(1, 1) }, activationCache: Z }, 'relu');
    expect(viaActivation.dW.toArray()).toEqual([[-2, -4]]); // only the second column passes relu
  });

  it('updateParameters returns new matrices W - α·dW and leaves the inputs alone', () => {
    const parameters = { W1: Matrix.from([[1, 2]]), b1: Matrix.from([[3]]) };
    const grads = { dW1: Matrix.from([[10, 20]]), db1: Matrix.from([[30]]) };
    const next = updateParameters(parameters, grads, 0.1);
    expect(next.W1!.toArray()).toEqual([[0, 0]]);
    expect(next.b1!.toArray()).toEqual([[0]]);
    expect(parameters.W1.toArray()).toEqual([[1, 2]]);
    expect(() => updateParameters(parameters, { dW1: grads.dW1 }, 0.1)).toThrow('grads.db1 must be a Matrix');
  });

  it('predict thresholds A[L] at 0.5', () => {
    const net = new Network({ layers: [3, 2, 1], seed: 2 });
    expect(predict(X, net.getParameters()).data).toEqual(net.predict(X).data);
  });

  it('computeCost is finite for saturated predictions and checks its inputs', () => {
    expect(computeCost(Matrix.from([[1, 0]]), Matrix.from([[1, 0]]))).toBe(0);
    expect(computeCost(Matrix.from([[0]]), Matrix.from([[1]]))).toBeCloseTo(744.44, 2);
    expect(() => computeCost(Matrix.from([[1.5]]), Matrix.from([[1]]))).toThrow('probabilities must lie in [0, 1]');
    expect(() => computeCost(Matrix.from([[0.5, 0.5]]), Matrix.from([[1]]))).toThrow('Y is (1, 1) but should be (1, 2) to match AL (1, 2)');
    expect(() => computeCost(Matrix.from([[0.5]]), Matrix.from([[3]]))).toThrow('binary labels must be 0 or 1');
  });

  it('reports shape mistakes in course notation', () => {
    const W = new Matrix(7, 20);
    const A_prev = new Matrix(19, 209);
    expect(() => linearForward(A_prev, W, new Matrix(7, 1))).toThrow(ShapeError);
    expect(() => linearForward(A_prev, W, new Matrix(7, 1))).toThrow(
      "linearForward: W is (7, 20) but A_prev is (19, 209): W's columns must equal A_prev's rows",
    );
    expect(() => linearForward(new Matrix(20, 209), W, new Matrix(1, 7))).toThrow('b is (1, 7) but should be (7, 1) to match W (7, 20)');
    expect(() => linearActivationForward(new Matrix(20, 2), W, new Matrix(7, 1), 'gelu' as never)).toThrow(ValueError);
    expect(() => modelForward(X, {})).toThrow('parameters has no W1');
    expect(() => initializeParameters([3])).toThrow('at least two layer sizes');
  });
});
