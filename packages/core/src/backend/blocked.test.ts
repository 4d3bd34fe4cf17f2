import { describe, expect, it } from 'vitest';
import { RandomState } from '../random';
import { Matrix } from '../matrix';
import { blockedGemm } from './blocked';
import { BLOCKED_MIN_MULTIPLY_ADDS, referenceBackend } from './reference';

/** The naive product, summing each C[i, j] in the order of k from 0: the order blockedGemm promises. */
function naive(transA: boolean, transB: boolean, M: number, N: number, K: number, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += (transA ? a[k * M + i]! : a[i * K + k]!) * (transB ? b[j * K + k]! : b[k * N + j]!);
      c[i * N + j] = sum;
    }
  }
  return c;
}

describe('blockedGemm', () => {
  it('is bit-identical to the naive loops across every blocking boundary and transpose', () => {
    const rng = new RandomState(3);
    // MC = 63, KC = 256, NC = 256: around each boundary; 3×4 edge tiles in both directions.
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 2],
      [4, 4, 256],
      [63, 256, 257],
      [64, 255, 256],
      [65, 257, 255],
      [20, 209, 600],
      [20, 600, 209],
      [129, 9, 513],
    ];
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = rng.randn(1, M * K).data;
          const b = rng.randn(1, K * N).data;
          const c = new Float64Array(M * N).fill(Number.NaN);
          blockedGemm(M, N, K, a, transA ? 1 : K, transA ? M : 1, b, transB ? 1 : N, transB ? K : 1, c);
          const expected = naive(transA, transB, M, N, K, a, b);
          let mismatches = 0;
          for (let k = 0; k < c.length; k++) if (!Object.is(c[k], expected[k])) mismatches++;
          expect(mismatches, `M=${M} N=${N} K=${K} transA=${transA} transB=${transB}`).toBe(0);
        }
      }
    }
  });
});

describe('the reference backend’s small products', () => {
  it('are bit-identical to the naive loops too (register-blocked by four columns, same order of k)', () => {
    const rng = new RandomState(8);
    const shapes: [number, number, number][] = [[1, 1, 1], [8, 500, 2], [8, 500, 8], [1, 500, 8], [8, 8, 500], [8, 2, 500], [5, 7, 3], [3, 4, 0]];
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const A = transA ? rng.randn(K, M) : rng.randn(M, K);
          const B = transB ? rng.randn(N, K) : rng.randn(K, N);
          const C = Matrix.full(M, N, Number.NaN);
          expect(M * N * K).toBeLessThan(BLOCKED_MIN_MULTIPLY_ADDS);
          referenceBackend.gemm(transA, transB, A, B, C);
          const expected = naive(transA, transB, M, N, K, A.data, B.data);
          let mismatches = 0;
          for (let k = 0; k < expected.length; k++) if (!Object.is(C.data[k], expected[k])) mismatches++;
          expect(mismatches, `M=${M} N=${N} K=${K} transA=${transA} transB=${transB}`).toBe(0);
        }
      }
    }
  });
});
