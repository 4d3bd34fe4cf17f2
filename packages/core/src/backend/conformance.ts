import { ACTIVATIONS, activationDerivativeScalar, activationScalar } from '../activations';
import { type DType, Matrix } from '../matrix';
import { RandomState } from '../random';
import type { Backend } from './backend';

/**
 * The conformance suite every backend must pass: each kernel against a naive definition written
 * independently here (triple loops, scalar activation definitions), on shapes that include 1×1,
 * vectors, non-square and sizes around typical blocking boundaries. Returns the list of failures
 * (empty when the backend conforms), so tests and benchmarks can both run it.
 *
 * In float64 every kernel must agree with the naive one to `tolerance` (default 1e-12) relative. In
 * float32 the inputs are float32 matrices and the naive kernels run in float64 on those same values,
 * so the expected results are the exact answers rounded once; a float32 kernel may round after every
 * operation, so a product of depth K must be within the classic bound for K float32 roundings,
 * (K + 1)·u·Σ_k |a_k·b_k| with u = 2⁻²⁴, and element-wise kernels within 4u relative (a few
 * roundings; `tolerance` overrides this 4u).
 */
export interface ConformanceFailure {
  kernel: string;
  detail: string;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [5, 1, 3],
  [3, 4, 5],
  [8, 8, 8],
  [13, 17, 9],
  [20, 33, 65],
  [4, 130, 3],
  // Past the blocking boundaries of the blocked TypeScript kernel (MC = 63, KC = 256, NC = 256) and
  // of the WebAssembly kernel, with edge tiles in every direction.
  [67, 261, 259],
  [21, 1030, 13],
];

export interface ConformanceOptions {
  /** The element type of every matrix given to the backend. Default 'float64'. */
  dtype?: DType;
  /** Relative tolerance of the element-wise kernels (and, in float64, of gemm). */
  tolerance?: number;
}

/** float32's unit roundoff, 2⁻²⁴. */
const U32 = 2 ** -24;

export function runConformance(backend: Backend, options: ConformanceOptions = {}): ConformanceFailure[] {
  const dtype = options.dtype ?? 'float64';
  const float32 = dtype === 'float32';
  const tolerance = options.tolerance ?? (float32 ? 4 * U32 : 1e-12);
  const failures: ConformanceFailure[] = [];
  const rng = new RandomState(12345);
  // Inputs are drawn in float64 and rounded to the dtype; expected values are computed in float64.
  const randn = (rows: number, cols: number): Matrix => rng.randn(rows, cols).astype(dtype);
  const rand = (rows: number, cols: number): Matrix => rng.rand(rows, cols).astype(dtype);
  const full = (rows: number, cols: number, value: number): Matrix => Matrix.full(rows, cols, value, dtype);
  const close = (kernel: string, actual: Matrix, expected: Matrix, context: string, bounds?: Float64Array): void => {
    for (let k = 0; k < expected.data.length; k++) {
      const a = actual.data[k]!;
      const e = expected.data[k]!;
      const bound = bounds ? bounds[k]! : tolerance * Math.max(1, Math.abs(e));
      if (!(Math.abs(a - e) <= bound)) {
        failures.push({ kernel, detail: `${context}: element ${k} is ${a}, expected ${e} (allowed error ${bound})` });
        return;
      }
    }
  };

  for (const [M, N, K] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const A = transA ? randn(K, M) : randn(M, K);
        const B = transB ? randn(N, K) : randn(K, N);
        const C = full(M, N, Number.NaN); // gemm must overwrite, never accumulate into C
        backend.gemm(transA, transB, A, B, C);
        const expected = new Matrix(M, N);
        const bounds = float32 ? new Float64Array(M * N) : undefined;
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            let sum = 0;
            let magnitude = 0;
            for (let k = 0; k < K; k++) {
              const a = transA ? A.data[k * M + i]! : A.data[i * K + k]!;
              const b = transB ? B.data[j * K + k]! : B.data[k * N + j]!;
              sum += a * b;
              magnitude += Math.abs(a * b);
            }
            expected.data[i * N + j] = sum;
            if (bounds) bounds[i * N + j] = (K + 1) * U32 * magnitude;
          }
        }
        close('gemm', C, expected, `M=${M} N=${N} K=${K} transA=${transA} transB=${transB}`, bounds);
      }
    }

    const Z = randn(M, N);
    const b = randn(M, 1);
    const expectedBias = Z.clone();
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) expectedBias.data[i * N + j] = Z.data[i * N + j]! + b.data[i]!;
    const biased = Z.clone();
    backend.addBias(biased, b);
    close('addBias', biased, expectedBias, `(${M}, ${N})`);

    const sums = full(M, 1, Number.NaN);
    backend.rowSums(Z, sums);
    const expectedSums = new Matrix(M, 1);
    for (let i = 0; i < M; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += Z.data[i * N + j]!;
      expectedSums.data[i] = s;
    }
    // Float32 sums may round at every addition: the bound of N roundings, as for gemm.
    const sumBounds = float32 ? new Float64Array(M) : undefined;
    if (sumBounds) for (let k = 0; k < M * N; k++) sumBounds[Math.floor(k / N)] += (N + 1) * U32 * Math.abs(Z.data[k]!);
    close('rowSums', sums, expectedSums, `(${M}, ${N})`, sumBounds);

    // Scaled up so that sigmoid and tanh saturate in some entries, with exact zeros for relu'(0).
    const Zact = randn(M, N);
    for (let k = 0; k < Zact.data.length; k++) Zact.data[k] = k % 11 === 0 ? 0 : Zact.data[k]! * (k % 3 === 0 ? 40 : 2);
    const dA = randn(M, N);
    for (const kind of ACTIVATIONS) {
      const alpha = 0.03;
      const A = full(M, N, Number.NaN);
      backend.activate(kind, Zact, A, alpha);
      const expectedA = new Matrix(M, N, Zact.data.map((z) => activationScalar(kind, z, alpha)));
      close(`activate(${kind})`, A, expectedA, `(${M}, ${N})`);
      const dZ = full(M, N, Number.NaN);
      backend.activateBackward(kind, dA, Zact, expectedA.astype(dtype), dZ, alpha);
      const expectedDZ = new Matrix(
        M,
        N,
        dA.data.map((d, k) => d * activationDerivativeScalar(kind, Zact.data[k]!, alpha)),
      );
      close(`activateBackward(${kind})`, dZ, expectedDZ, `(${M}, ${N})`);
      if (backend.addBiasActivate) {
        // The fused pass must give what addBias then activate give, in Z and in A.
        const fusedZ = Zact.clone();
        const fusedA = full(M, N, Number.NaN);
        backend.addBiasActivate(kind, fusedZ, b, fusedA, alpha);
        const separateZ = Zact.clone();
        const separateA = full(M, N, Number.NaN);
        backend.addBias(separateZ, b);
        backend.activate(kind, separateZ, separateA, alpha);
        close(`addBiasActivate(${kind}) Z`, fusedZ, separateZ, `(${M}, ${N})`);
        close(`addBiasActivate(${kind}) A`, fusedA, separateA, `(${M}, ${N})`);
      }
    }

    const softmax = full(M, N, Number.NaN);
    backend.softmaxColumns(Zact, softmax);
    const expectedSoftmax = new Matrix(M, N);
    for (let j = 0; j < N; j++) {
      let max = -Infinity;
      for (let i = 0; i < M; i++) max = Math.max(max, Zact.data[i * N + j]!);
      let sum = 0;
      for (let i = 0; i < M; i++) sum += Math.exp(Zact.data[i * N + j]! - max);
      for (let i = 0; i < M; i++) expectedSoftmax.data[i * N + j] = Math.exp(Zact.data[i * N + j]! - max) / sum;
    }
    close('softmaxColumns', softmax, expectedSoftmax, `(${M}, ${N})`);

    const Y = rand(M, N);
    const diff = full(M, N, Number.NaN);
    backend.differenceOver(Z, Y, N, diff);
    close('differenceOver', diff, new Matrix(M, N, Z.data.map((z, k) => (z - Y.data[k]!) / N)), `(${M}, ${N})`);

    const target = Z.clone();
    backend.axpy(-0.37, Y, target);
    close('axpy', target, new Matrix(M, N, Z.data.map((z, k) => z + -0.37 * Y.data[k]!)), `(${M}, ${N})`);
  }
  return failures;
}
