import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../activations';
import { Matrix } from '../../matrix';
import { RandomState } from '../../random';
import { runConformance } from '../conformance';
import { getBackend, setBackend, useBackend } from '../index';
import { referenceBackend } from '../reference';
import { createWasmBackend } from './wasm-backend';
import { GemmF64 } from './gemm-f64';
import { webAssemblyApi } from './webassembly';

const wasmEverywhere = createWasmBackend({ minMultiplyAdds: 0 })!;

/** How many elements differ in any bit (NaN never equals a number here). */
function bitDifferences(actual: Matrix, expected: Matrix): number {
  let n = 0;
  for (let k = 0; k < expected.data.length; k++) if (!Object.is(actual.data[k], expected.data[k])) n++;
  return n;
}

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

  it('is bit-identical to the reference across the cache-blocking boundaries (MC=120, KC=256, NC=256)', () => {
    const rng = new RandomState(7);
    const shapes: [number, number, number][] = [
      [121, 5, 257], // one row and one k past a block
      [20, 1029, 209], // W1's dW1 shape class, N past NC
      [20, 209, 600], // W1's Z1 shape class, K past KC
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
          // The kernel sums each dot product in the order of k, as the reference does: no rounding differs.
          expect(bitDifferences(C, expected), `M=${M} N=${N} K=${K} ${transA} ${transB}`).toBe(0);
        }
      }
    }
  });

  it('splits large products across helper threads without changing a bit', async () => {
    const kernel = new GemmF64(webAssemblyApi()!, 2);
    const rng = new RandomState(11);
    const cases: [boolean, boolean, number, number, number][] = [
      [false, false, 20, 209, 3000], // bands of columns
      [false, true, 20, 4100, 209],
      [true, false, 900, 30, 70], // taller than wide: bands of rows
    ];
    const run = (): number => {
      let differences = 0;
      for (const [transA, transB, M, N, K] of cases) {
        const A = transA ? rng.randn(K, M) : rng.randn(M, K);
        const B = transB ? rng.randn(N, K) : rng.randn(K, N);
        const C = Matrix.full(M, N, Number.NaN);
        const expected = new Matrix(M, N);
        expect(kernel.gemm(transA, transB, A, B, C, null)).toBe(true);
        referenceBackend.gemm(transA, transB, A, B, expected);
        differences += bitDifferences(C, expected);
      }
      return differences;
    };
    expect(run()).toBe(0); // the first large product starts the helper; it runs single-threaded meanwhile
    for (let waited = 0; kernel.helpersReady() === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(kernel.helpersReady()).toBe(1);
    expect(run()).toBe(0);
  });

  it('reads an operand held by an operand store from its one copy, and re-reads it after keep or release', () => {
    const backend = createWasmBackend({ minMultiplyAdds: 0, threads: 1 })!;
    const store = backend.createOperandStore!();
    const rng = new RandomState(5);
    const X = rng.randn(300, 40);
    const W = rng.randn(7, 300);
    const Z = new Matrix(7, 40);
    const expected = new Matrix(7, 40);
    store.keep(X);
    backend.gemm(false, false, W, X, Z, store);
    referenceBackend.gemm(false, false, W, X, expected);
    expect(bitDifferences(Z, expected)).toBe(0);
    // Another product in between (no store) must not disturb the held copy.
    backend.gemm(false, false, rng.randn(9, 50), rng.randn(50, 60), new Matrix(9, 60));
    const dZ = rng.randn(7, 40);
    const dW = new Matrix(7, 300);
    backend.gemm(false, true, dZ, X, dW, store);
    const dWexpected = new Matrix(7, 300);
    referenceBackend.gemm(false, true, dZ, X, dWexpected);
    expect(bitDifferences(dW, dWexpected)).toBe(0);
    // keep() again drops the copy: a changed X is read afresh.
    X.data[0] = 1000;
    store.keep(X);
    backend.gemm(false, false, W, X, Z, store);
    referenceBackend.gemm(false, false, W, X, expected);
    expect(bitDifferences(Z, expected)).toBe(0);
    // After release(), the store holds nothing: products read X.data directly.
    store.release();
    X.data[1] = -1000;
    backend.gemm(false, false, W, X, Z, store);
    referenceBackend.gemm(false, false, W, X, expected);
    expect(bitDifferences(Z, expected)).toBe(0);
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
    expect(wasmEverywhere.softmaxColumns).toBe(referenceBackend.softmaxColumns);
    expect(wasmEverywhere.rowSums).toBe(referenceBackend.rowSums);
  });

  it('tanh backward runs in wasm bit-identical to the reference; other activations fall through', () => {
    const rng = new RandomState(21);
    for (const kind of ACTIVATIONS) {
      for (const [rows, cols] of [[8, 500], [3, 7], [5, 101]] as const) {
        const Z = rng.randn(rows, cols);
        const A = new Matrix(rows, cols);
        referenceBackend.activate(kind, Z, A, 0.02);
        const dA = rng.randn(rows, cols);
        const expected = new Matrix(rows, cols);
        referenceBackend.activateBackward(kind, dA, Z, A, expected, 0.02);
        const dZ = Matrix.full(rows, cols, Number.NaN);
        wasmEverywhere.activateBackward(kind, dA, Z, A, dZ, 0.02);
        expect(Array.from(dZ.data), `${kind} (${rows}, ${cols})`).toEqual(Array.from(expected.data));
      }
    }
  });

  it('float32 tanh (with and without its bias) and its backward pass run in wasm bit-identical to the reference', () => {
    const rng = new RandomState(22);
    for (const [rows, cols] of [[8, 500], [5, 101], [3, 31]] as const) {
      // scales that reach every range of tanh, float32 as a float32 network holds them
      const Z = rng.randn(rows, cols).astype('float32');
      for (let k = 0; k < Z.data.length; k++) Z.data[k] = Z.data[k]! * [0.3, 1, 4, 12][k % 4]!;
      const b = rng.randn(rows, 1).astype('float32');
      const Zref = new Matrix(rows, cols, Z.data.slice());
      const Aref = new Matrix(rows, cols, 'float32');
      referenceBackend.addBiasActivate!('tanh', Zref, b, Aref, 0);
      const Zwasm = new Matrix(rows, cols, Z.data.slice());
      const Awasm = Matrix.full(rows, cols, Number.NaN, 'float32');
      wasmEverywhere.addBiasActivate!('tanh', Zwasm, b, Awasm, 0);
      expect(bitDifferences(Zwasm, Zref), `Z (${rows}, ${cols})`).toBe(0);
      expect(bitDifferences(Awasm, Aref), `A (${rows}, ${cols})`).toBe(0);
      const A1 = new Matrix(rows, cols, 'float32');
      const A1wasm = Matrix.full(rows, cols, Number.NaN, 'float32');
      referenceBackend.activate('tanh', Z, A1, 0);
      wasmEverywhere.activate('tanh', Z, A1wasm, 0);
      expect(bitDifferences(A1wasm, A1), `activate (${rows}, ${cols})`).toBe(0);
      const dA = rng.randn(rows, cols).astype('float32');
      const dZref = new Matrix(rows, cols, 'float32');
      const dZwasm = Matrix.full(rows, cols, Number.NaN, 'float32');
      referenceBackend.activateBackward('tanh', dA, Zref, Aref, dZref, 0);
      wasmEverywhere.activateBackward('tanh', dA, Zwasm, Awasm, dZwasm, 0);
      expect(bitDifferences(dZwasm, dZref), `dZ (${rows}, ${cols})`).toBe(0);
    }
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
