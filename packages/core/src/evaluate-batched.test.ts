import { afterEach, describe, expect, it } from 'vitest';
import { useBackend } from './backend/index';
import { columnBlock, EVALUATION_BLOCK_ELEMENTS, evaluateInBatches, evaluationBatchSize } from './evaluate-batched';
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

describe('evaluateInBatches: blocks', () => {
  it('onBlock gets each block of columns in order (X itself when one piece), before its progress', () => {
    const net = new Network({ layers: [3, 4, 1], seed: 2 });
    const X = rng.randn(3, 23);
    const Y = labels('sigmoid', 1, 23);
    const events: string[] = [];
    const seen = new Matrix(3, 23);
    evaluateInBatches(net, X, Y, {
      batchSize: 10,
      onBlock: (block, start) => {
        events.push(`block ${start}+${block.cols}`);
        for (let i = 0; i < 3; i++) for (let j = 0; j < block.cols; j++) seen.set(i, start + j, block.get(i, j));
      },
      onProgress: (done) => events.push(`done ${done}`),
    });
    expect(events).toEqual(['block 0+10', 'done 10', 'block 10+10', 'done 20', 'block 20+3', 'done 23']);
    expect(Array.from(seen.data)).toEqual(Array.from(X.data));
    const whole: Matrix[] = [];
    evaluateInBatches(net, X, Y, { onBlock: (block) => whole.push(block) });
    expect(whole).toEqual([X]);
    expect(whole[0]).toBe(X);
  });

  it('the default block keeps the forward workspace within EVALUATION_BLOCK_ELEMENTS', () => {
    expect(evaluationBatchSize(new Network({ layers: [30, 64, 32, 1], seed: 1 }))).toBe(Math.floor(EVALUATION_BLOCK_ELEMENTS / 97));
    expect(evaluationBatchSize(new Network({ layers: [30, 64, 32, 1], seed: 1, batchNorm: true }))).toBe(Math.floor(EVALUATION_BLOCK_ELEMENTS / 194));
  });
});

/**
 * What `ann predict` relies on: each example's outputs are the same bits whichever block of columns
 * it is predicted in, on the reference and on the wasm backend (whose kernels run for the wider
 * layers and the larger blocks, its reference fallbacks for the small ones).
 */
describe('predictions do not depend on the block', () => {
  afterEach(() => useBackend('reference'));

  for (const backend of ['reference', 'wasm'] as const) {
    for (const [output, nL, hidden, batchNorm] of [
      ['sigmoid', 1, 'tanh', false],
      ['sigmoid', 3, 'relu', true],
      ['softmax', 4, 'relu', false],
      ['linear', 2, 'tanh', true],
    ] as const) {
      it(`${backend}: ${output} with ${nL} output(s), ${hidden}${batchNorm ? ', batch norm' : ''}`, () => {
        useBackend(backend);
        const net = new Network({ layers: [5, 48, 24, nL], hidden, output, batchNorm, seed: 11 });
        if (batchNorm) {
          // Running statistics away from their initial 0 and 1, so the inference path is exercised.
          net.fit(rng.randn(5, 64), labels(output, nL, 64), { learningRate: 0.05, iterations: 3 });
        }
        const m = 301;
        const X = rng.randn(5, m);
        const whole = net.predictProba(X);
        for (const batchSize of [1, 7, 64, 300]) {
          const differences: string[] = [];
          for (let start = 0; start < m; start += batchSize) {
            const end = Math.min(m, start + batchSize);
            const A = net.predictProba(columnBlock(X, start, end));
            for (let i = 0; i < nL; i++) {
              for (let j = 0; j < A.cols; j++) if (!Object.is(A.get(i, j), whole.get(i, start + j))) differences.push(`[${i}, ${start + j}] in blocks of ${batchSize}`);
            }
          }
          expect(differences.slice(0, 5)).toEqual([]);
        }
      });
    }
  }
});
