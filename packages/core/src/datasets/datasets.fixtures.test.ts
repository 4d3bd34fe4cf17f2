// The dataset generators against numpy (fixtures/datasets.json, made by
// fixtures/generate_datasets.py, which re-implements scikit-learn's make_moons / make_circles and
// our own generators with numpy's global legacy generator).
//
// Labels must be equal; coordinates within 4e-16·max(1, |numpy|): Math.sin/Math.cos (fdlibm in V8)
// and numpy's sin/cos can round the last bit differently, and the noise (numpy's randn) is exact
// since RandomState uses a correctly rounded log. How many coordinates are bit-exact is printed.
// The regression sets draw X uniformly (exact); plane's Y is arithmetic (exact), multiGaussian's
// goes through Math.exp, so it is held to the same 4e-16 as the coordinates.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { datasets } from './index';

interface FixtureMatrix {
  shape: [number, number];
  data: number[];
}

interface Case {
  name: 'moons' | 'circles' | 'xor' | 'gaussian' | 'spiral' | 'spirals' | 'blobs' | 'plane' | 'multiGaussian';
  options: Record<string, number>;
  X: FixtureMatrix;
  Y: FixtureMatrix;
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/datasets.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: Case[];
};

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Position of a double among all doubles (monotonic; -0 and +0 coincide). */
function ordinal(x: number): bigint {
  f64[0] = x;
  const bits = i64[0]!;
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

function ulpDistance(a: number, b: number): number {
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** Per case: how many X coordinates equal numpy's bit for bit, and the worst differences. */
const stats = new Map<string, { values: number; exact: number; maxUlp: number; maxScaled: number }>();

afterAll(() => {
  const lines = [...stats].map(
    ([name, s]) =>
      `${name}: ${s.exact}/${s.values} coordinates bit-exact (${((100 * s.exact) / s.values).toFixed(1)}%), ` +
      `max ${s.maxUlp} ulp, max |a - b| / max(1, |b|) = ${s.maxScaled.toExponential(2)}`,
  );
  console.log(`[datasets vs numpy ${fixture.numpy}]\n  ${lines.join('\n  ')}`);
});

describe(`datasets vs numpy ${fixture.numpy}`, () => {
  for (const c of fixture.cases) {
    it(`${c.name}(${JSON.stringify(c.options)}) equals numpy (labels exactly, X within 4e-16 relative)`, () => {
      const generate = datasets[c.name] as (options?: Record<string, number>) => { X: { rows: number; cols: number; data: Float64Array }; Y: { rows: number; cols: number; data: Float64Array } };
      const { X, Y } = Object.keys(c.options).length === 0 ? generate() : generate(c.options);
      expect([X.rows, X.cols], 'X shape').toEqual(c.X.shape);
      expect([Y.rows, Y.cols], 'Y shape').toEqual(c.Y.shape);
      if (c.name === 'plane') {
        // X is uniform draws (exact); Y = a·x1 + b·x2 + noise·randn: exact too.
        expect(Array.from(X.data), 'plane X').toEqual(c.X.data);
        expect(Array.from(Y.data), 'plane Y').toEqual(c.Y.data);
      } else if (c.name === 'multiGaussian') {
        expect(Array.from(X.data), 'multiGaussian X').toEqual(c.X.data);
        c.Y.data.forEach((b, k) => {
          expect(Math.abs(Y.data[k]! - b) / Math.max(1, Math.abs(b)), `Y ${k}: got ${Y.data[k]}, numpy ${b}`).toBeLessThanOrEqual(4e-16);
        });
      } else {
        expect(Array.from(Y.data), 'labels').toEqual(c.Y.data);
      }
      const key = `${c.name}(${JSON.stringify(c.options)})`;
      const s = stats.get(key) ?? { values: 0, exact: 0, maxUlp: 0, maxScaled: 0 };
      c.X.data.forEach((b, k) => {
        const a = X.data[k]!;
        const scaled = Math.abs(a - b) / Math.max(1, Math.abs(b));
        expect(scaled, `X row-major ${k}: got ${a}, numpy ${b}`).toBeLessThanOrEqual(4e-16);
        s.values++;
        if (Object.is(a, b) || a === b) s.exact++;
        s.maxUlp = Math.max(s.maxUlp, ulpDistance(a, b));
        s.maxScaled = Math.max(s.maxScaled, scaled);
      });
      stats.set(key, s);
    });
  }

  it('covers the course defaults', () => {
    const has = (name: string, options: Record<string, number>) =>
      fixture.cases.some((c) => c.name === name && JSON.stringify(c.options) === JSON.stringify(options));
    expect(has('circles', {}), 'circles train set').toBe(true);
    expect(has('circles', { m: 100, seed: 2 }), 'circles test set').toBe(true);
    expect(has('moons', {}), 'moons').toBe(true);
  });

  it('covers every seeded generator, each at its defaults', () => {
    for (const name of ['moons', 'circles', 'xor', 'gaussian', 'spiral', 'spirals', 'blobs', 'plane', 'multiGaussian']) {
      expect(fixture.cases.some((c) => c.name === name && Object.keys(c.options).length === 0), name).toBe(true);
    }
  });
});
