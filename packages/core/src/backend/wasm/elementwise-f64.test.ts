import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../matrix';
import { tanh } from '../../math/tanh';
import { randomizedTanhInputs } from '../../test-support/tanh-inputs';
import { referenceBackend } from '../reference';
import { ElementwiseF64 } from './elementwise-f64';
import { webAssemblyApi } from './webassembly';

/**
 * Inputs that reach every branch of the method: scales from 1e-9 to 100, the neighbourhood of each
 * boundary (fixtures/tanh.json's inputs), and an odd count so the padded last pair is exercised.
 */
function sweep(): Float64Array {
  const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/tanh.json', import.meta.url), 'utf8')) as {
    cases: [number, number, number][];
  };
  const values = fixture.cases.map(([x]) => x);
  const n = 200_001;
  for (let i = 0; i < n; i++) {
    const scale = [50, 1, 1e-4, 6, 22][i % 5]!;
    values.push((i / (n - 1) - 0.5) * 2 * scale);
  }
  values.push(Number.NaN, 0, -0, Infinity, -Infinity, 1e-300, -5e-324, 19.06, -19.07, 710, -1e308);
  return Float64Array.from(values);
}

describe('vectorized tanh (elementwise-f64.wat)', () => {
  const kernel = new ElementwiseF64(webAssemblyApi()!);

  it('is bit-identical to math/tanh.ts on every branch, boundary and special value', () => {
    const z = sweep();
    const a = new Float64Array(z.length);
    expect(kernel.tanh(z, a)).toBe(true);
    const wrong: [number, number, number][] = [];
    for (let i = 0; i < z.length; i++) if (!Object.is(a[i], tanh(z[i]!))) wrong.push([z[i]!, a[i]!, tanh(z[i]!)]);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('is bit-identical to math/tanh.ts on 1,000,000 randomized inputs across the ranges and boundaries', () => {
    const z = randomizedTanhInputs();
    expect(z.length).toBeGreaterThanOrEqual(1_000_000);
    const a = new Float64Array(z.length);
    expect(kernel.tanh(z, a)).toBe(true);
    const wrong: [number, number, number][] = [];
    for (let i = 0; i < z.length; i++) if (!Object.is(a[i], tanh(z[i]!))) wrong.push([z[i]!, a[i]!, tanh(z[i]!)]);
    expect(wrong.length).toBe(0);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('works in place', () => {
    const z = Float64Array.from({ length: 101 }, (_, i) => (i - 50) / 7);
    const expected = z.map(tanh);
    kernel.tanh(z, z);
    expect(Array.from(z)).toEqual(Array.from(expected));
  });
});

describe('fused bias + tanh and tanh backward (elementwise-f64.wat)', () => {
  const kernel = new ElementwiseF64(webAssemblyApi()!);

  it('addBiasTanh gives the reference addBias bits in Z and the kernel tanh in A, for odd and even widths', () => {
    for (const [rows, cols] of [[1, 1], [3, 5], [8, 500], [7, 33], [2, 2]] as const) {
      const z = Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 1.3) * 3);
      const b = Float64Array.from({ length: rows }, (_, i) => 0.1 * (i + 1) - 0.35);
      const expectedZ = z.map((v, k) => v + b[Math.floor(k / cols)]!);
      const expectedA = new Float64Array(z.length);
      kernel.tanh(expectedZ, expectedA);
      const a = new Float64Array(z.length).fill(Number.NaN);
      expect(kernel.addBiasTanh(z, b, a, rows, cols)).toBe(true);
      expect(Array.from(z)).toEqual(Array.from(expectedZ));
      expect(Array.from(a)).toEqual(Array.from(expectedA));
    }
  });

  it('tanhBackward is bit-identical to dA·(1 - a·a), in place too', () => {
    const n = 1001;
    const da = Float64Array.from({ length: n }, (_, k) => Math.cos(k) * 2);
    const a = Float64Array.from({ length: n }, (_, k) => Math.tanh(Math.sin(k * 0.7) * 4));
    const expected = da.map((d, k) => d * (1 - a[k]! * a[k]!));
    const dz = new Float64Array(n);
    expect(kernel.tanhBackward(da, a, dz)).toBe(true);
    expect(Array.from(dz)).toEqual(Array.from(expected));
    kernel.tanhBackward(da, a, da);
    expect(Array.from(da)).toEqual(Array.from(expected));
  });

  it('grows by replacing its memory, never detaching a buffer', () => {
    const small = new ElementwiseF64(webAssemblyApi()!);
    const z = Float64Array.from({ length: 200_000 }, (_, k) => (k % 97) / 50 - 1);
    const a = new Float64Array(z.length);
    expect(small.tanh(z.subarray(0, 10), a.subarray(0, 10))).toBe(true);
    const before = (small as unknown as { kernels: { memory: { buffer: ArrayBuffer } } }).kernels.memory.buffer;
    expect(small.tanh(z, a)).toBe(true); // 3.2 MB: past the first page
    expect(before.byteLength).toBe(65536); // still attached: a detached buffer reports 0
    expect(a[12345]).toBe(tanh(z[12345]!));
  });
});

describe('float32 tanh through the float64 kernel (elementwise-f64.wat)', () => {
  const kernel = new ElementwiseF64(webAssemblyApi()!);
  const float32 = (values: ArrayLike<number>): Float32Array => Float32Array.from(values);

  it('tanhF32 is the reference backend’s float32 tanh bit for bit (fround of math/tanh.ts), in place too', () => {
    const z = float32(sweep());
    const expected = new Matrix(1, z.length, 'float32');
    referenceBackend.activate('tanh', new Matrix(1, z.length, z), expected, 0);
    expect(Array.from(expected.data.subarray(0, 5))).toEqual(Array.from(z.subarray(0, 5), (v) => Math.fround(tanh(v))));
    const a = new Float32Array(z.length).fill(Number.NaN);
    expect(kernel.tanhF32(z, a)).toBe(true);
    let wrong = 0;
    for (let i = 0; i < z.length; i++) if (!Object.is(a[i], expected.data[i])) wrong++;
    expect(wrong).toBe(0);
    const same = z.slice(0, 1001);
    kernel.tanhF32(same, same);
    expect(Array.from(same)).toEqual(Array.from(expected.data.subarray(0, 1001)));
  });

  it('addBiasTanhF32 gives the reference’s float32 Z (rounded sums) and A (tanh of the double sums), odd and even widths', () => {
    for (const [rows, cols] of [[1, 1], [3, 5], [8, 500], [7, 33], [2, 2]] as const) {
      const z = float32(Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 1.3) * 3 + 1e-9 * k));
      const b = float32(Array.from({ length: rows }, (_, i) => 0.1 * (i + 1) - 0.35));
      const Zref = new Matrix(rows, cols, z.slice());
      const Aref = new Matrix(rows, cols, 'float32');
      referenceBackend.addBiasActivate!('tanh', Zref, new Matrix(rows, 1, b), Aref, 0);
      const a = new Float32Array(z.length).fill(Number.NaN);
      expect(kernel.addBiasTanhF32(z, b, a, rows, cols)).toBe(true);
      expect(Array.from(z), `Z (${rows}, ${cols})`).toEqual(Array.from(Zref.data));
      expect(Array.from(a), `A (${rows}, ${cols})`).toEqual(Array.from(Aref.data));
    }
  });

  it('tanhBackwardF32 is the reference’s float32 dA·(1 - a·a) bit for bit, in place too', () => {
    const n = 1001;
    const da = float32(Array.from({ length: n }, (_, k) => Math.cos(k) * 2));
    const a = float32(Array.from({ length: n }, (_, k) => tanh(Math.sin(k * 0.7) * 4)));
    const expected = new Matrix(1, n, 'float32');
    referenceBackend.activateBackward('tanh', new Matrix(1, n, da), new Matrix(1, n, 'float32'), new Matrix(1, n, a), expected, 0);
    const dz = new Float32Array(n);
    expect(kernel.tanhBackwardF32(da, a, dz)).toBe(true);
    expect(Array.from(dz)).toEqual(Array.from(expected.data));
    kernel.tanhBackwardF32(da, a, da);
    expect(Array.from(da)).toEqual(Array.from(expected.data));
  });
});
