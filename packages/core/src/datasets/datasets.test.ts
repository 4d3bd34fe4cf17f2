// Behaviour of the built-in generators beyond the numpy fixtures: option validation, determinism,
// geometry without noise, and the catalogue that `ann datasets list` prints.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValueError } from '../errors';
import { DATASET_CATALOG, datasets, type DatasetName } from './index';
import { linspace } from './linspace';
import { MULTI_GAUSSIAN_BUMPS, multiGaussianSurface } from './multi-gaussian';

type Generator = (options?: Record<string, unknown>) => { X: { rows: number; cols: number; data: ArrayLike<number> }; Y: { rows: number; cols: number; data: ArrayLike<number> } };
const generator = (name: DatasetName) => datasets[name] as unknown as Generator;
const SEEDED: DatasetName[] = ['moons', 'circles', 'xor', 'gaussian', 'spiral', 'spirals', 'blobs', 'plane', 'multiGaussian'];
const MULTICLASS = ['spirals', 'blobs'] as const;

afterEach(() => vi.restoreAllMocks());

describe('option validation', () => {
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['m = 0', { m: 0 }, /m must be a positive integer.*got 0/],
    ['m = 2.5', { m: 2.5 }, /m must be a positive integer/],
    ['m as a string', { m: '10' }, /m must be a positive integer/],
    ['noise < 0', { noise: -0.1 }, /noise must be a finite number ≥ 0.*got -0\.1/],
    ['noise NaN', { noise: NaN }, /noise must be a finite number/],
    ['noise Infinity', { noise: Infinity }, /noise must be a finite number/],
    ['seed < 0', { seed: -1 }, /seed must be an integer between 0 and 2\*\*32 - 1/],
    ['seed 2^32', { seed: 2 ** 32 }, /seed must be an integer/],
    ['seed 1.5', { seed: 1.5 }, /seed must be an integer/],
    ['an unknown option', { samples: 10 }, /unknown option "samples"/],
  ];
  for (const name of SEEDED) {
    for (const [what, options, message] of bad) {
      it(`datasets.${name} rejects ${what} with a ValueError naming the generator and option`, () => {
        const call = () => generator(name)(options);
        expect(call).toThrow(ValueError);
        expect(call).toThrow(new RegExp(`^datasets\\.${name}: ${message.source}`));
      });
    }
    it(`datasets.${name} rejects options that are not an object`, () => {
      expect(() => generator(name)(null as unknown as Record<string, unknown>)).toThrow(/options must be an object, got null/);
      expect(() => generator(name)([] as unknown as Record<string, unknown>)).toThrow(/options must be an object, got an array/);
    });
  }

  it('circles: factor must be in (0, 1)', () => {
    for (const factor of [0, 1, -0.5, 1.5, NaN, '0.5']) {
      expect(() => datasets.circles({ factor: factor as number })).toThrow(/^datasets\.circles: factor must be a number in \(0, 1\)/);
    }
  });

  for (const name of MULTICLASS) {
    it(`${name}: classes must be an integer from 2 to 8`, () => {
      for (const classes of [0, 1, 9, 2.5, NaN, Infinity, '3']) {
        const call = () => datasets[name]({ classes: classes as number });
        expect(call).toThrow(ValueError);
        expect(call).toThrow(new RegExp(`^datasets\\.${name}: classes must be an integer from 2 to 8 \\(the number of classes K\\), got ${String(classes)}$`));
      }
      for (const classes of [2, 8]) expect(datasets[name]({ classes, m: 20 }).Y.cols).toBe(20);
    });
  }

  it('plane: a and b must be finite', () => {
    expect(() => datasets.plane({ a: Infinity })).toThrow(/^datasets\.plane: a must be a finite number/);
    expect(() => datasets.plane({ b: NaN })).toThrow(/^datasets\.plane: b must be a finite number/);
  });

  it('accepts the extremes: m = 1, noise = 0, seed 0 and 2^32 - 1', () => {
    for (const name of SEEDED) {
      const { X, Y } = generator(name)({ m: 1, noise: 0, seed: 0 });
      expect([X.rows, X.cols, Y.rows, Y.cols], name).toEqual([2, 1, 1, 1]);
      expect(() => generator(name)({ seed: 2 ** 32 - 1 }), name).not.toThrow();
    }
  });
});

describe('determinism', () => {
  for (const name of SEEDED) {
    it(`${name}: same seed, same data; another seed, other data; never Math.random`, () => {
      const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
        throw new Error('Math.random must not be used');
      });
      const a = generator(name)({ seed: 11 });
      const b = generator(name)({ seed: 11 });
      const c = generator(name)({ seed: 12 });
      expect(spy).not.toHaveBeenCalled();
      expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
      expect(Array.from(a.Y.data)).toEqual(Array.from(b.Y.data));
      expect(Array.from(a.X.data)).not.toEqual(Array.from(c.X.data));
    });
  }
});

describe('geometry without noise', () => {
  const columns = (X: { cols: number; data: ArrayLike<number> }) =>
    Array.from({ length: X.cols }, (_, j) => [X.data[j]!, X.data[X.cols + j]!] as const);

  it('circles: class 0 on the unit circle, class 1 on radius factor; m // 2 outer points', () => {
    const { X, Y } = datasets.circles({ m: 41, noise: 0, factor: 0.3 });
    const y = Array.from(Y.data);
    expect(y.filter((v) => v === 0)).toHaveLength(20);
    expect(y.filter((v) => v === 1)).toHaveLength(21);
    columns(X).forEach(([x1, x2], j) => {
      expect(Math.hypot(x1, x2)).toBeCloseTo(y[j] === 0 ? 1 : 0.3, 12);
    });
  });

  it('moons: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t in [0, π]', () => {
    const { X, Y } = datasets.moons({ m: 30, noise: 0 });
    columns(X).forEach(([x1, x2], j) => {
      if (Y.data[j] === 0) {
        expect(Math.hypot(x1, x2)).toBeCloseTo(1, 12);
        expect(x2).toBeGreaterThanOrEqual(-1e-15);
      } else {
        expect(Math.hypot(1 - x1, 0.5 - x2)).toBeCloseTo(1, 12);
        expect(x2).toBeLessThanOrEqual(0.5 + 1e-15);
      }
    });
  });

  it('xor: points at (±1, ±1), label 1 exactly where x1·x2 < 0, balanced', () => {
    const { X, Y } = datasets.xor({ m: 8, noise: 0 });
    columns(X).forEach(([x1, x2], j) => {
      expect(Math.abs(x1)).toBe(1);
      expect(Math.abs(x2)).toBe(1);
      expect(Y.data[j]).toBe(x1 * x2 < 0 ? 1 : 0);
    });
    expect(Array.from(Y.data).reduce((s, v) => s + v, 0)).toBe(4);
  });

  it('xor with noise: almost every label still agrees with sign(x1)·sign(x2) < 0', () => {
    const { X, Y } = datasets.xor();
    const agree = columns(X).filter(([x1, x2], j) => Y.data[j] === (x1 * x2 < 0 ? 1 : 0)).length;
    expect(agree / X.cols).toBeGreaterThan(0.97);
  });

  it('gaussian: class 0 at (-1, -1), class 1 at (1, 1)', () => {
    const { X, Y } = datasets.gaussian({ m: 9, noise: 0 });
    columns(X).forEach(([x1, x2], j) => {
      expect([x1, x2]).toEqual(Y.data[j] === 0 ? [-1, -1] : [1, 1]);
    });
  });

  it('spiral: radius 5·i/n, the two arms half a turn apart', () => {
    const { X, Y } = datasets.spiral({ m: 200, noise: 0 });
    const radii = columns(X).map(([x1, x2]) => Math.hypot(x1, x2));
    expect(Math.max(...radii)).toBeLessThan(5);
    expect(Math.min(...radii)).toBe(0);
    // Class 1 is class 0 rotated by π: the set of points is symmetric about the origin.
    const key = ([a, b]: readonly [number, number]) => `${a.toFixed(9)},${b.toFixed(9)}`;
    const class0 = new Set(columns(X).filter((_, j) => Y.data[j] === 0).map(key));
    const rotated = columns(X).filter((_, j) => Y.data[j] === 1).map(([a, b]) => key([-a + 0, -b + 0]));
    expect(rotated.filter((k) => class0.has(k)).length).toBeGreaterThan(95);
  });

  it('plane: Y = a·x1 + b·x2 exactly, X in [-1, 1)', () => {
    const { X, Y } = datasets.plane({ m: 50, noise: 0, a: 0.5, b: 3 });
    columns(X).forEach(([x1, x2], j) => {
      expect(Y.data[j]).toBe(0.5 * x1 + 3 * x2);
      expect(Math.abs(x1)).toBeLessThanOrEqual(1);
    });
  });
});

describe('the multi-class sets', () => {
  const counts = (Y: { data: ArrayLike<number> }, K: number) => {
    const n = new Array<number>(K).fill(0);
    for (const y of Array.from(Y.data)) n[y]!++;
    return n;
  };

  for (const name of MULTICLASS) {
    it(`${name}: X (2, m), Y (1, m) of class indices 0..K-1, balanced to one example`, () => {
      for (const [m, K] of [[300, 3], [301, 4], [7, 8], [2, 2], [100, 7]] as const) {
        const { X, Y } = datasets[name]({ m, classes: K, seed: 3 });
        expect([X.rows, X.cols, Y.rows, Y.cols]).toEqual([2, m, 1, m]);
        for (const y of Array.from(Y.data)) expect(Number.isInteger(y) && y >= 0 && y < K, `label ${y}`).toBe(true);
        const n = counts(Y, K);
        expect(n.reduce((a, b) => a + b, 0)).toBe(m);
        expect(Math.max(...n) - Math.min(...n), `${m} over ${K}: ${n.join(', ')}`).toBeLessThanOrEqual(1);
        // Later classes take the remainder, so for K = 2 the split is m // 2, m - m // 2 as in the binary sets.
        expect(n).toEqual(Array.from({ length: K }, (_, k) => Math.floor(((k + 1) * m) / K) - Math.floor((k * m) / K)));
      }
      expect(counts(datasets[name]().Y, DATASET_CATALOG.find((d) => d.name === name)!.classes!)).toEqual(name === 'spirals' ? [100, 100, 100] : [75, 75, 75, 75]);
    });

    it(`${name}: the examples are shuffled (not in class order)`, () => {
      const y = Array.from(datasets[name]().Y.data);
      const sorted = [...y].sort((a, b) => a - b);
      expect(y).not.toEqual(sorted);
    });
  }

  it('spirals with 2 classes is the binary spiral, bit for bit', () => {
    for (const options of [{}, { m: 301, noise: 0.3, seed: 7 }, { m: 1, noise: 0, seed: 0 }]) {
      const a = datasets.spirals({ ...options, classes: 2 });
      const b = datasets.spiral(options);
      expect(Array.from(a.X.data)).toEqual(Array.from(b.X.data));
      expect(Array.from(a.Y.data)).toEqual(Array.from(b.Y.data));
    }
  });

  it('spirals without noise: radius 5·i/n, arm k is arm 0 turned by 2πk/K', () => {
    const K = 5;
    const { X, Y } = datasets.spirals({ m: 250, classes: K, noise: 0 });
    const points = Array.from({ length: X.cols }, (_, j) => ({ x1: X.data[j]!, x2: X.data[X.cols + j]!, k: Y.data[j]! }));
    const radii = points.map((p) => Math.hypot(p.x1, p.x2)).sort((a, b) => a - b);
    expect(radii[0]).toBe(0);
    expect(radii.at(-1)).toBeLessThan(5);
    // Each arm has 50 points at radii 5·i/50: the i-th radius occurs once per arm.
    for (let i = 0; i < 50; i++) expect(radii.slice(K * i, K * i + K).every((r) => Math.abs(r - (5 * i) / 50) < 1e-12)).toBe(true);
    // Turning arm 0 by 2πk/K (t → t + 2πk/K, with (x1, x2) = (r sin t, r cos t)) gives arm k.
    const key = (a: number, b: number) => `${(a + 0).toFixed(9)},${(b + 0).toFixed(9)}`;
    for (let k = 1; k < K; k++) {
      const arm = new Set(points.filter((p) => p.k === k).map((p) => key(p.x1, p.x2)));
      const a = (2 * Math.PI * k) / K;
      const turned = points.filter((p) => p.k === 0).map((p) => key(p.x1 * Math.cos(a) + p.x2 * Math.sin(a), p.x2 * Math.cos(a) - p.x1 * Math.sin(a)));
      expect(turned.filter((t) => arm.has(t)).length, `arm ${k}`).toBeGreaterThanOrEqual(49);
    }
  });

  it('blobs without noise: class k at R·(cos 2πk/K, sin 2πk/K), neighbours 2√2 apart', () => {
    for (const K of [2, 3, 4, 8]) {
      const { X, Y } = datasets.blobs({ m: 4 * K, classes: K, noise: 0 });
      const centres = new Map<number, [number, number]>();
      for (let j = 0; j < X.cols; j++) {
        const c: [number, number] = [X.data[j]!, X.data[X.cols + j]!];
        const k = Y.data[j]!;
        if (centres.has(k)) expect(c).toEqual(centres.get(k));
        centres.set(k, c);
      }
      expect(centres.size).toBe(K);
      const R = Math.SQRT2 / Math.sin(Math.PI / K);
      for (const [k, [c1, c2]] of centres) {
        expect(Math.hypot(c1, c2)).toBeCloseTo(R, 12);
        expect(Math.atan2(c2, c1)).toBeCloseTo(Math.atan2(Math.sin((2 * Math.PI * k) / K), Math.cos((2 * Math.PI * k) / K)), 12);
        const [n1, n2] = centres.get((k + 1) % K)!;
        expect(Math.hypot(c1 - n1, c2 - n2)).toBeCloseTo(2 * Math.SQRT2, 12);
      }
    }
  });

  it('blobs with noise: each coordinate scatters around its centre with standard deviation noise', () => {
    const noise = 0.7;
    const clean = datasets.blobs({ m: 4000, noise: 0, seed: 5 });
    const noisy = datasets.blobs({ m: 4000, noise, seed: 5 });
    // Same seed, so the same shuffle: the difference is the noise alone.
    expect(Array.from(noisy.Y.data)).toEqual(Array.from(clean.Y.data));
    const d = Array.from(noisy.X.data, (v, i) => v - clean.X.data[i]!);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(std).toBeGreaterThan(0.68);
    expect(std).toBeLessThan(0.72);
  });
});

describe('multiGaussian', () => {
  it('Y is the six-bump surface plus noise; X uniform in [-6, 6)', () => {
    const { X, Y } = datasets.multiGaussian({ m: 500, noise: 0, seed: 4 });
    expect([X.rows, X.cols, Y.rows, Y.cols]).toEqual([2, 500, 1, 500]);
    for (let j = 0; j < 500; j++) {
      const x1 = X.data[j]!;
      const x2 = X.data[500 + j]!;
      expect(Math.abs(x1)).toBeLessThanOrEqual(6);
      expect(Math.abs(x2)).toBeLessThanOrEqual(6);
      expect(Y.data[j]).toBe(multiGaussianSurface(x1, x2));
    }
    // Both signs, and the whole square covered: every quadrant holds points.
    expect(Math.min(...Y.data)).toBeLessThan(-0.5);
    expect(Math.max(...Y.data)).toBeGreaterThan(0.5);
    const noisy = datasets.multiGaussian({ m: 500, noise: 0.2, seed: 4 });
    expect(Array.from(noisy.X.data)).toEqual(Array.from(X.data));
    const residual = Array.from(noisy.Y.data, (y, j) => y - Y.data[j]!);
    const rms = Math.sqrt(residual.reduce((a, r) => a + r * r, 0) / 500);
    expect(rms).toBeGreaterThan(0.18);
    expect(rms).toBeLessThan(0.22);
  });

  it('the surface: ±1 at the bump centres (up to the neighbours), about 0 midway and at the edges', () => {
    for (const [c1, c2, s] of MULTI_GAUSSIAN_BUMPS) {
      expect(multiGaussianSurface(c1, c2) * s).toBeGreaterThan(0.96);
      expect(multiGaussianSurface(c1, c2) * s).toBeLessThan(1);
    }
    expect(Math.abs(multiGaussianSurface(2, 2.5))).toBeLessThan(1e-3);
    expect(Math.abs(multiGaussianSurface(6, 6))).toBeLessThan(0.02);
  });
});

describe('linspace (numpy semantics)', () => {
  it('with and without the endpoint, and the degenerate sizes', () => {
    expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace(0, 1, 4, false))).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(linspace(2, 3, 1))).toEqual([2]);
    expect(Array.from(linspace(2, 3, 1, false))).toEqual([2]);
    expect(Array.from(linspace(2, 3, 0))).toEqual([]);
    expect(linspace(0, Math.PI, 7)[6]).toBe(Math.PI);
  });
});

describe('the catalogue (datasets.list / DATASET_CATALOG)', () => {
  it('lists every generator on `datasets` once, with a description and a task', () => {
    const names = DATASET_CATALOG.map((d) => d.name);
    const generators = Object.keys(datasets).filter((k) => k !== 'list');
    expect([...names].sort()).toEqual([...generators].sort());
    expect(datasets.list()).toBe(DATASET_CATALOG);
    for (const d of DATASET_CATALOG) {
      expect(d.description.length, d.name).toBeGreaterThan(10);
      expect(d.features).toBe(2);
      const task = d.name === 'plane' || d.name === 'multiGaussian' ? 'regression' : d.name === 'spirals' || d.name === 'blobs' ? 'multiclass' : 'binary';
      expect(d.task, d.name).toBe(task);
      // The default K is both `classes` and the `classes` option's default; other sets have neither.
      expect(d.classes, d.name).toBe(task === 'multiclass' ? d.defaults.classes : undefined);
      if (task === 'multiclass') expect(d.classes, d.name).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives noiseMax exactly for the sets with a noise option, never below the default noise', () => {
    for (const d of DATASET_CATALOG) {
      if ('noise' in d.defaults) {
        expect(d.noiseMax, d.name).toBeGreaterThanOrEqual(d.defaults.noise!);
      } else {
        expect(d.noiseMax, d.name).toBeUndefined();
      }
    }
    expect(DATASET_CATALOG.filter((d) => d.noiseMax !== undefined).map((d) => d.name)).toEqual(SEEDED);
  });

  // The rule behind noiseMax (catalog.ts, fixtures/noise_max.py): at noiseMax the best possible
  // predictor is a third of the way from perfect to chance. Checked here with a smaller Monte Carlo,
  // hence the band around 1/3.
  it('noiseMax is equally messy everywhere: Bayes error / chance error about 1/3', () => {
    for (const d of DATASET_CATALOG) {
      if (d.noiseMax === undefined) continue;
      const sigma = d.noiseMax;
      let messiness: number;
      if (d.task === 'regression') {
        // noise² / (noise² + var f): the share of the targets' variance that no model can explain.
        const f = Array.from(generator(d.name)({ m: 20000, noise: 0, seed: 3 }).Y.data);
        const mean = f.reduce((a, b) => a + b, 0) / f.length;
        const variance = f.reduce((a, b) => a + (b - mean) ** 2, 0) / f.length;
        messiness = sigma ** 2 / (sigma ** 2 + variance);
      } else {
        // The Bayes classifier knows the noise-free shape (600 points) and the noise: class k's
        // posterior at x is ∝ Σ over its points c of exp(-|x - c|² / 2σ²).
        const clean = generator(d.name)({ m: 600, noise: 0, seed: 1 });
        const test = generator(d.name)({ m: 1000, noise: sigma, seed: 123 });
        const K = d.classes ?? 2;
        let errors = 0;
        for (let j = 0; j < test.X.cols; j++) {
          const x1 = test.X.data[j]!;
          const x2 = test.X.data[test.X.cols + j]!;
          const posterior = new Array<number>(K).fill(0);
          for (let i = 0; i < clean.X.cols; i++) {
            const d1 = x1 - clean.X.data[i]!;
            const d2 = x2 - clean.X.data[clean.X.cols + i]!;
            posterior[clean.Y.data[i]!]! += Math.exp(-(d1 * d1 + d2 * d2) / (2 * sigma * sigma));
          }
          const best = posterior.indexOf(Math.max(...posterior));
          if (best !== test.Y.data[j]) errors++;
        }
        messiness = errors / test.X.cols / (1 - 1 / K);
      }
      expect(messiness, `${d.name} at noise ${sigma}`).toBeGreaterThan(0.25);
      expect(messiness, `${d.name} at noise ${sigma}`).toBeLessThan(0.42);
    }
  });

  it('documents the real defaults: calling with them equals calling with none', () => {
    for (const d of DATASET_CATALOG) {
      const a = generator(d.name)();
      const b = generator(d.name)({ ...d.defaults });
      expect(a.X.cols, d.name).toBe(d.defaults.m);
      expect(Array.from(a.X.data), d.name).toEqual(Array.from(b.X.data));
      expect(Array.from(a.Y.data), d.name).toEqual(Array.from(b.Y.data));
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DATASET_CATALOG)).toBe(true);
    expect(Object.isFrozen(DATASET_CATALOG[0]!.defaults)).toBe(true);
  });

  it('the course sets: circles 300 (seed 1) and 100 (seed 2), moons 300 (seed 3), balanced', () => {
    for (const { X, Y } of [datasets.circles(), datasets.moons()]) {
      expect(X.cols).toBe(300);
      expect(Array.from(Y.data).reduce((s, v) => s + v, 0)).toBe(150);
    }
    expect(datasets.circles({ m: 100, seed: 2 }).X.cols).toBe(100);
  });
});
