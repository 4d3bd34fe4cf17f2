// Tests of the float32 GEMM (gemm-f32.wat through the shared driver) and of the wasm backend's
// dispatch by dtype. The float32 kernel's contract is exactness against one precise naive loop: per
// element, s = fround(s + fround(a·b)) for k = 0..K-1 from s = 0, i.e. a float32 multiply and a float32
// add, each rounded, in the order of k. Every comparison below is bit for bit against that loop.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../matrix';
import { RandomState } from '../../random';
import { runConformance } from '../conformance';
import { referenceBackend } from '../reference';
import { GemmF32 } from './gemm-f32';
import { createWasmBackend } from './wasm-backend';
import { webAssemblyApi } from './webassembly';
import { bitDifferences, naiveGemm } from '../../test-support/naive-gemm';

const api = webAssemblyApi()!;
const kernel = new GemmF32(api, 1);
const wasmEverywhere = createWasmBackend({ minMultiplyAdds: 0, threads: 1 })!;

const rng = new RandomState(2024);
const randn32 = (rows: number, cols: number): Matrix => rng.randn(rows, cols).astype('float32');

/** op(A), op(B) of the given shape for the given transposes, as float32 matrices. */
function operands(transA: boolean, transB: boolean, M: number, N: number, K: number): [Matrix, Matrix] {
  return [transA ? randn32(K, M) : randn32(M, K), transB ? randn32(N, K) : randn32(K, N)];
}

const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

describe('float32 GEMM kernel', () => {
  it('rounds like the naive float32 loop and not like a float64 sum rounded once (the test can tell them apart)', () => {
    const [A, B] = operands(false, false, 8, 8, 1000);
    const C = new Matrix(8, 8, 'float32');
    expect(kernel.gemm(false, false, A, B, C, null)).toBe(true);
    const naive = naiveGemm(false, false, A, B, 'float32');
    const float64Sum = new Matrix(8, 8);
    referenceBackend.gemm(false, false, A.astype('float64'), B.astype('float64'), float64Sum);
    expect(bitDifferences(C.data, naive)).toBe(0);
    expect(bitDifferences(Float32Array.from(float64Sum.data), naive)).toBeGreaterThan(32);
  });

  /** Every shape in every transpose, one thread, bit for bit against the naive float32 loop. */
  const expectExact = (shapes: [number, number, number][]): void => {
    for (const [M, N, K] of shapes) {
      for (const [transA, transB] of TRANSPOSES) {
        const [A, B] = operands(transA, transB, M, N, K);
        const C = Matrix.full(M, N, Number.NaN, 'float32');
        expect(kernel.gemm(transA, transB, A, B, C, null)).toBe(true);
        expect(bitDifferences(C.data, naiveGemm(transA, transB, A, B, 'float32')), `M=${M} N=${N} K=${K} ${transA} ${transB}`).toBe(0);
      }
    }
  };

  it('is bit-identical to the naive float32 loop for edge sizes along each dimension, in every transpose', () => {
    const EDGES = [1, 3, 4, 5, 7, 8, 9, 17, 127, 130, 257, 300];
    const shapes: [number, number, number][] = [];
    for (const n of EDGES) shapes.push([n, 9, 13], [5, n, 13], [6, 11, n]);
    expectExact(shapes);
  });

  it('is bit-identical across the cache-blocking boundaries (MC=120, KC=512, NC=256) and W1-like shapes', () => {
    const shapes: [number, number, number][] = [
      [121, 5, 513], // one row and one k past a block
      [20, 1029, 209], // W1's dW1 shape class, N past NC
      [20, 209, 1100], // W1's Z1 shape class, K past two KC slices
      [7, 3, 1027], // odd K through the transposing packers' tails
      [241, 264, 520], // every block boundary at once
      [4, 8, 1], // exactly one register tile
    ];
    expectExact(shapes);
  });

  it('keeps signed zeros, infinities and NaN as the naive loop does', () => {
    const A = new Matrix(4, 3, Float32Array.of(-0, -0, -0, 1, 2, 3, Infinity, 1, 0, 1e30, 1e30, -1e30));
    const B = new Matrix(3, 9, Float32Array.from({ length: 27 }, (_, i) => (i % 5 === 0 ? 0 : i - 13) * 1e10));
    const C = new Matrix(4, 9, 'float32');
    kernel.gemm(false, false, A, B, C, null);
    expect(bitDifferences(C.data, naiveGemm(false, false, A, B, 'float32'))).toBe(0);
  });

  it('splits large products across helper threads without changing a bit', async () => {
    const threaded = new GemmF32(api, 2);
    const cases: [boolean, boolean, number, number, number][] = [
      [false, false, 20, 209, 3000], // bands of columns
      [false, true, 20, 4100, 209], // a band edge inside a register tile's 8 columns on neither side
      [true, false, 900, 30, 70], // taller than wide: bands of rows
      [true, true, 301, 300, 40],
    ];
    const run = (): number => {
      let differences = 0;
      for (const [transA, transB, M, N, K] of cases) {
        const [A, B] = operands(transA, transB, M, N, K);
        const C = Matrix.full(M, N, Number.NaN, 'float32');
        const single = new Matrix(M, N, 'float32');
        expect(threaded.gemm(transA, transB, A, B, C, null)).toBe(true);
        expect(kernel.gemm(transA, transB, A, B, single, null)).toBe(true);
        differences += bitDifferences(C.data, single.data);
      }
      return differences;
    };
    expect(run()).toBe(0); // the first large product starts the helper; it runs single-threaded meanwhile
    for (let waited = 0; threaded.helpersReady() === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(threaded.helpersReady()).toBe(1);
    expect(run()).toBe(0);
    const [A, B] = operands(false, true, 20, 4100, 209);
    const C = new Matrix(20, 4100, 'float32');
    threaded.gemm(false, true, A, B, C, null);
    expect(bitDifferences(C.data, naiveGemm(false, true, A, B, 'float32'))).toBe(0);
  });
});

describe('wasm backend with float32 matrices', () => {
  it('passes the float32 conformance suite with every product in the float32 kernel', () => {
    expect(runConformance(wasmEverywhere, { dtype: 'float32' })).toEqual([]);
  });

  it('multiplies float32 matrices in the float32 kernel, bit-identical to the naive float32 loop', () => {
    for (const [transA, transB] of TRANSPOSES) {
      const [A, B] = operands(transA, transB, 37, 41, 300);
      const C = new Matrix(37, 41, 'float32');
      wasmEverywhere.gemm(transA, transB, A, B, C);
      expect(bitDifferences(C.data, naiveGemm(transA, transB, A, B, 'float32'))).toBe(0);
    }
  });

  it('sends mixed dtypes to the reference', () => {
    const A = randn32(30, 40);
    const B = rng.randn(40, 50);
    for (const C of [new Matrix(30, 50), new Matrix(30, 50, 'float32')]) {
      const expected = new Matrix(30, 50, C.dtype);
      wasmEverywhere.gemm(false, false, A, B, C);
      referenceBackend.gemm(false, false, A, B, expected);
      expect(bitDifferences(C.data, expected.data)).toBe(0);
    }
  });

  it('writes zeros for an empty sum (K = 0) in float32', () => {
    const C = Matrix.full(2, 3, Number.NaN, 'float32');
    wasmEverywhere.gemm(false, false, new Matrix(2, 0, 'float32'), new Matrix(0, 3, 'float32'), C);
    expect(Array.from(C.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('computes float32 tanh with the reference (float32 tanh is widened to the exact float64 kernel and rounded once)', () => {
    const Z = randn32(20, 30);
    const A = new Matrix(20, 30, 'float32');
    const expected = new Matrix(20, 30, 'float32');
    wasmEverywhere.activate('tanh', Z, A, 0);
    referenceBackend.activate('tanh', Z, expected, 0);
    expect(bitDifferences(A.data, expected.data)).toBe(0);
  });

  it('reads a float32 operand held by an operand store from its one copy, and re-reads it after keep or release', () => {
    const store = wasmEverywhere.createOperandStore!();
    const X = randn32(300, 40);
    const W = randn32(7, 300);
    const Z = new Matrix(7, 40, 'float32');
    store.keep(X);
    wasmEverywhere.gemm(false, false, W, X, Z, store);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
    // Another product in between (no store) must not disturb the held copy.
    wasmEverywhere.gemm(false, false, randn32(9, 50), randn32(50, 60), new Matrix(9, 60, 'float32'));
    const dZ = randn32(7, 40);
    const dW = new Matrix(7, 300, 'float32');
    wasmEverywhere.gemm(false, true, dZ, X, dW, store);
    expect(bitDifferences(dW.data, naiveGemm(false, true, dZ, X, 'float32'))).toBe(0);
    // While held, the copy is what the product reads: a change without keep() is not seen (the
    // promise was broken; this shows the copy is really reused).
    X.data[0] = 1000;
    wasmEverywhere.gemm(false, false, W, X, Z, store);
    expect(Z.data[0]).not.toBe(naiveGemm(false, false, W, X, 'float32')[0]);
    // keep() again drops the copy: the changed X is read afresh.
    store.keep(X);
    wasmEverywhere.gemm(false, false, W, X, Z, store);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
    // After release(), the store holds nothing: products read X.data directly.
    store.release();
    X.data[1] = -1000;
    wasmEverywhere.gemm(false, false, W, X, Z, store);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
  });

  it('lets one store hold a float64 then a float32 matrix, and move between backends, without a stale copy', () => {
    const other = createWasmBackend({ minMultiplyAdds: 0, threads: 2 })!; // another kernel per dtype
    const store = wasmEverywhere.createOperandStore!();
    const X64 = rng.randn(60, 20);
    const W64 = rng.randn(5, 60);
    const Z64 = new Matrix(5, 20);
    const expected64 = new Matrix(5, 20);
    store.keep(X64);
    wasmEverywhere.gemm(false, false, W64, X64, Z64, store);
    referenceBackend.gemm(false, false, W64, X64, expected64);
    expect(bitDifferences(Z64.data, expected64.data)).toBe(0);

    const X = randn32(60, 20);
    const W = randn32(5, 60);
    const Z = new Matrix(5, 20, 'float32');
    store.keep(X);
    wasmEverywhere.gemm(false, false, W, X, Z, store);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
    other.gemm(false, false, W, X, Z, store); // the copy moves to the other backend's kernel
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
    X.data[0] = 1000;
    store.keep(X);
    for (const backend of [wasmEverywhere, other, wasmEverywhere]) {
      Z.data.fill(Number.NaN);
      backend.gemm(false, false, W, X, Z, store);
      expect(bitDifferences(Z.data, naiveGemm(false, false, W, X, 'float32'))).toBe(0);
    }
  });
});
