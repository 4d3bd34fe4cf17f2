import { afterEach, describe, expect, it } from 'vitest';
import { Matrix } from '../../matrix';
import { RandomState } from '../../random';
import { runConformance } from '../conformance';
import { getBackend, setBackend, useBackend } from '../index';
import { referenceBackend } from '../reference';
import { createWasmBackend } from './wasm-backend';

const wasmEverywhere = createWasmBackend({ minMultiplyAdds: 0 })!;

/** max |x - y| / max(1, |y|) over all elements. */
function relativeError(actual: Matrix, expected: Matrix): number {
  let worst = 0;
  for (let k = 0; k < expected.data.length; k++) {
    const e = expected.data[k]!;
    worst = Math.max(worst, Math.abs(actual.data[k]! - e) / Math.max(1, Math.abs(e)));
  }
  return worst;
}

describe('wasm backend', () => {
  afterEach(() => setBackend(createWasmBackend() ?? referenceBackend));

  it('is available on this Node (WebAssembly SIMD)', () => {
    expect(wasmEverywhere.name).toBe('wasm');
  });

  it('passes the conformance suite with every product in the wasm kernel', () => {
    expect(runConformance(wasmEverywhere)).toEqual([]);
  });

  it('passes the conformance suite with its default small-product cutoff', () => {
    expect(runConformance(createWasmBackend()!)).toEqual([]);
  });

  it('agrees with the reference across the cache-blocking boundaries (MC=120, KC=256, NC=1024)', () => {
    const rng = new RandomState(7);
    const shapes: [number, number, number][] = [
      [121, 5, 257], // one row and one k past a block
      [20, 1029, 209], // W1's dW1 shape class, N past NC
      [7, 3, 513], // odd K through the transposed-B packing
      [6, 4, 1], // exactly one register tile
      [240, 8, 256],
    ];
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const A = transA ? rng.randn(K, M) : rng.randn(M, K);
          const B = transB ? rng.randn(N, K) : rng.randn(K, N);
          const C = Matrix.full(M, N, Number.NaN);
          const expected = new Matrix(M, N);
          wasmEverywhere.gemm(transA, transB, A, B, C);
          referenceBackend.gemm(transA, transB, A, B, expected);
          expect(relativeError(C, expected), `M=${M} N=${N} K=${K} ${transA} ${transB}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('keeps working after its memory grows and shrinks back to small calls', () => {
    const rng = new RandomState(3);
    for (const n of [3, 300, 5, 600, 2]) {
      const A = rng.randn(n, 40);
      const B = rng.randn(40, n);
      const C = new Matrix(n, n);
      const expected = new Matrix(n, n);
      wasmEverywhere.gemm(false, false, A, B, C);
      referenceBackend.gemm(false, false, A, B, expected);
      expect(relativeError(C, expected)).toBeLessThan(1e-12);
    }
  });

  it('writes zeros for an empty sum (K = 0) and accepts empty outputs', () => {
    const C = Matrix.full(2, 3, Number.NaN);
    wasmEverywhere.gemm(false, false, new Matrix(2, 0), new Matrix(0, 3), C);
    expect(C.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    wasmEverywhere.gemm(false, false, new Matrix(0, 4), new Matrix(4, 3), new Matrix(0, 3));
  });

  it('falls back to the reference for every kernel it does not accelerate', () => {
    expect(wasmEverywhere.addBias).toBe(referenceBackend.addBias);
    expect(wasmEverywhere.activate).toBe(referenceBackend.activate);
  });
});

describe('backend selection', () => {
  afterEach(() => setBackend(createWasmBackend() ?? referenceBackend));

  it('useBackend forces a backend by name and rejects unknown names', () => {
    expect(useBackend('reference')).toBe(referenceBackend);
    expect(getBackend()).toBe(referenceBackend);
    expect(useBackend('wasm').name).toBe('wasm');
    expect(getBackend().name).toBe('wasm');
    expect(() => useBackend('gpu' as 'wasm')).toThrow(/unknown backend 'gpu'/);
  });
});
