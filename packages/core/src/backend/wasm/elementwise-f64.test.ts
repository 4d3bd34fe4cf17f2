import { describe, expect, it } from 'vitest';
import { ElementwiseF64 } from './elementwise-f64';
import { webAssemblyApi } from './webassembly';

/** |actual - expected| in units in the last place of expected. */
function ulps(actual: number, expected: number): number {
  if (Object.is(actual, expected)) return 0;
  const buffer = new Float64Array(1);
  const bits = new BigInt64Array(buffer.buffer);
  buffer[0] = Math.abs(expected);
  bits[0]! += 1n;
  return Math.abs(actual - expected) / (buffer[0]! - Math.abs(expected));
}

describe('vectorized tanh (elementwise-f64.wat)', () => {
  const kernel = new ElementwiseF64(webAssemblyApi()!);

  it('stays within 4 ulp of Math.tanh across tiny, moderate and saturating inputs', () => {
    const n = 300_001; // odd: exercises the padded last pair
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const scale = i % 3 === 0 ? 50 : i % 3 === 1 ? 1 : 1e-4;
      z[i] = (i / (n - 1) - 0.5) * scale;
    }
    const a = new Float64Array(n);
    expect(kernel.tanh(z, a)).toBe(true);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, ulps(a[i]!, Math.tanh(z[i]!)));
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('keeps NaN, signed zeros, infinities, subnormals and saturation exactly as Math.tanh does', () => {
    const z = Float64Array.of(Number.NaN, 0, -0, Infinity, -Infinity, 1e-300, -5e-324, 19.06, -19.07, 710, -1e308);
    const a = new Float64Array(z.length);
    kernel.tanh(z, a);
    for (let i = 0; i < z.length; i++) expect(Object.is(a[i], Math.tanh(z[i]!)), `tanh(${z[i]})`).toBe(true);
  });

  it('works in place', () => {
    const z = Float64Array.from({ length: 101 }, (_, i) => (i - 50) / 7);
    const expected = z.map(Math.tanh);
    kernel.tanh(z, z);
    for (let i = 0; i < z.length; i++) expect(ulps(z[i]!, expected[i]!)).toBeLessThanOrEqual(4);
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
    expect(Math.abs(a[12345]! - Math.tanh(z[12345]!))).toBeLessThan(1e-15);
  });
});
