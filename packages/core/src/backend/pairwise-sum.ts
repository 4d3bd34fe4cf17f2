import type { FloatArray } from '../matrix';

const BLOCK = 128;

/**
 * Σ data[start .. start + n - 1] in exactly numpy's order (`pairwise_sum` in numpy's umath loops):
 * fewer than 8 terms are added left to right; up to 128 terms go into 8 interleaved accumulators
 * combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then the remainder; longer runs
 * split in two at a multiple of 8 and recurse. Matching the order makes `np.sum` reproducible to
 * the last bit, and pairwise summation keeps the rounding error at O(log n) instead of O(n).
 */
export function pairwiseSum(data: FloatArray, start: number, n: number): number {
  if (n < 8) {
    // numpy starts this branch from -0.0, so an empty or all-(-0) sum keeps its sign.
    let res = -0;
    for (let i = 0; i < n; i++) res += data[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    let r0 = data[start]!;
    let r1 = data[start + 1]!;
    let r2 = data[start + 2]!;
    let r3 = data[start + 3]!;
    let r4 = data[start + 4]!;
    let r5 = data[start + 5]!;
    let r6 = data[start + 6]!;
    let r7 = data[start + 7]!;
    const end8 = n - (n % 8);
    let i = 8;
    for (; i < end8; i += 8) {
      const p = start + i;
      r0 += data[p]!;
      r1 += data[p + 1]!;
      r2 += data[p + 2]!;
      r3 += data[p + 3]!;
      r4 += data[p + 4]!;
      r5 += data[p + 5]!;
      r6 += data[p + 6]!;
      r7 += data[p + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += data[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(data, start, n2) + pairwiseSum(data, start + n2, n - n2);
}
