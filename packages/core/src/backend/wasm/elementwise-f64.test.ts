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
