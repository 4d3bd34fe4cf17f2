import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { useBackend, type BackendName } from './backend/index';
import { datasets } from './datasets/index';
import { Network, type FitOptions, type NetworkOptions } from './network';

/**
 * Refactoring guard: the SHA-256 of every parameter's float64 bytes after W2-like runs ([2, 8, 8, 1]
 * on 500 points, a few hundred steps). The hashes were taken before the engine's structure was
 * reworked (issue 12) and must never change: a restructuring that moves one rounding fails here. Each backend has its
 * own entry, and all are equal: the wasm backend's tanh run differed until its tanh kernel became
 * math/tanh.ts's bit for bit (it was 993643596fed105462f9d3fa42c8a54b9c4f29ee8ddbb1b25b90c50ef4a297b0).
 */
const RUNS: { name: string; network: NetworkOptions; fit: FitOptions; sha256: Record<BackendName, string> }[] = [
  {
    name: 'batch gradient descent, tanh, 300 iterations',
    network: { layers: [2, 8, 8, 1], hidden: 'tanh', seed: 2 },
    fit: { learningRate: 0.5, iterations: 300 },
    sha256: {
      reference: '615f97db21e84234679de91de95376c7ad1ac6547c2e26fb1afaf7cd52c00200',
      wasm: '615f97db21e84234679de91de95376c7ad1ac6547c2e26fb1afaf7cd52c00200',
    },
  },
  {
    name: 'Adam, mini-batches of 64, L2, dropout, relu, 10 epochs',
    network: { layers: [2, 8, 8, 1], hidden: 'relu', init: 'he', seed: 3 },
    fit: { learningRate: 0.01, epochs: 10, batchSize: 64, optimizer: 'adam', l2: 0.1, keepProb: [0.9, 0.9] },
    sha256: {
      reference: '51ca566132e725963a96be4dd1314c8c6e98324e294449719f6c0074a2c32fb0',
      wasm: '51ca566132e725963a96be4dd1314c8c6e98324e294449719f6c0074a2c32fb0',
    },
  },
  {
    name: 'momentum, batch norm, relu, 200 iterations',
    network: { layers: [2, 8, 8, 1], hidden: 'relu', init: 'he', seed: 4, batchNorm: true },
    fit: { learningRate: 0.05, iterations: 200, optimizer: 'momentum' },
    sha256: {
      reference: '8c593795eebb304bbf6031cce0ad2ce41948ef5b4485b9f41914e74bc0ac6efe',
      wasm: '8c593795eebb304bbf6031cce0ad2ce41948ef5b4485b9f41914e74bc0ac6efe',
    },
  },
];

function parameterHash(net: Network): string {
  const hash = createHash('sha256');
  for (const [name, M] of Object.entries(net.getParameters())) {
    hash.update(name);
    hash.update(new Uint8Array(M.data.buffer, M.data.byteOffset, M.data.byteLength));
  }
  return hash.digest('hex');
}

describe('float64 training stays bit-identical across refactorings', () => {
  const { X, Y } = datasets.moons({ m: 500, noise: 0.2, seed: 1 });
  afterEach(() => useBackend('reference'));

  for (const run of RUNS) {
    for (const backend of ['reference', 'wasm'] as BackendName[]) {
      it(`${run.name} (${backend} backend)`, () => {
        useBackend(backend);
        const net = new Network(run.network);
        net.fit(X, Y, run.fit);
        expect(parameterHash(net)).toBe(run.sha256[backend]);
      });
    }
  }
});
