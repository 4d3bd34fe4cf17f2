import { describe, expect, it } from 'vitest';
import { datasets } from './datasets/index';
import { ValueError } from './errors';
import { gradientCheck } from './gradient-check';
import { Matrix } from './matrix';
import { Network } from './network';
import { exportStandalone, exportTfjs, Model, standardize } from './index';

// The float32 path: parameters and every buffer in Float32Array, inputs converted on the way in.
// Float32 results are compared with the float64 run of the same seed: they agree to float32's
// precision at the start and stay close over training; exact digits are the float64 path's promise.

const { X, Y } = datasets.planarFlower();

function flower(dtype: 'float32' | 'float64'): Network {
  return new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2, dtype });
}

describe('Matrix dtype', () => {
  it('allocates, converts and keeps its element type', () => {
    const M = new Matrix(2, 3, 'float32');
    expect(M.dtype).toBe('float32');
    expect(M.data).toBeInstanceOf(Float32Array);
    expect(new Matrix(2, 3).dtype).toBe('float64');
    const D = Matrix.from([[0.1, 0.2, 0.3], [1e-40, 3.4e39, -0.7]]);
    const F = D.astype('float32');
    expect(Array.from(F.data)).toEqual(Array.from(D.data, (v) => Math.fround(v)));
    expect(F.data[4]).toBe(Infinity); // beyond float32's range, as numpy's astype gives
    expect(D.astype('float64')).toBe(D); // no copy when nothing changes
    expect(F.clone().dtype).toBe('float32');
    expect(F.transpose().dtype).toBe('float32');
    expect(F.sliceColumns(1, 3).dtype).toBe('float32');
    expect(Matrix.full(2, 2, 0.1, 'float32').data[0]).toBe(Math.fround(0.1));
    expect(new Matrix(1, 2, new Float32Array([1, 2])).dtype).toBe('float32');
  });

  it('rejects an unknown dtype or storage', () => {
    expect(() => new Matrix(2, 2, 'float16' as never)).toThrow(/dtype must be 'float64' or 'float32', got "float16"/);
    expect(() => new Matrix(1, 2, new Int32Array(2) as never)).toThrow(/Float64Array or a Float32Array/);
  });
});

describe('Network dtype float32', () => {
  it('draws the float64 weights of the seed and rounds them once', () => {
    const p32 = flower('float32').getParameters();
    const p64 = flower('float64').getParameters();
    expect(p32.W1!.data).toBeInstanceOf(Float32Array);
    expect(p32.b2!.data).toBeInstanceOf(Float32Array);
    expect(Array.from(p32.W1!.data)).toEqual(Array.from(p64.W1!.data, Math.fround));
  });

  it('trains the planar flower like float64 does, to float32 precision', () => {
    const net32 = flower('float32');
    const net64 = flower('float64');
    const options = { learningRate: 1.2, iterations: 2000, recordEvery: 100 };
    const c32 = net32.fit(X, Y, options).costs;
    const c64 = net64.fit(X, Y, options).costs;
    expect(c32.length).toBe(c64.length);
    expect(c32[0]!.cost).toBeCloseTo(c64[0]!.cost, 6);
    for (let k = 0; k < c64.length; k++) expect(Math.abs(c32[k]!.cost - c64[k]!.cost)).toBeLessThan(1e-3 * c64[k]!.cost);
    expect(net32.getParameters().W1!.data).toBeInstanceOf(Float32Array);
    const proba = net32.predictProba(X);
    expect(proba.dtype).toBe('float32');
    expect(Math.abs(net32.evaluate(X, Y).accuracy - net64.evaluate(X, Y).accuracy)).toBeLessThanOrEqual(0.005);
  });

  it('trains mini-batches with Adam and batch norm, keeping optimizer state in float32', () => {
    const { X: Xm, Y: Ym } = datasets.moons({ m: 300, noise: 0.2, seed: 3 });
    const make = (dtype: 'float32' | 'float64'): Network =>
      new Network({ layers: [2, 8, 4, 1], hidden: 'relu', init: 'he', batchNorm: true, seed: 3, dtype });
    const options = { learningRate: 0.01, epochs: 30, batchSize: 64, optimizer: 'adam' as const, keepProb: 0.9 };
    const t32 = make('float32').trainer(Xm, Ym, options);
    const r32 = t32.run();
    const r64 = make('float64').fit(Xm, Ym, options);
    expect(r32.stopReason).toBe('completed');
    const last32 = r32.costs.at(-1)!.cost;
    const last64 = r64.costs.at(-1)!.cost;
    expect(Math.abs(last32 - last64)).toBeLessThan(0.05 * last64);
    expect(last32).toBeLessThan(r32.costs[0]!.cost / 2);
    const { v, s } = t32.checkpoint().optimizer;
    const moments = [...Object.values(v), ...Object.values(s)].flat();
    expect(moments.length).toBeGreaterThan(0);
    expect(moments.every((x) => Math.fround(x) === x)).toBe(true); // stored as float32
    expect(moments.some((x) => x !== 0)).toBe(true);
  });

  it('accepts float32 data in a float64 network and float64 data in a float32 one', () => {
    const X32 = X.astype('float32');
    const net64 = flower('float64');
    expect(net64.predictProba(X32).dtype).toBe('float64');
    expect(net64.cost(X32, Y)).toBe(net64.cost(X.astype('float32').astype('float64'), Y));
    expect(flower('float32').predictProba(X).dtype).toBe('float32');
  });

  it('round-trips through JSON with its dtype and every parameter bit for bit', () => {
    const net = flower('float32');
    net.fit(X, Y, { learningRate: 1.2, iterations: 50 });
    const json = JSON.parse(JSON.stringify(net.toJSON()));
    expect(json.architecture.dtype).toBe('float32');
    const back = Network.fromJSON(json);
    expect(back.dtype).toBe('float32');
    expect(back.getParameters()).toEqual(net.getParameters());
    expect(flower('float64').toJSON().architecture).not.toHaveProperty('dtype');
    json.architecture.dtype = 'float16';
    expect(() => Network.fromJSON(json)).toThrow(/architecture\.dtype/);
  });

  it('checks gradients in float64 whatever the network’s dtype', () => {
    const net = new Network({ layers: [2, 3, 1], hidden: 'tanh', seed: 4, dtype: 'float32' });
    const result = gradientCheck(net, X.sliceColumns(0, 20), Y.sliceColumns(0, 20));
    expect(result.passed).toBe(true);
  });

  it('rejects an unknown dtype with the accepted ones', () => {
    expect(() => new Network({ layers: [2, 1], dtype: 'float16' as never })).toThrow(ValueError);
    expect(() => new Network({ layers: [2, 1], dtype: 'half' as never })).toThrow(/unknown dtype "half"; expected one of float64, float32/);
  });

  it('goes through Model files, TF.js export and the standalone module', () => {
    const net = new Network({ layers: [2, 6, 1], hidden: 'tanh', seed: 2, dtype: 'float32', batchNorm: true });
    net.fit(X, Y, { learningRate: 0.1, iterations: 50 });
    const model = new Model({ network: net, preprocessing: [standardize().fit(X)] });
    const back = Model.fromJSON(JSON.parse(model.serialize()));
    expect(back.network.dtype).toBe('float32');
    expect(back.predictProba(X).dtype).toBe('float32');
    expect(Array.from(back.predictProba(X).data)).toEqual(Array.from(model.predictProba(X).data));
    expect(exportTfjs(model).weights.byteLength).toBe(4 * (6 * 2 + 6 + 6 + 1)); // W1, b1 (batch norm folded in), W2, b2
    expect(exportStandalone(model)).toContain('export function predict');
  });
});
