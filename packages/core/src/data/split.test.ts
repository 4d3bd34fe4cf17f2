import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { RandomState } from '../random';
import { oneHot, trainTestSplit } from './split';

const m = 20;
const X = new Matrix(2, m, Float64Array.from({ length: 2 * m }, (_, k) => k));
const Y = new Matrix(1, m, Float64Array.from({ length: m }, (_, j) => (j < 14 ? 0 : 1)));

describe('trainTestSplit', () => {
  it('takes test = perm[:ceil(f m)], train = the rest, with numpy permutation(m)', () => {
    const perm = new RandomState(7).permutation(m);
    const split = trainTestSplit(X, Y, { testFraction: 0.25, seed: 7 });
    expect(split.testIndices).toEqual(perm.slice(0, 5));
    expect(split.trainIndices).toEqual(perm.slice(5));
    expect(split.XTest.shape).toEqual([2, 5]);
    expect(split.XTrain.shape).toEqual([2, 15]);
    expect(split.XTest.get(1, 0)).toBe(X.get(1, perm[0]!));
    expect(split.YTrain.get(0, 3)).toBe(Y.get(0, perm[8]!));
    expect(split.XValidation).toBeUndefined();
  });

  it('is reproducible and makes a three-way split', () => {
    const a = trainTestSplit(X, Y, { testFraction: 0.2, validationFraction: 0.1, seed: 3 });
    const b = trainTestSplit(X, Y, { testFraction: 0.2, validationFraction: 0.1, seed: 3 });
    expect(a.testIndices).toEqual(b.testIndices);
    expect(a.validationIndices).toHaveLength(2);
    expect(a.XValidation!.shape).toEqual([2, 2]);
    expect([...a.testIndices, ...a.validationIndices, ...a.trainIndices].sort((p, q) => p - q)).toEqual([...Array(m).keys()]);
  });

  it('stratifies: each part keeps the class shares', () => {
    const split = trainTestSplit(X, Y, { testFraction: 0.5, seed: 1, stratify: true });
    const ones = (M: Matrix) => Array.from(M.data).filter((v) => v === 1).length;
    expect(split.YTest.cols).toBe(10);
    expect(ones(split.YTest)).toBe(3);
    expect(ones(split.YTrain)).toBe(3);
    const perm = new RandomState(1).permutation(m);
    // Parts keep the permutation's order.
    expect(split.testIndices).toEqual(perm.filter((j) => split.testIndices.includes(j)));
  });

  it('validates its arguments', () => {
    expect(() => trainTestSplit(X, new Matrix(1, 3), { testFraction: 0.2, seed: 1 })).toThrow(ShapeError);
    expect(() => trainTestSplit(X, Y, { testFraction: 1, seed: 1 })).toThrow('trainTestSplit: testFraction must be a number in (0, 1), got 1');
    expect(() => trainTestSplit(X, Y, { testFraction: 0.6, validationFraction: 0.4, seed: 1 })).toThrow(ValueError);
    expect(() => trainTestSplit(X, new Matrix(2, m), { testFraction: 0.2, seed: 1, stratify: true })).toThrow('stratify needs class labels Y (1, m)');
  });
});

describe('oneHot', () => {
  it('(1, m) class indices → (C, m)', () => {
    expect(oneHot(Matrix.from([[2, 0, 1, 2]]), 3).toArray()).toEqual([
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 1],
    ]);
  });
  it('refuses labels out of range or not integers, naming the entry', () => {
    expect(() => oneHot(Matrix.from([[0, 3]]), 3)).toThrow('oneHot: labels[0, 1] is 3, outside 0..2 for C = 3 classes');
    expect(() => oneHot(Matrix.from([[0.5]]), 3)).toThrow('oneHot: labels[0, 0] is 0.5; class labels must be integers 0..2');
    expect(() => oneHot(Matrix.from([[0], [1]]), 3)).toThrow('oneHot: labels is (2, 1) but should be (1, m)');
    expect(() => oneHot(Matrix.from([[0]]), 0)).toThrow('oneHot: C must be an integer ≥ 1, got 0');
  });
});
