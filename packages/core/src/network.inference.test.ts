// The inference passes (forward, cost, predictProba, predict, evaluate) reuse buffers kept on the
// network, and `network.inference(m)` hands out a reusable pass: neither may change a single bit
// of any result, nor let one call's state reach the next (another m, another X, a trained step).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { datasets } from './datasets/index';
import { Matrix } from './matrix';
import { Network, type NetworkOptions } from './network';

/** SHA-256 of the float64 bits of every number given, in order. */
function hash(values: (Matrix | number)[]): string {
  const h = createHash('sha256');
  for (const v of values) {
    const data = typeof v === 'number' ? Float64Array.of(v) : Float64Array.from(v.data);
    h.update(new Uint8Array(data.buffer));
  }
  return h.digest('hex');
}

interface Case {
  name: string;
  options: NetworkOptions;
  X: Matrix;
  Y: Matrix;
  fit: (net: Network) => void;
}

function cases(): Case[] {
  const flower = datasets.planarFlower({ seed: 1 });
  const spirals = datasets.spirals({ seed: 3, classes: 3 });
  const plane = datasets.plane({ seed: 2 });
  return [
    {
      name: 'the flower (2-4-1 tanh, sigmoid)',
      options: { layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2 },
      ...flower,
      fit: (net) => net.fit(flower.X, flower.Y, { learningRate: 1.2, iterations: 300 }),
    },
    {
      name: 'a multi-class net (2-8-8-3 relu, softmax)',
      options: { layers: [2, 8, 8, 3], hidden: 'relu', output: 'softmax', seed: 4 },
      ...spirals,
      fit: (net) => net.fit(spirals.X, spirals.Y, { learningRate: 0.01, optimizer: 'adam', epochs: 20, batchSize: 32, keepProb: 0.9 }),
    },
    {
      name: 'batch norm and a linear head (2-6-1)',
      options: { layers: [2, 6, 1], hidden: 'leakyRelu', output: 'linear', batchNorm: true, seed: 5 },
      ...plane,
      fit: (net) => net.fit(plane.X, plane.Y, { learningRate: 0.05, epochs: 5, batchSize: 50 }),
    },
  ];
}

/** Every inference result on X, Y and on a slice of X (another m), flattened for hashing. */
function outputs(net: Network, X: Matrix, Y: Matrix): (Matrix | number)[] {
  const m = X.cols;
  const k = Math.floor(m / 3);
  const Xs = new Matrix(X.rows, k);
  const Ys = new Matrix(Y.rows, k);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < k; j++) Xs.set(i, j, X.get(i, j));
  for (let i = 0; i < Y.rows; i++) for (let j = 0; j < k; j++) Ys.set(i, j, Y.get(i, j));
  const values: (Matrix | number)[] = [];
  for (const [x, y] of [[X, Y], [Xs, Ys], [X, Y]] as const) {
    const { AL, caches } = net.forward(x);
    values.push(AL);
    for (const c of caches) values.push(c.A_prev, c.Z, c.A, c.W, ...(c.b ? [c.b] : []));
    const e = net.evaluate(x, y);
    values.push(e.cost, e.accuracy, ...(e.mse === undefined ? [] : [e.mse, e.mae!, e.r2!]));
    values.push(net.cost(x, y), net.cost(x, y, { l2: 0.7 }), net.predictProba(x), net.predict(x));
  }
  return values;
}

/**
 * Hashes of `outputs` recorded with the code before the inference workspaces existed (every call
 * made a full Workspace of its own): [untrained, trained] per case.
 */
const RECORDED: Record<string, [string, string]> = {
  'the flower (2-4-1 tanh, sigmoid)': [
    // Re-recorded when the wasm backend's tanh became the reference's bit for bit (these run on the
    // default backend, wasm; the reference gives the same): before, c31745f6…e1f6668 and 53ce0976…50307cf.
    'd85482c054f3c6338da850df6f06786688453f7d87ef8c64b2538ddfd4694496',
    '951cf448c2fb5b9c8f3f05110f1879c9d4010fb494c393ba18ddd49bfe12d033',
  ],
  'a multi-class net (2-8-8-3 relu, softmax)': [
    '02be584be567cc647c6238e0312b8c9e396c755c63783f4f4e02075be76e1018',
    '7fa6c042adbe3a9c79ba0f82e7abdf67c522c7f05e8363ca19acf59ca19ab5d7',
  ],
  'batch norm and a linear head (2-6-1)': [
    '91c1a3149076315afefbc99bd4887ea41012c0ac6302c23683716504558f5dc5',
    'cf8dc9269ff8a64c389ff07db2c9f5046938c25d71c779cd72e8d35700ef17ad',
  ],
};

/** The first k columns of M. */
function firstColumns(M: Matrix, k: number): Matrix {
  const out = new Matrix(M.rows, k);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < k; j++) out.set(i, j, M.get(i, j));
  return out;
}

describe('inference with reused workspaces', () => {
  for (const c of cases()) {
    it(`${c.name}: forward, cost, predictProba, predict and evaluate keep the bits they had before`, () => {
      const net = new Network(c.options);
      const [untrained, trained] = RECORDED[c.name]!;
      expect(hash(outputs(net, c.X, c.Y))).toBe(untrained);
      c.fit(net);
      expect(hash(outputs(net, c.X, c.Y))).toBe(trained);
    });

    it(`${c.name}: calls of different m, in any order, answer as a fresh network would`, () => {
      const net = new Network(c.options);
      c.fit(net);
      const twin = Network.fromJSON(net.toJSON());
      // Five sizes cycle through the cache of three, so some calls hit it and some evict from it.
      const sizes = [c.X.cols, 7, c.X.cols, 1, 33, 7, c.X.cols, 50, 1];
      for (const k of sizes) {
        const X = firstColumns(c.X, k);
        const Y = firstColumns(c.Y, k);
        const fresh = Network.fromJSON(twin.toJSON());
        expect(net.evaluate(X, Y)).toEqual(fresh.evaluate(X, Y));
        expect(net.predictProba(X).data).toEqual(fresh.predictProba(X).data);
        expect(net.predict(X).data).toEqual(fresh.predict(X).data);
        expect(net.cost(X, Y, { l2: 0.1 })).toBe(fresh.cost(X, Y, { l2: 0.1 }));
      }
    });
  }

  it('predictProba returns a matrix of its own, which later calls leave alone', () => {
    const c = cases()[1]!;
    const net = new Network(c.options);
    const first = net.predictProba(c.X);
    const copy = first.clone();
    net.fit(c.X, c.Y, { learningRate: 0.05, iterations: 5 });
    net.predictProba(c.X);
    net.evaluate(c.X, c.Y);
    expect(first.data).toEqual(copy.data);
  });

  it('after training steps, the kept workspaces read the new parameters', () => {
    const c = cases()[0]!;
    const net = new Network(c.options);
    const before = net.evaluate(c.X, c.Y);
    net.fit(c.X, c.Y, { learningRate: 1.2, iterations: 50 });
    const after = net.evaluate(c.X, c.Y);
    expect(after.cost).toBeLessThan(before.cost);
    expect(after).toEqual(Network.fromJSON(net.toJSON()).evaluate(c.X, c.Y));
  });
});

describe('network.inference(m)', () => {
  for (const c of cases()) {
    it(`${c.name}: runs as forward does, bit for bit, run after run and across training`, () => {
      const net = new Network(c.options);
      const pass = net.inference(c.X.cols);
      expect(pass.m).toBe(c.X.cols);
      for (let round = 0; round < 3; round++) {
        const { AL, A, Z } = pass.forward(c.X);
        const { AL: expected, caches } = net.forward(c.X);
        expect(AL.data).toEqual(expected.data);
        expect(A).toHaveLength(net.depth + 1);
        expect(A[0]!.data).toEqual(c.X.data);
        expect(Z[0]!.size).toBe(0);
        caches.forEach((cache, k) => {
          expect(A[k + 1]!.data).toEqual(cache.A.data);
          expect(Z[k + 1]!.data).toEqual(cache.Z.data);
        });
        expect(A[net.depth]).toBe(AL);
        net.fit(c.X, c.Y, { learningRate: 0.01, iterations: 3 });
      }
    });
  }

  it('reuses its buffers: a later run overwrites what an earlier one returned', () => {
    const c = cases()[0]!;
    const net = new Network(c.options);
    net.fit(c.X, c.Y, { learningRate: 1.2, iterations: 20 });
    const pass = net.inference(c.X.cols);
    const first = pass.forward(c.X).AL;
    const saved = first.clone();
    const shifted = c.X.clone();
    for (let k = 0; k < shifted.data.length; k++) shifted.data[k] = shifted.data[k]! + 1;
    const second = pass.forward(shifted).AL;
    expect(second).toBe(first);
    expect(second.data).toEqual(net.forward(shifted).AL.data);
    expect(second.data).not.toEqual(saved.data);
  });

  it('refuses a size that is not a whole number ≥ 1, and an X of another m or n_x', () => {
    const c = cases()[0]!;
    const net = new Network(c.options);
    expect(() => net.inference(0)).toThrow('Network.inference: m must be an integer ≥ 1, got 0');
    expect(() => net.inference(2.5)).toThrow(/m must be an integer/);
    const pass = net.inference(10);
    expect(() => pass.forward(c.X)).toThrow(`Network.inference(10).forward: X has m = ${c.X.cols} examples, but this pass was made for m = 10; make one with inference(${c.X.cols})`);
    expect(() => pass.forward(new Matrix(3, 10))).toThrow(/n_x/);
  });
});
