// Bit-exactness of every path of the float64 GEMM (gemm-f64.wat through the shared driver): packed B
// and op(B) = B read in place, each against the naive loop summing every C[i, j] from 0 in the order
// of k (Object.is per element), on edge sizes, every transpose, 1 and 2 threads, resident and
// non-resident operands; and memory growth that never detaches a buffer.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../matrix';
import { RandomState } from '../../random';
import { WasmOperandStore } from './gemm-driver';
import { GemmF64 } from './gemm-f64';
import { webAssemblyApi } from './webassembly';
import { bitDifferences, naiveGemm } from '../../test-support/naive-gemm';

const api = webAssemblyApi()!;

const rng = new RandomState(4242);
const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

/** Every product of `shapes` in every transpose, on `kernel`, with B (then A) held resident or not. */
function check(kernel: GemmF64, shapes: [number, number, number][]): void {
  for (const [M, N, K] of shapes) {
    for (const [transA, transB] of TRANSPOSES) {
      const A = transA ? rng.randn(K, M) : rng.randn(M, K);
      const B = transB ? rng.randn(N, K) : rng.randn(K, N);
      const expected = naiveGemm(transA, transB, A, B);
      for (const held of [null, B, A]) {
        const store = new WasmOperandStore();
        if (held) store.keep(held);
        for (let repeat = 0; repeat < (held ? 2 : 1); repeat++) {
          const C = Matrix.full(M, N, Number.NaN);
          expect(kernel.gemm(transA, transB, A, B, C, held ? store : null)).toBe(true);
          const label = `M=${M} N=${N} K=${K} ${transA} ${transB} held=${held === B ? 'B' : held === A ? 'A' : '-'}`;
          expect(bitDifferences(C.data, expected), label).toBe(0);
        }
        store.release();
      }
    }
  }
}

// Small M (in-place B paths), large M (packed B), edge sizes around the tile (4), KC = 256, MC = 120, NC = 256.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 1],
  [5, 9, 13],
  [20, 209, 600], // W1's Z1 class: K past two KC slices
  [20, 1029, 209], // W1's dW1 class: N past NC
  [7, 3, 513],
  [8, 500, 2], // W2's products
  [8, 500, 8],
  [1, 500, 8],
  [8, 8, 500],
  [32, 37, 260],
  [33, 37, 260],
  [121, 5, 257],
  [64, 130, 129],
  [10, 128, 64],
  [20, 512, 40], // B's rows 4 KiB apart: packed even with few rows
  [64, 70, 300], // the last M that reads B in place
  [65, 70, 300], // the first that packs it
  [6, 1, 9], // a single column: only the packed partial panel
];

describe('float64 GEMM paths', () => {
  it('is bit-identical to the naive k-order loop on every path, transpose and residency (1 thread)', () => {
    check(new GemmF64(api, 1), SHAPES);
  });

  it('is bit-identical with two threads, before and after the helper starts', async () => {
    const kernel = new GemmF64(api, 2);
    const large: [number, number, number][] = [
      [20, 209, 1100],
      [20, 4100, 209],
      [300, 30, 130],
    ];
    check(kernel, large);
    for (let waited = 0; kernel.helpersReady() === 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(kernel.helpersReady()).toBe(1);
    check(kernel, large);
  });

  it('keeps signed zeros, infinities and NaN as the naive loop does on every path', () => {
    const kernel = new GemmF64(api, 1);
    for (const [M, N, K] of [[4, 9, 3], [40, 9, 3]] as const) {
      for (const [transA, transB] of TRANSPOSES) {
        const A = new Matrix(transA ? K : M, transA ? M : K, Float64Array.from({ length: M * K }, (_, i) => [-0, 1e300, -1e300, Infinity, 0, 2][i % 6]!));
        const B = new Matrix(transB ? N : K, transB ? K : N, Float64Array.from({ length: K * N }, (_, i) => (i % 5 === 0 ? -0 : (i - 13) * 1e10)));
        const C = new Matrix(M, N);
        kernel.gemm(transA, transB, A, B, C, null);
        expect(bitDifferences(C.data, naiveGemm(transA, transB, A, B)), `${M} ${transA} ${transB}`).toBe(0);
      }
    }
  });

  it('grows by replacing its memory, never detaching a buffer, and re-copies a resident operand after', () => {
    const kernel = new GemmF64(api, 1);
    const memoryOf = (): { buffer: ArrayBuffer } => (kernel as unknown as { memory: { buffer: ArrayBuffer } }).memory;
    const X = rng.randn(40, 30);
    const W = rng.randn(5, 40);
    const store = new WasmOperandStore();
    store.keep(X);
    const Z = new Matrix(5, 30);
    expect(kernel.gemm(false, false, W, X, Z, store)).toBe(true);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X))).toBe(0);
    const before = memoryOf().buffer;
    const size = before.byteLength;
    // 3 MB of operands: past the first memory, while X's copy sits in the resident slot.
    const A = rng.randn(300, 500);
    const B = rng.randn(500, 300);
    const C = new Matrix(300, 300);
    expect(kernel.gemm(false, false, A, B, C, null)).toBe(true);
    expect(bitDifferences(C.data, naiveGemm(false, false, A, B))).toBe(0);
    expect(memoryOf().buffer).not.toBe(before);
    expect(memoryOf().buffer.byteLength).toBeGreaterThan(size);
    expect(before.byteLength).toBe(size); // still attached: a detached buffer reports 0
    // The new memory starts empty: the held X is copied again, not read from a stale slot.
    Z.data.fill(Number.NaN);
    expect(kernel.gemm(false, false, W, X, Z, store)).toBe(true);
    expect(bitDifferences(Z.data, naiveGemm(false, false, W, X))).toBe(0);
    const dZ = rng.randn(5, 30);
    const dW = new Matrix(5, 40);
    expect(kernel.gemm(false, true, dZ, X, dW, store)).toBe(true);
    expect(bitDifferences(dW.data, naiveGemm(false, true, dZ, X))).toBe(0);
  });

  it('grows a shared memory (helper threads) in place', () => {
    const kernel = new GemmF64(api, 2);
    const memory = (kernel as unknown as { memory: object }).memory;
    const A = rng.randn(300, 500);
    const B = rng.randn(500, 300);
    const C = new Matrix(300, 300);
    expect(kernel.gemm(false, false, A, B, C, null)).toBe(true);
    expect((kernel as unknown as { memory: object }).memory).toBe(memory);
    expect(bitDifferences(C.data, naiveGemm(false, false, A, B))).toBe(0);
  });
});
