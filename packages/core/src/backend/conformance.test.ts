import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { referenceBackend } from './reference';
import { runConformance } from './conformance';
import { pairwiseSum } from './pairwise-sum';

describe('reference backend', () => {
  it('passes the conformance suite against naive kernels', () => {
    expect(runConformance(referenceBackend)).toEqual([]);
  });

  it('passes the conformance suite in float32 (float32 storage, float64 arithmetic inside each kernel)', () => {
    expect(runConformance(referenceBackend, { dtype: 'float32' })).toEqual([]);
  });

  it('the float32 bounds still catch a product off by one part in a thousand', () => {
    const broken = { ...referenceBackend, gemm: (tA: boolean, tB: boolean, A: Matrix, B: Matrix, C: Matrix) => {
      referenceBackend.gemm(tA, tB, A, B, C);
      C.data[0] = C.data[0]! * (1 + 1e-3);
    } };
    expect(runConformance(broken, { dtype: 'float32' }).map((f) => f.kernel)).toContain('gemm');
  });

  it('gemm overwrites C rather than accumulating into it', () => {
    const A = Matrix.from([[1, 2]]);
    const B = Matrix.from([[3], [4]]);
    const C = Matrix.from([[100]]);
    referenceBackend.gemm(false, false, A, B, C);
    expect(C.get(0, 0)).toBe(11);
    referenceBackend.gemm(true, true, B, A, C);
    expect(C.get(0, 0)).toBe(11);
  });

  it('in-place activate and activateBackward are allowed (A = Z, dZ = dA)', () => {
    const Z = Matrix.from([[-1, 0, 2]]);
    referenceBackend.activate('relu', Z, Z, 0.01);
    expect(Z.toArray()).toEqual([[0, 0, 2]]);
    const dA = Matrix.from([[5, 6, 7]]);
    referenceBackend.activateBackward('relu', dA, Matrix.from([[-1, 0, 2]]), Z, dA, 0.01);
    expect(dA.toArray()).toEqual([[0, 0, 7]]);
  });

  it('sigmoid never yields NaN for huge |z|', () => {
    const Z = Matrix.from([[-1e308, -800, 800, 1e308]]);
    const A = new Matrix(1, 4);
    referenceBackend.activate('sigmoid', Z, A, 0);
    expect(A.toArray()).toEqual([[0, 0, 1, 1]]);
  });
});

describe('pairwiseSum', () => {
  // numpy's order, reproduced independently here: a blocked 8-accumulator loop with a recursive split.
  function numpyOrder(x: number[]): number {
    const n = x.length;
    if (n < 8) return x.reduce((s, v) => s + v, -0);
    if (n <= 128) {
      const r = x.slice(0, 8);
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k]! += x[i + k]!;
      let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
      for (; i < n; i++) res += x[i]!;
      return res;
    }
    let n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return numpyOrder(x.slice(0, n2)) + numpyOrder(x.slice(n2));
  }

  it('agrees with numpy’s summation order for lengths around every branch', () => {
    for (const n of [0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 255, 256, 400, 1000, 4097]) {
      const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
      expect(pairwiseSum(Float64Array.from(x), 0, n)).toBe(numpyOrder(x));
    }
  });

  it('matches np.sum bit for bit where a left-to-right sum would not', () => {
    // x = (np.arange(1000) * 0.37) % 1.3 - 0.6 is computed identically by JavaScript and numpy;
    // np.sum(x) printed 53.09999999999133, while Python's sequential sum gives 53.09999999999135.
    const x = Float64Array.from({ length: 1000 }, (_, i) => ((i * 0.37) % 1.3) - 0.6);
    expect(pairwiseSum(x, 0, 1000)).toBe(53.09999999999133);
  });
});
