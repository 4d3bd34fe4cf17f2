import type { Activation } from '../activations';
import type { FloatArray } from '../matrix';
import { tanh } from '../math/tanh';
import type { Backend } from './backend';
import { blockedGemm, type StridedGemm } from './blocked';
import { pairwiseSum } from './pairwise-sum';

/**
 * Products with at least this many multiply-adds (M·N·K) run in the blocked, packed kernel
 * (blocked.ts); smaller ones in the naive loops, where packing would cost more than it saves. Both
 * sum every dot product in the order of k, so the choice never changes a bit of the result.
 */
export const BLOCKED_MIN_MULTIPLY_ADDS = 32768;

/**
 * The pure-TypeScript backend: straightforward loops over row-major typed arrays, ordered so the
 * innermost loop walks memory contiguously. It is the reference every faster backend is compared to
 * and the fallback where WebAssembly is unavailable. Large products go to a cache-blocked kernel
 * (blocked.ts) that sums in the same order as the loops here, so its results are bit-identical.
 * tanh is math/tanh.ts's, not the host's Math.tanh, so the wasm kernel can match it on every host.
 */
export const referenceBackend: Backend = {
  name: 'reference',

  gemm(transA, transB, A, B, C) {
    const c = C.data;
    const a = A.data;
    const b = B.data;
    const M = C.rows;
    const N = C.cols;
    const K = transA ? A.rows : A.cols;
    // A is stored (M, K) or, transposed, (K, M); B is (K, N) or (N, K): the transposes are strides.
    const aRowStride = transA ? 1 : K;
    const aDepthStride = transA ? M : 1;
    const bDepthStride = transB ? 1 : N;
    const bColStride = transB ? K : 1;
    if (M * N * K >= BLOCKED_MIN_MULTIPLY_ADDS) {
      blockedGemm(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c);
    } else {
      smallGemm(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c);
    }
  },

  addBias(Z, b) {
    const z = Z.data;
    const bias = b.data;
    const m = Z.cols;
    for (let i = 0; i < Z.rows; i++) {
      const bi = bias[i]!;
      const row = i * m;
      for (let j = 0; j < m; j++) z[row + j] += bi;
    }
  },

  addBiasActivate(kind, Z, b, A, alpha) {
    const z = Z.data;
    const a = A.data;
    const bias = b.data;
    const m = Z.cols;
    for (let i = 0; i < Z.rows; i++) {
      const bi = bias[i]!;
      const row = i * m;
      const end = row + m;
      switch (kind) {
        case 'sigmoid':
          for (let k = row; k < end; k++) a[k] = 1 / (1 + Math.exp(-(z[k] += bi)));
          break;
        case 'tanh':
          for (let k = row; k < end; k++) a[k] = tanh((z[k] += bi));
          break;
        case 'relu':
          for (let k = row; k < end; k++) {
            const v = (z[k] += bi);
            a[k] = v > 0 ? v : 0;
          }
          break;
        case 'leakyRelu':
          for (let k = row; k < end; k++) {
            const v = (z[k] += bi);
            a[k] = v > 0 ? v : alpha * v;
          }
          break;
        case 'linear':
          for (let k = row; k < end; k++) a[k] = z[k] += bi;
          break;
      }
    }
  },

  rowSums(A, out) {
    const a = A.data;
    const o = out.data;
    const m = A.cols;
    for (let i = 0; i < A.rows; i++) o[i] = pairwiseSum(a, i * m, m);
  },

  activate(kind, Z, A, alpha) {
    activateInto(kind, Z.data, A.data, alpha);
  },

  activateBackward(kind, dA, Z, A, dZ, alpha) {
    activateBackwardInto(kind, dA.data, Z.data, A.data, dZ.data, alpha);
  },

  softmaxColumns(Z, A) {
    const z = Z.data;
    const a = A.data;
    const C = Z.rows;
    const m = Z.cols;
    for (let j = 0; j < m; j++) {
      let max = -Infinity;
      for (let k = 0; k < C; k++) max = Math.max(max, z[k * m + j]!);
      let sum = 0;
      for (let k = 0; k < C; k++) {
        const e = Math.exp(z[k * m + j]! - max);
        a[k * m + j] = e;
        sum += e;
      }
      for (let k = 0; k < C; k++) a[k * m + j] = a[k * m + j]! / sum;
    }
  },

  differenceOver(A, Y, divisor, out) {
    const a = A.data;
    const y = Y.data;
    const o = out.data;
    for (let i = 0; i < o.length; i++) o[i] = (a[i]! - y[i]!) / divisor;
  },

  axpy(alpha, X, Y) {
    const x = X.data;
    const y = Y.data;
    for (let i = 0; i < y.length; i++) y[i] += alpha * x[i]!;
  },
};

/**
 * C = op(A)·op(B) for small products: four columns of C at a time in local accumulators, each summed
 * from 0 in the order of k (the order of every kernel here, so the result is bit-identical to a
 * naive loop), which keeps the four running sums in registers instead of re-reading C per k.
 * Strides as in StridedGemm (blocked.ts).
 */
const smallGemm: StridedGemm = (M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c) => {
  const b1 = bColStride;
  const b2 = 2 * bColStride;
  const b3 = 3 * bColStride;
  for (let i = 0; i < M; i++) {
    const ai = i * aRowStride;
    const ci = i * N;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let pa = ai;
      let pb = j * bColStride;
      for (let k = 0; k < K; k++) {
        const x = a[pa]!;
        s0 += x * b[pb]!;
        s1 += x * b[pb + b1]!;
        s2 += x * b[pb + b2]!;
        s3 += x * b[pb + b3]!;
        pa += aDepthStride;
        pb += bDepthStride;
      }
      c[ci + j] = s0;
      c[ci + j + 1] = s1;
      c[ci + j + 2] = s2;
      c[ci + j + 3] = s3;
    }
    for (; j < N; j++) {
      let s = 0;
      let pa = ai;
      let pb = j * bColStride;
      for (let k = 0; k < K; k++) {
        s += a[pa]! * b[pb]!;
        pa += aDepthStride;
        pb += bDepthStride;
      }
      c[ci + j] = s;
    }
  }
};

function activateInto(kind: Activation, z: FloatArray, a: FloatArray, alpha: number): void {
  const n = z.length;
  switch (kind) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = tanh(z[i]!);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const v = z[i]!;
        a[i] = v > 0 ? v : 0;
      }
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) {
        const v = z[i]!;
        a[i] = v > 0 ? v : alpha * v;
      }
      return;
    case 'linear':
      if (a !== z) a.set(z);
      return;
  }
}

function activateBackwardInto(
  kind: Activation,
  dA: FloatArray,
  z: FloatArray,
  a: FloatArray,
  dZ: FloatArray,
  alpha: number,
): void {
  const n = dZ.length;
  switch (kind) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const s = a[i]!;
        dZ[i] = dA[i]! * s * (1 - s);
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = a[i]!;
        dZ[i] = dA[i]! * (1 - t * t);
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) dZ[i] = z[i]! > 0 ? dA[i]! : 0;
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) dZ[i] = z[i]! > 0 ? dA[i]! : alpha * dA[i]!;
      return;
    case 'linear':
      if (dZ !== dA) dZ.set(dA);
      return;
  }
}
