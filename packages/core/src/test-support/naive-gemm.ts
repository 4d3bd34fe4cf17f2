// The naive matrix products that the kernels' bit-exactness tests compare against.
import { Matrix } from '../matrix';
import type { RandomState } from '../random';

/**
 * op(A)·op(B) by the definition, each C[i, j] summed from 0 in the order of k: in float64
 * (((0 + a₀b₀) + a₁b₁) + …, what the float64 kernels promise) or, for 'float32', with every multiply
 * and every add rounded to float32 (s = fround(s + fround(a·b)), the float32 kernel's promise).
 */
export function naiveGemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, precision: 'float64' | 'float32' = 'float64'): Float64Array | Float32Array {
  const M = transA ? A.cols : A.rows;
  const K = transA ? A.rows : A.cols;
  const N = transB ? B.rows : B.cols;
  const a = A.data;
  const b = B.data;
  const float32 = precision === 'float32';
  const out = float32 ? new Float32Array(M * N) : new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const product = (transA ? a[k * M + i]! : a[i * K + k]!) * (transB ? b[j * K + k]! : b[k * N + j]!);
        s = float32 ? Math.fround(s + Math.fround(product)) : s + product;
      }
      out[i * N + j] = s;
    }
  }
  return out;
}

/** How many elements differ in any bit (Object.is: -0 differs from 0; NaN never equals a number). */
export function bitDifferences(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let n = 0;
  for (let k = 0; k < expected.length; k++) if (!Object.is(actual[k], expected[k])) n++;
  return n;
}

/** One product of a kernel test: op(A) (M, K) and op(B) (K, N) stored as the flags say, C (M, N). */
export interface GemmCase {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
  A: Matrix;
  B: Matrix;
  /** Filled with NaN: a kernel must overwrite C, never accumulate into it. */
  C: Matrix;
  /** `M=… N=… K=… transA=… transB=…`, for the failure message. */
  label: string;
}

/** Each shape (M, N, K) with all four transposes, the operands drawn from `rng` (A, then B). */
export function* gemmCases(rng: RandomState, shapes: readonly (readonly [number, number, number])[]): Generator<GemmCase> {
  for (const [M, N, K] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const A = transA ? rng.randn(K, M) : rng.randn(M, K);
        const B = transB ? rng.randn(N, K) : rng.randn(K, N);
        const C = Matrix.full(M, N, Number.NaN);
        yield { M, N, K, transA, transB, A, B, C, label: `M=${M} N=${N} K=${K} transA=${transA} transB=${transB}` };
      }
    }
  }
}
