import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVATIONS, OUTPUT_HEADS, type OutputHead } from '../activations';
import { datasets } from '../datasets/index';
import { Matrix } from '../matrix';
import { type FitOptions, Network, type NetworkOptions } from '../network';
import { useBackend } from './index';

/**
 * The promise behind `useBackend('wasm')`: float64 training gives the reference backend's parameters
 * bit for bit, whatever the activation, head, optimizer or batch norm. The shapes are chosen so the
 * wasm backend's own kernels run (products past its small-product cutoff, tanh over more than 64
 * elements, the default helper threads for the larger products), not its reference fallbacks.
 */
const { X, Y: labels } = datasets.moons({ m: 300, noise: 0.2, seed: 5 });

/** Y for each head: the moons labels, three one-hot classes, or a smooth real target. */
function targets(head: OutputHead): Matrix {
  const m = X.cols;
  if (head === 'sigmoid') return labels;
  if (head === 'linear') return Matrix.from([Array.from({ length: m }, (_, j) => Math.sin(3 * X.get(0, j)) + X.get(1, j))]);
  const Y = new Matrix(3, m);
  for (let j = 0; j < m; j++) Y.set(labels.get(0, j) + (X.get(0, j) > 0.5 ? 1 : 0), j, 1);
  return Y;
}

/** The trained parameters of one run on `backend`. */
function train(backend: 'reference' | 'wasm', network: NetworkOptions, Y: Matrix, fit: FitOptions) {
  useBackend(backend);
  const net = new Network(network);
  net.fit(X, Y, fit);
  return net.getParameters();
}

/** Every parameter entry that differs in its bits, as `name[k]: reference vs wasm` (empty when identical). */
function differences(reference: Record<string, Matrix>, wasm: Record<string, Matrix>): string[] {
  const out: string[] = [];
  for (const [name, M] of Object.entries(reference)) {
    const other = wasm[name]!.data;
    M.data.forEach((v, k) => {
      if (!Object.is(v, other[k])) out.push(`${name}[${k}]: ${v} vs ${other[k]}`);
    });
  }
  return out;
}

describe('float64 training on the wasm backend is bit-identical to the reference', () => {
  afterEach(() => useBackend('reference'));

  for (const hidden of ACTIVATIONS) {
    for (const output of OUTPUT_HEADS) {
      it(`${hidden} hidden layers, ${output} head`, () => {
        const Y = targets(output);
        const network: NetworkOptions = { layers: [2, 32, 16, Y.rows], hidden, output, seed: 7, init: 'xavier' };
        const fit = { learningRate: output === 'linear' ? 0.02 : 0.3, iterations: 40 };
        const reference = train('reference', network, Y, fit);
        expect(differences(reference, train('wasm', network, Y, fit)).slice(0, 5)).toEqual([]);
      });
    }
  }

  it('with batch norm, Adam, mini-batches, L2 and dropout (tanh)', () => {
    const network: NetworkOptions = { layers: [2, 32, 16, 1], hidden: 'tanh', seed: 3, batchNorm: true };
    const fit: FitOptions = { learningRate: 0.01, epochs: 4, batchSize: 100, optimizer: 'adam', l2: 0.05, keepProb: [0.9, 0.9] };
    const reference = train('reference', network, labels, fit);
    expect(differences(reference, train('wasm', network, labels, fit)).slice(0, 5)).toEqual([]);
  });

  it('on the course’s planar flower run (one hidden layer of 4 tanh units, lr 1.2, 2000 iterations)', () => {
    const flower = datasets.planarFlower();
    const network: NetworkOptions = { layers: [2, 4, 1], hidden: 'tanh', init: 'random', initScale: 0.01, seed: 2 };
    const fit = { learningRate: 1.2, iterations: 2000 };
    const run = (backend: 'reference' | 'wasm') => {
      useBackend(backend);
      const net = new Network(network);
      net.fit(flower.X, flower.Y, fit);
      return net.getParameters();
    };
    expect(differences(run('reference'), run('wasm')).slice(0, 5)).toEqual([]);
  });
});
