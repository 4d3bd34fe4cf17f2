import { describe, expect, it } from 'vitest';
import { RandomState } from '../random';
import { bitDifferences, gemmCases, naiveGemm } from '../test-support/naive-gemm';
import { blockedGemm } from './blocked';
import { BLOCKED_MIN_MULTIPLY_ADDS, referenceBackend } from './reference';

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
    for (const { M, N, K, transA, transB, A, B, C, label } of gemmCases(rng, shapes)) {
      blockedGemm(M, N, K, A.data, transA ? 1 : K, transA ? M : 1, B.data, transB ? 1 : N, transB ? K : 1, C.data);
      expect(bitDifferences(C.data, naiveGemm(transA, transB, A, B)), label).toBe(0);
    }
  });
});

describe('the reference backend’s small products', () => {
  it('are bit-identical to the naive loops too (register-blocked by four columns, same order of k)', () => {
    const rng = new RandomState(8);
    const shapes: [number, number, number][] = [[1, 1, 1], [8, 500, 2], [8, 500, 8], [1, 500, 8], [8, 8, 500], [8, 2, 500], [5, 7, 3], [3, 4, 0]];
    for (const { M, N, K, transA, transB, A, B, C, label } of gemmCases(rng, shapes)) {
      expect(M * N * K).toBeLessThan(BLOCKED_MIN_MULTIPLY_ADDS);
      referenceBackend.gemm(transA, transB, A, B, C);
      expect(bitDifferences(C.data, naiveGemm(transA, transB, A, B)), label).toBe(0);
    }
  });
});
