/**
 * C = op(A)·op(B) as a cache-blocked, packed product in plain TypeScript: the pure-TypeScript
 * backend's kernel for products too large for the naive loops to stay in cache.
 *
 * Structure (Goto/BLIS, like the WebAssembly kernel): for each NC-wide block of columns and
 * KC-deep slice of k, op(B) is packed into 4-column micro-panels (k-major, zero-padded); for each
 * MC-tall block of rows, op(A) is packed into 3-row micro-panels; a 3×4 register tile runs down k.
 * Operands are addressed through element strides, so a transpose is only a swap of strides, folded
 * into the packing and never materialised.
 *
 * Exactness: each tile's accumulators start from C's partial sums (0 on the first slice), so every
 * C[i, j] is ((0 + a₀b₀) + a₁b₁) + … + a_{K-1}b_{K-1} in the order of k, exactly as the naive loops
 * sum it (JavaScript neither fuses nor reorders floating-point operations). The result is therefore
 * bit-identical to the naive loops', which keeps the reference backend an exactness anchor.
 */

import type { FloatArray } from '../matrix';

const MR = 3;
const NR = 4;
/** Rows of op(A) per packed block: 63·KC·8 bytes = 126 KiB, L2-resident (a multiple of MR). */
const MC = 63;
/** Depth per slice: one 4-column B micro-panel is 256·4·8 bytes = 8 KiB, L1-resident. */
const KC = 256;
/** Columns of op(B) per packed block: 256·KC·8 bytes = 512 KiB. */
const NC = 256;

// Pack buffers and the scratch tile for edge tiles, allocated on the first product and reused, so
// a training loop allocates nothing per step. Safe as module state: JavaScript runs one call at a time.
let packedA: Float64Array | null = null;
let packedB: Float64Array | null = null;
const edge = new Float64Array(MR * NR);

/**
 * C (M×N, row-major) = op(A)·op(B), overwriting C, where op(A)[i, k] = a[i·aRowStride + k·aDepthStride]
 * and op(B)[k, j] = b[k·bDepthStride + j·bColStride] (strides in elements). Requires M, N, K ≥ 1.
 * The reference backend's two products (this blocked one and its small one) have this signature.
 */
export type StridedGemm = (
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aRowStride: number,
  aDepthStride: number,
  b: FloatArray,
  bDepthStride: number,
  bColStride: number,
  c: FloatArray,
) => void;

/** A StridedGemm, cache-blocked and packed (see the top of this file). */
export const blockedGemm: StridedGemm = (M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c) => {
  const pa = (packedA ??= new Float64Array(MC * KC));
  const pb = (packedB ??= new Float64Array(KC * NC));
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      const first = pc === 0;
      packPanels(b, pc * bDepthStride + jc * bColStride, bColStride, bDepthStride, nc, kc, NR, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packPanels(a, ic * aRowStride + pc * aDepthStride, aRowStride, aDepthStride, mc, kc, MR, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const ci = (ic + ir) * N + jc + jr;
            if (mr === MR && nr === NR) {
              kernel(pa, ir * kc, pb, jr * kc, kc, c, ci, N, first);
            } else {
              edgeTile(pa, ir * kc, pb, jr * kc, kc, c, ci, N, first, mr, nr);
            }
          }
        }
      }
    }
  }
};

/**
 * Packs `lines` lines of an operand over depth 0..kc-1 into `width`-wide k-major panels, zero-padded:
 * line r at depth k is src[start + r·lineStride + k·kStride]. op(A)'s rows go into 3-row panels
 * (lineStride = A's row stride), op(B)'s columns into 4-column panels (lineStride = B's column stride).
 */
function packPanels(src: FloatArray, start: number, lineStride: number, kStride: number, lines: number, kc: number, width: number, dst: Float64Array): void {
  let d = 0;
  for (let line = 0; line < lines; line += width) {
    const w = Math.min(width, lines - line);
    let p = start + line * lineStride;
    for (let k = 0; k < kc; k++, p += kStride, d += width) {
      for (let r = 0; r < width; r++) dst[d + r] = r < w ? src[p + r * lineStride]! : 0;
    }
  }
}

/**
 * The 3×4 register tile: C[ci.., 3×4 with row stride ldc] = (first ? 0 : C) + Σ_k pa[k, 0..2]ᵀ·pb[k, 0..3],
 * accumulated in the order of k, from packed micro-panels of A (pa, from ia) and B (pb, from ib).
 * 3×4 rather than 4×4: twelve accumulators and four B values stay in V8's sixteen float registers,
 * where sixteen accumulators spill (3×4 measured 6.2 GFLOP/s against 5.3 for 4×4 on one core).
 */
function kernel(
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  kc: number,
  c: FloatArray,
  ci: number,
  ldc: number,
  first: boolean,
): void {
  const r1 = ci + ldc;
  const r2 = r1 + ldc;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  if (!first) {
    c00 = c[ci]!; c01 = c[ci + 1]!; c02 = c[ci + 2]!; c03 = c[ci + 3]!;
    c10 = c[r1]!; c11 = c[r1 + 1]!; c12 = c[r1 + 2]!; c13 = c[r1 + 3]!;
    c20 = c[r2]!; c21 = c[r2 + 1]!; c22 = c[r2 + 2]!; c23 = c[r2 + 3]!;
  }
  const end = ia + kc * MR;
  for (; ia < end; ia += MR, ib += NR) {
    const b0 = pb[ib]!;
    const b1 = pb[ib + 1]!;
    const b2 = pb[ib + 2]!;
    const b3 = pb[ib + 3]!;
    let x = pa[ia]!;
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = pa[ia + 1]!;
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = pa[ia + 2]!;
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
  }
  c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03;
  c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
  c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
}

/** A tile cut by C's edge (mr < 3 or nr < 4): runs the full kernel on a scratch tile, copies the valid part. */
function edgeTile(
  pa: Float64Array,
  ia: number,
  pb: Float64Array,
  ib: number,
  kc: number,
  c: FloatArray,
  ci: number,
  ldc: number,
  first: boolean,
  mr: number,
  nr: number,
): void {
  if (!first) {
    edge.fill(0);
    for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) edge[i * NR + j] = c[ci + i * ldc + j]!;
  }
  kernel(pa, ia, pb, ib, kc, edge, 0, NR, first);
  for (let i = 0; i < mr; i++) for (let j = 0; j < nr; j++) c[ci + i * ldc + j] = edge[i * NR + j]!;
}
