import { describe, expect, it } from 'vitest';
import { datasets } from './datasets/index';
import { DivergenceError, ShapeError, ValueError } from './errors';
import { Matrix } from './matrix';
import { r2Score } from './metrics';
import { Network } from './network';
import { RandomState } from './random';

const { X, Y } = datasets.planarFlower({ m: 40, seed: 3 });

function flowerNet(options: Partial<ConstructorParameters<typeof Network>[0]> = {}): Network {
  return new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2, ...options });
}

describe('Network construction', () => {
  it('has a default for every option but layers', () => {
    const net = new Network({ layers: [3, 5, 1] });
    expect(net.hidden).toEqual(['relu']);
    expect(net.output).toBe('sigmoid');
    expect(net.init).toBe('xavier');
    expect(net.initScale).toBe(0.01);
    expect(net.leakyReluAlpha).toBe(0.01);
    expect(net.seed).toBe(1);
    const p = net.getParameters();
    expect(Object.keys(p)).toEqual(['W1', 'b1', 'W2', 'b2']);
    expect(p.W1!.shape).toEqual([5, 3]);
    expect(p.b1!.shape).toEqual([5, 1]);
    expect(p.W2!.shape).toEqual([1, 5]);
  });

  it('draws W1, then W2 from one RandomState(seed), scaled per init', () => {
    const draws = new RandomState(5);
    const W1 = draws.randn(4, 3).data;
    const W2 = draws.randn(1, 4).data;
    const layers = [3, 4, 1];
    const he = new Network({ layers, init: 'he', seed: 5 }).getParameters();
    expect(he.W1!.data).toEqual(W1.map((v) => v * Math.sqrt(2 / 3)));
    expect(he.W2!.data).toEqual(W2.map((v) => v * Math.sqrt(2 / 4)));
    const xavier = new Network({ layers, init: 'xavier', seed: 5 }).getParameters();
    expect(xavier.W1!.data).toEqual(W1.map((v) => v / Math.sqrt(3)));
    const random = new Network({ layers, init: 'random', initScale: 10, seed: 5 }).getParameters();
    expect(random.W2!.data).toEqual(W2.map((v) => v * 10));
    const zeros = new Network({ layers, init: 'zeros' }).getParameters();
    expect(Array.from(zeros.W1!.data).every((v) => v === 0)).toBe(true);
  });

  it('accepts one activation per hidden layer', () => {
    const net = new Network({ layers: [2, 3, 3, 1], hidden: ['relu', 'tanh'] });
    expect(net.hidden).toEqual(['relu', 'tanh']);
  });

  it('rejects bad options with messages that name them', () => {
    const bad: [unknown, string][] = [
      [{ layers: [2] }, 'layers must list at least [n_x, n_L]'],
      [{ layers: [2, 0, 1] }, 'layers[1] must be an integer ≥ 1, got 0'],
      [{ layers: [2, 3.5, 1] }, 'layers[1] must be an integer ≥ 1'],
      [{ layers: [2, 3, 1], output: 'softmax' }, 'a softmax output needs at least 2 classes, so layers[2] must be ≥ 2'],
      [{ layers: [2, 3, 1], hidden: 'swish' }, 'unknown activation "swish"'],
      [{ layers: [2, 3, 3, 1], hidden: ['relu'] }, 'hidden lists 1 activations but layers has 2 hidden layers'],
      [{ layers: [2, 3, 1], init: 'glorot' }, 'unknown init "glorot"'],
      [{ layers: [2, 3, 1], output: 'tanh' }, 'unknown output "tanh"'],
      [{ layers: [2, 3, 1], batchNorm: 'yes' }, 'batchNorm must be true or false'],
      [{ layers: [2, 3, 1], batchNormMomentum: 1 }, 'batchNormMomentum must be in [0, 1)'],
      [{ layers: [2, 3, 1], seed: -1 }, 'seed must be an integer between 0 and 2**32 - 1'],
      [{ layers: [2, 3, 1], initScale: Number.NaN }, 'initScale must be a finite number'],
      [{ layers: [2, 3, 1], hiden: 'relu' }, 'unknown option "hiden"'],
      [null, 'expected an options object'],
    ];
    for (const [options, message] of bad) {
      expect(() => new Network(options as ConstructorParameters<typeof Network>[0])).toThrow(message);
    }
  });
});

describe('Network data validation', () => {
  const net = flowerNet();

  it('names the function, the argument and both shapes', () => {
    const wrongRows = new Matrix(3, 40);
    expect(() => net.cost(wrongRows, Y)).toThrow(ShapeError);
    expect(() => net.cost(wrongRows, Y)).toThrow('Network.cost: X is (3, 40) but should be (2, m) (n_x = layers[0] = 2; examples are columns)');
    expect(() => net.fit(X, new Matrix(1, 39), { learningRate: 1, iterations: 1 })).toThrow(
      'Network.fit: Y is (1, 39) but should be (1, 40) (n_L = 1, m = 40 from X)',
    );
    expect(() => net.predict(X.transpose())).toThrow('X is (40, 2) but should be (2, m)');
  });

  it('rejects labels outside {0, 1}, NaN or Infinity in X, empty data and non-matrices', () => {
    const Ybad = Y.clone();
    Ybad.set(0, 7, 2);
    expect(() => net.evaluate(X, Ybad)).toThrow('Network.evaluate: Y[0, 7] is 2; binary labels must be 0 or 1');
    const Xnan = X.clone();
    Xnan.set(1, 3, Number.NaN);
    expect(() => net.predictProba(Xnan)).toThrow('X[1, 3] is NaN; every entry must be a finite number');
    Xnan.set(1, 3, Infinity);
    expect(() => net.gradients(Xnan, Y)).toThrow('X[1, 3] is Infinity');
    expect(() => net.forward(new Matrix(2, 0))).toThrow('X has no examples (m = 0)');
    expect(() => net.cost([[1, 2]] as unknown as Matrix, Y)).toThrow('X must be a Matrix, got an array (use Matrix.from or Matrix.fromSamples)');
  });

  it('rejects bad fit options', () => {
    expect(() => net.fit(X, Y, { learningRate: 0, iterations: 1 })).toThrow('learningRate must be a positive finite number, got 0');
    expect(() => net.fit(X, Y, { learningRate: Number.NaN, iterations: 1 })).toThrow(ValueError);
    expect(() => net.fit(X, Y, { learningRate: 1, iterations: -1 })).toThrow('iterations must be an integer ≥ 0');
    expect(() => net.fit(X, Y, { learningRate: 1, iterations: 1, recordEvery: 0 })).toThrow('recordEvery must be an integer ≥ 1');
    expect(() => net.fit(X, Y, { learningRate: 1, iterations: 1, learningrate: 2 } as never)).toThrow('unknown option "learningrate"');
  });
});

describe('Network training', () => {
  it('records the pre-update cost of iterations 0, recordEvery, … and continues across calls', () => {
    const a = flowerNet();
    const seen: number[] = [];
    const { costs } = a.fit(X, Y, { learningRate: 1.2, iterations: 25, recordEvery: 10, onRecord: (r) => seen.push(r.iteration) });
    expect(costs.map((c) => c.iteration)).toEqual([0, 10, 20]);
    expect(seen).toEqual([0, 10, 20]);
    expect(costs[0]!.cost).toBe(flowerNet().cost(X, Y));
    expect(a.iterationsTrained).toBe(25);

    const b = flowerNet();
    b.fit(X, Y, { learningRate: 1.2, iterations: 10 });
    b.fit(X, Y, { learningRate: 1.2, iterations: 15 });
    expect(b.getParameters()).toEqual(a.getParameters());
    expect(flowerNet().fit(X, Y, { learningRate: 1, iterations: 0 }).costs).toEqual([]);
  });

  it('lowers the cost and predicts 0/1', () => {
    const net = flowerNet();
    const before = net.cost(X, Y);
    net.fit(X, Y, { learningRate: 1.2, iterations: 300 });
    const { cost, accuracy } = net.evaluate(X, Y);
    expect(cost).toBeLessThan(before);
    expect(accuracy).toBeGreaterThan(0.6);
    const P = net.predict(X);
    expect(P.shape).toEqual([1, 40]);
    expect(Array.from(P.data).every((v) => v === 0 || v === 1)).toBe(true);
    const proba = net.predictProba(X);
    expect(Array.from(P.data)).toEqual(Array.from(proba.data, (p) => (p > 0.5 ? 1 : 0)));
  });

  it('forward returns A[L] and one course-style cache per layer', () => {
    const net = new Network({ layers: [2, 3, 2, 1], hidden: ['relu', 'tanh'] });
    const { AL, caches } = net.forward(X);
    expect(AL.shape).toEqual([1, 40]);
    expect(caches.map((c) => [c.activation, c.W.shape, c.Z.shape])).toEqual([
      ['relu', [3, 2], [3, 40]],
      ['tanh', [2, 3], [2, 40]],
      ['sigmoid', [1, 2], [1, 40]],
    ]);
    expect(caches[0]!.A_prev).toBe(X);
    expect(caches[1]!.A_prev).toBe(caches[0]!.A);
  });

  it('stops a diverging run before the bad update, naming the learning rate, with finite parameters', () => {
    const net = new Network({ layers: [2, 4, 1], hidden: 'relu', init: 'random', initScale: 0.01, seed: 2 });
    const full = datasets.planarFlower();
    let error: unknown;
    try {
      net.fit(full.X, full.Y, { learningRate: 1e9, iterations: 200 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DivergenceError);
    expect((error as Error).message).toMatch(
      /^Network\.fit: Z\d became NaN or Infinity in the forward pass at iteration \d+ \(cost NaN\); the learning rate 1000000000 is likely too high$/,
    );
    expect((error as DivergenceError).layer).toBeGreaterThanOrEqual(1);
    for (const M of Object.values(net.getParameters())) {
      expect(Array.from(M.data).every(Number.isFinite)).toBe(true);
    }
    expect(net.iterationsTrained).toBe((error as DivergenceError).iteration);
  });
});

describe('Network numerics', () => {
  it('keeps cost and gradients finite when the sigmoid saturates', () => {
    const net = new Network({ layers: [2, 1], seed: 4 });
    const Xs = Matrix.from([
      [1, -1, 2],
      [0, 0, 0],
    ]);
    const Ys = Matrix.from([[1, 0, 0]]);
    net.setParameters({ W1: Matrix.from([[800, 0]]), b1: Matrix.from([[0]]) });
    // z = 800, -800, 1600: the first two are confidently right, the third confidently wrong.
    const cost = net.cost(Xs, Ys);
    expect(Number.isFinite(cost)).toBe(true);
    expect(cost).toBeCloseTo(1600 / 3, 9); // softplus(1600)/3; the right ones cost ~0
    const grads = net.gradients(Xs, Ys);
    expect(Array.from(grads.dW1!.data).every(Number.isFinite)).toBe(true);
    expect(grads.dW1!.get(0, 0)).toBeCloseTo(2 / 3, 12); // (a - y)/m · x = (1 - 0)/3 · 2
  });

  it('setParameters validates keys, shapes and values, and copies', () => {
    const net = flowerNet();
    const p = net.getParameters();
    expect(() => net.setParameters({ ...p, W2: new Matrix(1, 3) })).toThrow('W2 is (1, 3) but layers [2,4,1] need (1, 4)');
    const { b2: _b2, ...missing } = p;
    expect(() => net.setParameters(missing)).toThrow('parameter b2 is missing');
    expect(() => net.setParameters({ ...p, W3: new Matrix(1, 1) })).toThrow('unexpected parameter "W3"');
    const nan = p.W1!.clone();
    nan.set(0, 0, Number.NaN);
    expect(() => net.setParameters({ ...p, W1: nan })).toThrow('W1[0, 0] is NaN');
    const W1 = p.W1!.clone();
    net.setParameters({ ...p, W1 });
    W1.set(0, 0, 42);
    expect(net.getParameters().W1!.get(0, 0)).not.toBe(42);
  });
});

describe('Network JSON', () => {
  it('round-trips architecture and parameters exactly', () => {
    const net = new Network({ layers: [2, 3, 3, 1], hidden: ['leakyRelu', 'tanh'], leakyReluAlpha: 0.2, seed: 9 });
    net.fit(X, Y, { learningRate: 0.5, iterations: 7 });
    const text = JSON.stringify(net.toJSON());
    const copy = Network.fromJSON(JSON.parse(text));
    expect(copy.getParameters()).toEqual(net.getParameters());
    expect(copy.hidden).toEqual(['leakyRelu', 'tanh']);
    expect(copy.leakyReluAlpha).toBe(0.2);
    expect(copy.iterationsTrained).toBe(7);
    expect(copy.predictProba(X).data).toEqual(net.predictProba(X).data);
  });

  it('refuses malformed documents with the path of the bad field', () => {
    const good = flowerNet().toJSON();
    const withChange = (change: (doc: Record<string, unknown>) => void): unknown => {
      const doc = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
      change(doc);
      return doc;
    };
    expect(() => Network.fromJSON(withChange((d) => (d.version = 99)))).toThrow('written by a newer ann (format version 99)');
    expect(() => Network.fromJSON(withChange((d) => (d.format = 'keras')))).toThrow('format: expected "ann-model"');
    expect(() => Network.fromJSON(withChange((d) => ((d.parameters as Record<string, { data: unknown[] }>).W1!.data[0] = 'x')))).toThrow(
      'parameters.W1.data[0]: expected a finite number',
    );
    expect(() => Network.fromJSON(withChange((d) => ((d.parameters as Record<string, { shape: number[] }>).W2!.shape = [1, 3])))).toThrow(
      'parameters.W2.data: has 4 entries but shape (1, 3) needs 3',
    );
    expect(() => Network.fromJSON(withChange((d) => delete (d.architecture as Record<string, unknown>).layers))).toThrow(
      'architecture.layers: missing',
    );
    expect(() => Network.fromJSON('{}')).toThrow('(document): expected an object');
  });

  it('cannot be polluted through __proto__ keys', () => {
    const doc = JSON.parse(JSON.stringify(flowerNet().toJSON()).replace('"parameters":{', '"parameters":{"__proto__":{"polluted":true},'));
    expect(() => Network.fromJSON(doc)).toThrow('parameters.__proto__: unexpected key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Network.evaluate: R² is r2Score', () => {
  const regression = () => new Network({ layers: [2, 3, 1], hidden: 'tanh', output: 'linear', seed: 5 });
  const X3 = new Matrix(2, 3, Float64Array.from([0.5, -1, 2, 1, 0, -0.5]));

  it('a constant target (0.1 three times, whose rounded mean is off) scores 0, as r2Score does, not -6e34', () => {
    const net = regression();
    const Y3 = new Matrix(1, 3, Float64Array.from([0.1, 0.1, 0.1]));
    const { r2 } = net.evaluate(X3, Y3);
    expect(r2).toBe(0);
    expect(r2).toBe(r2Score(Y3, net.predict(X3)));
  });

  it('agrees with r2Score bit for bit on a fitted regression', () => {
    const data = datasets.plane({ m: 60, seed: 2 });
    const net = new Network({ layers: [data.X.rows, 4, data.Y.rows], output: 'linear', seed: 1 });
    net.fit(data.X, data.Y, { learningRate: 0.05, iterations: 20 });
    expect(net.evaluate(data.X, data.Y).r2).toBe(r2Score(data.Y, net.predict(data.X)));
  });
});
