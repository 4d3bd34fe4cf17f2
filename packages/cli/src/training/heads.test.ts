import { Matrix } from '@ann/core/node';
import { describe, expect, it } from 'vitest';
import { checkClassBound, inferHead, LabelError, outputSize } from './heads';

const row = (values: number[]) => Matrix.from([values]);

describe('inferHead', () => {
  it.each([
    [[0, 1, 1, 0], undefined, 'binary'],
    [[0, 1, 2, 1], undefined, 'multiclass'],
    [[0, 1, 0, 1], ['cat', 'dog'], 'binary'],
    [[0, 2, 0, 1], ['a', 'b', 'c'], 'multiclass'],
    [[0.5, 1.25, -3], undefined, 'regression'],
    [[-1, 1, 1], undefined, 'regression'],
    [[0, 5000, 2], undefined, 'regression'],
  ] as const)('labels %j (classes %j) → %s', (values, classNames, head) => {
    expect(inferHead({ Y: row([...values]), ...(classNames ? { classNames: [...classNames] } : {}), source: 'f' })).toBe(head);
  });

  it('reads several 0/1 rows as independent binary outputs', () => {
    expect(inferHead({ Y: Matrix.from([[0, 1], [1, 1]]), source: 'f' })).toBe('binary');
  });
});

describe('outputSize', () => {
  it('is the number of classes for multiclass, the label rows otherwise', () => {
    expect(outputSize('multiclass', { Y: row([0, 2, 1]), source: 'f' })).toBe(3);
    expect(outputSize('multiclass', { Y: row([0, 1]), classNames: ['a', 'b', 'c', 'd'], source: 'f' })).toBe(4);
    expect(outputSize('binary', { Y: row([0, 1]), source: 'f' })).toBe(1);
    expect(outputSize('regression', { Y: Matrix.from([[0.5], [2]]), source: 'f' })).toBe(2);
  });

  it('names the labels that do not fit --head binary', () => {
    expect(() => outputSize('binary', { Y: row([0, 1, 2, 3, 2]), classNames: ['setosa', 'versicolor', 'virginica', 'other'], source: 'iris.csv' })).toThrow(
      new LabelError('--head binary needs labels 0 and 1, but iris.csv has labels 2, 3 ("virginica", "other")'),
    );
    expect(() => outputSize('binary', { Y: row([0, 0.5]), source: 'y.csv' })).toThrow('--head binary needs labels 0 and 1, but y.csv has label 0.5');
  });

  it('refuses fractional classes and class names for regression', () => {
    expect(() => outputSize('multiclass', { Y: row([0, 1.5]), source: 'f.csv' })).toThrow('--head multiclass needs class labels (integers 0, 1, … or class names), but f.csv has label 1.5');
    expect(() => outputSize('regression', { Y: row([0, 1]), classNames: ['a', 'b'], source: 'f.csv' })).toThrow('--head regression needs numeric labels, but f.csv has class names ("a", "b")');
  });
});

describe('issue 13: bounded classes, and one class refused before training', () => {
  it('a label past MAX_CLASSES names the file, the label and its example (item 1)', () => {
    expect(() => checkClassBound('multiclass', { Y: row([0, 1, 50000000, 2]), source: 'big.csv' })).toThrow(
      new LabelError("big.csv: label 50000000 (example 2, data row 3) is not a class index: --head multiclass takes labels 0..9999 (at most 10000 classes)"),
    );
    expect(() => checkClassBound('multiclass', { Y: row([0, 1, 9999]), source: 'ok.csv' })).not.toThrow();
    expect(() => checkClassBound('regression', { Y: row([0, 50000000]), source: 'ok.csv' })).not.toThrow();
    expect(() => outputSize('multiclass', { Y: row([0, 1, 50000000]), source: 'big.csv' })).toThrow(/at most 10000 classes/);
  });
  it('labels past a listed set of classes are refused (item 1)', () => {
    expect(() => outputSize('multiclass', { Y: row([0, 1, 7602177]), classNames: ['non-cat', 'cat'], source: 'cat.h5' })).toThrow(
      new LabelError('cat.h5: label 7602177 (example 2) is not one of the 2 classes ("non-cat", "cat")'),
    );
  });
  it('says where a bad label is in the terms of its file: a CSV data row, a JSON record, an array index', () => {
    const bad = { Y: row([0, 1, 50000000]) };
    for (const source of ['big.csv', 'big.tsv', 'big.txt']) {
      expect(() => checkClassBound('multiclass', { ...bad, source })).toThrow(`${source}: label 50000000 (example 2, data row 3) is not a class index`);
    }
    expect(() => checkClassBound('multiclass', { ...bad, source: 'big.json' })).toThrow('label 50000000 (example 2, record 3) is not a class index');
    for (const source of ['big.npz', 'big.npy', 'big.h5']) {
      expect(() => checkClassBound('multiclass', { ...bad, source })).toThrow(`${source}: label 50000000 (example 2) is not a class index`);
    }
  });
  it('one categorical class is an error naming it, whatever the head (item 8)', () => {
    const one = { Y: row([0, 0, 0]), classNames: ['cat'], labelName: 'y', source: 'one.csv' };
    expect(() => inferHead(one)).toThrow(new LabelError('one.csv: the label column "y" has one class ("cat"); classification needs at least 2'));
    for (const head of ['binary', 'multiclass'] as const) expect(() => outputSize(head, one)).toThrow('one.csv: the label column "y" has one class ("cat")');
  });
});
