// Behaviour of the built-in generators beyond the numpy fixtures: option validation, determinism,
// geometry without noise, and the catalogue that `ann datasets list` prints.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValueError } from '../errors';
import { DATASET_CATALOG, datasets, type DatasetName } from './index';
import { linspace } from './linspace';

type Generator = (options?: Record<string, unknown>) => { X: { rows: number; cols: number; data: ArrayLike<number> }; Y: { rows: number; cols: number; data: ArrayLike<number> } };
const generator = (name: DatasetName) => datasets[name] as unknown as Generator;
const SEEDED: DatasetName[] = ['moons', 'circles', 'xor', 'gaussian', 'spiral', 'plane'];

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
      expect(d.task).toBe(d.name === 'plane' ? 'regression' : 'binary');
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
