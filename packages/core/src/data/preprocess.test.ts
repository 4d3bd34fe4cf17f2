import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { divide, minmax, scale, standardize, transformerFromJSON } from './preprocess';

const reference = JSON.parse(readFileSync(new URL('../../fixtures/data/expected.json', import.meta.url), 'utf8')).standardize as {
  X: { shape: [number, number]; data: number[] };
  mean: number[];
  std: number[];
  small: { X: number[]; mean: number[]; std: number[] };
};

describe('standardize', () => {
  it('matches numpy X.mean(axis=1) and X.std(axis=1) (ddof = 0) to the last bit', () => {
    const X = new Matrix(reference.X.shape[0], reference.X.shape[1], Float64Array.from(reference.X.data));
    const json = standardize().fit(X).toJSON() as { mean: number[]; std: number[] };
    expect(json.mean).toEqual(reference.mean);
    // The constant feature (row 3) has std 0 in numpy and 1 here, by design.
    expect(json.std).toEqual(reference.std.map((s) => (s === 0 ? 1 : s)));
    const small = new Matrix(6, 37, Float64Array.from(reference.small.X));
    const s = standardize().fit(small).toJSON() as { mean: number[]; std: number[] };
    expect(s.mean).toEqual(reference.small.mean);
    expect(s.std).toEqual(reference.small.std.map((v) => (v === 0 ? 1 : v)));
  });

  it('maps the training data to mean 0, std 1, constant features to 0, and inverts', () => {
    const X = Matrix.from([
      [1, 2, 3, 4],
      [5, 5, 5, 5],
    ]);
    const t = standardize().fit(X);
    const Z = t.transform(X);
    expect(Z.toArray()[1]).toEqual([0, 0, 0, 0]);
    const row = Z.toArray()[0]!;
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 14);
    expect(Math.sqrt(row.reduce((a, b) => a + b * b, 0) / 4)).toBeCloseTo(1, 14);
    expect(t.inverse(Z).toArray()).toEqual(X.toArray());
  });

  it('refuses X with another n_x, naming both shapes', () => {
    const t = standardize().fit(Matrix.from([[1, 2]]));
    expect(() => t.transform(Matrix.from([[1], [2]]))).toThrow(ShapeError);
    expect(() => t.transform(Matrix.from([[1], [2]]))).toThrow('standardize.transform: X is (2, 1) but the transformer was fitted on n_x = 1 features, (1, m)');
  });
});

describe('scale and minmax', () => {
  it('scale(1/255) is the course image scaling', () => {
    const X = Matrix.from([[0, 255, 51]]);
    const t = scale(1 / 255).fit(X);
    expect(t.transform(X).toArray()).toEqual([[0, 1, 51 / 255]]);
    expect(t.inverse(t.transform(X)).toArray()).toEqual([[0, 255, 51]]);
    expect(() => scale(0)).toThrow(ValueError);
  });

  it('minmax maps training data into [0, 1]', () => {
    const X = Matrix.from([
      [2, 4, 6],
      [1, 1, 1],
    ]);
    const t = minmax().fit(X);
    expect(t.transform(X).toArray()).toEqual([
      [0, 0.5, 1],
      [0, 0, 0],
    ]);
    expect(t.inverse(t.transform(X)).toArray()).toEqual(X.toArray());
  });

  it('fit refuses NaN and empty X', () => {
    expect(() => standardize().fit(Matrix.from([[1, NaN]]))).toThrow('standardize.fit: X[0, 1] is NaN');
    expect(() => minmax().fit(new Matrix(2, 0))).toThrow('minmax.fit: X has no examples (m = 0)');
  });

  it('fit refuses finite features whose statistics overflow float64, instead of mapping them to 0 (issue 13)', () => {
    // Before: σ = Infinity for ±1e300 (the squares overflow) and every standardized value was 0.
    const X = Matrix.from([[1, 2, 3], [1e300, -1e300, 0]]);
    const error = (() => {
      try {
        standardize().fit(X);
      } catch (e) {
        return e as ValueError;
      }
      throw new Error('expected a ValueError');
    })();
    expect(error).toBeInstanceOf(ValueError);
    expect(error.message).toBe('standardize.fit: feature 1: its mean or standard deviation overflows float64 (its values reach ±1.000e+300); scale the inputs down first');
    expect(error.reason).toBe('feature 1: its mean or standard deviation overflows float64 (its values reach ±1.000e+300); scale the inputs down first');
    expect(() => minmax().fit(Matrix.from([[1, 2], [1.7e308, -1.7e308]]))).toThrow('minmax.fit: feature 1: its range (max − min) overflows float64 (its values reach ±1.700e+308); scale the inputs down first');
    // Large values whose statistics fit are fine.
    expect(minmax().fit(X).toJSON()).toEqual({ kind: 'minmax', min: [1, -1e300], range: [2, 2e300] });
    expect(standardize().fit(Matrix.from([[1e150, -1e150]])).toJSON()).toEqual({ kind: 'standardize', mean: [0], std: [1e150] });
  });
});

describe('toJSON / transformerFromJSON', () => {
  it('round-trips every kind through JSON text exactly', () => {
    const X = Matrix.from([
      [0.1, 0.7, 1 / 3],
      [10, -2, 5],
    ]);
    for (const t of [scale(1 / 255).fit(X), standardize().fit(X), minmax().fit(X)]) {
      const back = transformerFromJSON(JSON.parse(JSON.stringify(t)));
      expect(back.kind).toBe(t.kind);
      expect(back.toJSON()).toEqual(t.toJSON());
      expect(Array.from(back.transform(X).data)).toEqual(Array.from(t.transform(X).data));
    }
  });

  it('checks every field', () => {
    expect(() => transformerFromJSON({ kind: 'zscore' })).toThrow(`unknown kind "zscore"`);
    expect(() => transformerFromJSON({ kind: 'standardize', mean: [0], std: [0] })).toThrow('standardize.std must be an array of finite positive numbers');
    expect(() => transformerFromJSON({ kind: 'minmax', min: [0, 1], range: [1] })).toThrow('minmax.min has 2 entries but range has 1');
    expect(() => transformerFromJSON(null)).toThrow('expected an object, got null');
  });
});

describe('divide', () => {
  it('divides exactly, as numpy’s X / 255 does, where scale(1 / 255) can differ in the last bit', () => {
    const pixels = Matrix.from([Array.from({ length: 256 }, (_, v) => v)]);
    const divided = divide(255).fit(pixels).transform(pixels);
    expect(Array.from(divided.data)).toEqual(Array.from(pixels.data, (v) => v / 255));
    const multiplied = scale(1 / 255).fit(pixels).transform(pixels);
    expect(Array.from(multiplied.data).filter((v, i) => v !== divided.data[i]).length).toBe(24);
  });

  it('round-trips through JSON and inverts', () => {
    const X = Matrix.from([[3, 6]]);
    const t = transformerFromJSON(JSON.parse(JSON.stringify(divide(3).fit(X).toJSON())));
    expect(t.toJSON()).toEqual({ kind: 'divide', divisor: 3 });
    expect(t.inverse(t.transform(X)).toArray()).toEqual([[3, 6]]);
    expect(() => divide(0)).toThrow('divisor must be a finite nonzero number');
    expect(() => transformerFromJSON({ kind: 'divide', divisor: 'x' })).toThrow('divide.divisor must be a finite nonzero number');
  });
});
