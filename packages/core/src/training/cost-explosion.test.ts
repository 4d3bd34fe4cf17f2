import { describe, expect, it } from 'vitest';
import { datasets } from '../datasets/index';
import type { Diagnostic } from '../diagnostics';
import { headLossBound, headLossSum } from '../heads';
import { Matrix } from '../matrix';
import { Network } from '../network';
import { RandomState } from '../random';

// Issue 13 item 3: a run that blows up between two records (here, records only at iteration 0) must
// not end in silence. The check runs on every step, whether the step computes its cost or skips it.
describe('costExploded: the cost is checked on every step, not only at records', () => {
  const flower = datasets.planarFlower();
  const explode = (drive: (net: Network, onDiagnostic: (d: Diagnostic) => void) => void): Diagnostic[] => {
    const seen: Diagnostic[] = [];
    drive(new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 }), (d) => seen.push(d));
    return seen.filter((d) => d.code === 'costExploded');
  };
  const options = { learningRate: 1e9, iterations: 200, recordEvery: 1000 };

  it('fit() (which skips the costs it can bound) reports it at the step where the cost blew up', () => {
    const [event] = explode((net, onDiagnostic) => net.fit(flower.X, flower.Y, { ...options, onDiagnostic }));
    expect(event).toMatchObject({ level: 'warning', code: 'costExploded', iteration: 1 });
    expect(event!.evidence.cost).toBeGreaterThan(10 * Number(event!.evidence.first));
  });

  it('step() by step reports the same event', () => {
    const run = explode((net, onDiagnostic) => net.fit(flower.X, flower.Y, { ...options, onDiagnostic }));
    const stepped = explode((net, onDiagnostic) => {
      const trainer = net.trainer(flower.X, flower.Y, { ...options, onDiagnostic });
      while (trainer.step() !== null);
    });
    expect(stepped).toEqual(run);
  });

  it('with mini-batches, each epoch’s cost is checked against the first mini-batch’s (epoch 0 already blew up)', () => {
    const [event] = explode((net, onDiagnostic) => net.fit(flower.X, flower.Y, { learningRate: 1e9, epochs: 20, batchSize: 64, recordEvery: 100, onDiagnostic }));
    expect(event).toMatchObject({ code: 'costExploded', epoch: 0 });
  });

  it('is silent at a good learning rate, and when diagnostics are off', () => {
    expect(explode((net, onDiagnostic) => net.fit(flower.X, flower.Y, { learningRate: 1.2, iterations: 2000, recordEvery: 1000, onDiagnostic }))).toEqual([]);
    expect(explode((net, onDiagnostic) => net.fit(flower.X, flower.Y, { ...options, diagnostics: false, onDiagnostic }))).toEqual([]);
  });

  it('training itself is the same bits whether or not the cost is checked', () => {
    const trained = (diagnostics: boolean) => {
      const net = new Network({ layers: [2, 4, 1], hidden: 'tanh', init: 'random', seed: 2 });
      net.fit(flower.X, flower.Y, { ...options, diagnostics });
      return net.getParameters();
    };
    expect(trained(true)).toEqual(trained(false));
  });
});

describe('headLossBound', () => {
  const rng = new RandomState(7);
  const draw = (rows: number, cols: number, scale: number) => {
    const M = rng.randn(rows, cols);
    for (let k = 0; k < M.data.length; k++) M.data[k]! *= scale;
    return M;
  };
  const scratch = new Float64Array(4 * 50);

  it('is at least the sigmoid loss, and within m·ln 2 of it', () => {
    for (const scale of [0.01, 1, 30, 1e4]) {
      const Z = draw(1, 50, scale);
      const A = new Matrix(1, 50);
      A.data.set(Z.data.map((z) => 1 / (1 + Math.exp(-z))));
      const Y = new Matrix(1, 50);
      Y.data.set(Z.data.map((_, k) => k % 3 === 0 ? 1 : 0));
      const loss = headLossSum('sigmoid', A, Z, Y, scratch);
      const bound = headLossBound('sigmoid', Z, Y);
      expect(bound).toBeGreaterThanOrEqual(loss);
      expect(bound - loss).toBeLessThanOrEqual(50 * Math.LN2 + 1e-9);
    }
  });

  it('is at least the softmax loss, and within m·ln C of it', () => {
    for (const scale of [0.01, 1, 30, 1e4]) {
      const Z = draw(4, 50, scale);
      const A = new Matrix(4, 50);
      for (let j = 0; j < 50; j++) {
        const column = [0, 1, 2, 3].map((i) => Z.data[i * 50 + j]!);
        const max = Math.max(...column);
        const sum = column.reduce((s, z) => s + Math.exp(z - max), 0);
        column.forEach((z, i) => (A.data[i * 50 + j] = Math.exp(z - max) / sum));
      }
      const Y = new Matrix(4, 50);
      for (let j = 0; j < 50; j++) Y.data[(j % 4) * 50 + j] = 1;
      const loss = headLossSum('softmax', A, Z, Y, scratch);
      const bound = headLossBound('softmax', Z, Y);
      expect(bound).toBeGreaterThanOrEqual(loss);
      expect(bound - loss).toBeLessThanOrEqual(50 * Math.log(4) + 1e-9);
    }
  });

  it('is not finite when a z that counts is not', () => {
    const Y = Matrix.from([[0, 1]]);
    expect(headLossBound('sigmoid', Matrix.from([[Infinity, 0]]), Y)).toBe(Infinity);
    expect(headLossBound('sigmoid', Matrix.from([[NaN, 0]]), Y)).toBeNaN();
    expect(headLossBound('softmax', Matrix.from([[NaN], [0]]), Matrix.from([[1], [0]]))).toBeNaN();
  });
});
