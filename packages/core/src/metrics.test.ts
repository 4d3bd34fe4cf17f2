// Conventions and argument checks of the metrics (the numbers themselves are checked against numpy
// in metrics.fixtures.test.ts).
import { describe, expect, it } from 'vitest';
import {
  Matrix,
  ShapeError,
  ValueError,
  accuracy,
  confusionMatrix,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precisionRecallF1,
  r2Score,
} from './index';

const row = (...values: number[]) => Matrix.from([values]);

describe('classification conventions', () => {
  it('accuracy on course-shaped binary predictions (A > 0.5)', () => {
    const Y = row(1, 0, 1, 1);
    const AL = row(0.9, 0.6, 0.2, 0.51);
    const predictions = row(...Array.from(AL.data, (a) => (a > 0.5 ? 1 : 0)));
    expect(accuracy(Y, predictions)).toBe(0.5);
  });

  it('reads (C, m) arguments by column argmax, the first maximum on ties (like np.argmax)', () => {
    const P = Matrix.from([
      [0.5, 0.1, 0.2],
      [0.5, 0.2, 0.7],
      [0.0, 0.7, 0.1],
    ]);
    expect(confusionMatrix(row(0, 2, 1), P)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('confusion matrix: rows are the true class, columns the prediction', () => {
    expect(confusionMatrix(row(0, 0, 1, 2), row(1, 0, 1, 1))).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);
    expect(confusionMatrix(row(0, 1), row(0, 1), 4)).toHaveLength(4);
  });

  it('0/0 is 0: a class never predicted has precision 0, never NaN', () => {
    const r = precisionRecallF1(row(0, 1, 1), row(0, 0, 0), { average: 'binary' });
    expect(r.perClass.precision).toEqual([1 / 3, 0]);
    expect(r.perClass.recall).toEqual([1, 0]);
    expect([r.precision, r.recall, r.f1]).toEqual([0, 0, 0]);
  });

  it('micro precision = recall = F1 = accuracy for single-label data', () => {
    const yTrue = row(0, 1, 2, 2, 1, 0, 2);
    const yPred = row(0, 2, 2, 1, 1, 0, 0);
    const { averages } = precisionRecallF1(yTrue, yPred);
    const acc = accuracy(yTrue, yPred);
    expect(averages.micro.precision).toBeCloseTo(acc, 15);
    expect(averages.micro.recall).toBeCloseTo(acc, 15);
    expect(averages.micro.f1).toBeCloseTo(acc, 15);
    expect(averages.binary).toBeUndefined();
  });

  it("macro: over occurring classes by default, over all C with numClasses", () => {
    const yTrue = row(0, 2, 2);
    const yPred = row(0, 2, 2);
    expect(precisionRecallF1(yTrue, yPred).precision).toBe(1); // class 1 never occurs: left out
    expect(precisionRecallF1(yTrue, yPred, { numClasses: 3 }).precision).toBeCloseTo(2 / 3, 15);
    expect(precisionRecallF1(yTrue, yPred, { average: 'weighted' }).f1).toBe(1);
  });

  it('rejects bad labels and options with ValueErrors that name them', () => {
    expect(() => accuracy(row(0, 1), row(0, 0.7))).toThrow(/^accuracy: yPred\[0, 1\] is 0\.7; a \(1, m\) row must hold class indices.*A > 0\.5/);
    expect(() => accuracy(row(0, -1), row(0, 1))).toThrow(ValueError);
    expect(() => confusionMatrix(row(0, 3), row(0, 1), 3)).toThrow(/^confusionMatrix: yTrue\[0, 1\] is 3 but numClasses is 3/);
    expect(() => confusionMatrix(row(0, 1), row(0, 1), 0)).toThrow(/numClasses must be a positive integer/);
    expect(() => precisionRecallF1(row(0, 2), row(0, 1), { average: 'binary' })).toThrow(/average 'binary' needs classes 0 and 1 only/);
    expect(() => precisionRecallF1(row(0, 1), row(0, 1), { average: 'samples' as 'macro' })).toThrow(/average must be/);
  });

  it('rejects NaN, empty data and non-matrices', () => {
    expect(() => accuracy(row(0, NaN), row(0, 1))).toThrow(/^accuracy: yTrue\[0, 1\] is NaN/);
    expect(() => accuracy(new Matrix(1, 0), new Matrix(1, 0))).toThrow(/^accuracy: yTrue is \(1, 0\): there are no examples \(m = 0\)/);
    expect(() => accuracy([[0, 1]] as unknown as Matrix, row(0, 1))).toThrow(/yTrue must be a Matrix, got an array/);
  });

  it('rejects mismatched shapes with a ShapeError naming both arguments', () => {
    const call = () => accuracy(row(0, 1, 1), row(0, 1));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('accuracy: yPred is (1, 2) but yTrue is (1, 3); both need one column per example (m = 3)');
    expect(() => confusionMatrix(Matrix.full(3, 2, 0.5), Matrix.full(2, 2, 0.5))).toThrow(ShapeError);
    expect(() => confusionMatrix(Matrix.full(3, 2, 0.5), row(0, 1), 4)).toThrow(/numClasses is 4 but the \(C, m\) arguments have C = 3/);
  });
});

describe('logLoss conventions', () => {
  it('is the course cost J for binary probabilities', () => {
    const Y = row(1, 0, 1);
    const AL = row(0.8, 0.1, 0.6);
    const J = -(Math.log(0.8) + Math.log(0.9) + Math.log(0.6)) / 3;
    expect(logLoss(Y, AL)).toBeCloseTo(J, 15);
  });

  it('clips to [1e-15, 1 - 1e-15]: a confident mistake costs -log(1e-15), not Infinity', () => {
    expect(logLoss(row(1), row(0))).toBeCloseTo(-Math.log(1e-15), 12);
    expect(logLoss(row(0), row(1))).toBeCloseTo(-Math.log(1 - (1 - 1e-15)), 12);
    expect(logLoss(row(1), row(0), { eps: 1e-7 })).toBeCloseTo(-Math.log(1e-7), 12);
    expect(Number.isFinite(logLoss(row(1, 0), row(1, 0)))).toBe(true);
  });

  it('class indices and one-hot targets give the same multi-class loss', () => {
    const P = Matrix.from([
      [0.7, 0.2],
      [0.2, 0.5],
      [0.1, 0.3],
    ]);
    const onehot = Matrix.from([
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
    expect(logLoss(row(0, 2), P)).toBe(logLoss(onehot, P));
    expect(logLoss(row(0, 2), P)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3)) / 2, 15);
  });

  it('rejects what is not a probability, bad labels and shapes', () => {
    expect(() => logLoss(row(1, 0), row(2.5, 0.1))).toThrow(/^logLoss: probabilities\[0, 0\] is 2\.5; probabilities must lie in \[0, 1\] \(pass A\[L\], not Z\[L\]\)/);
    expect(() => logLoss(row(1, 2), row(0.5, 0.5))).toThrow(/yTrue\[0, 1\] is 2; binary labels must be 0 or 1/);
    expect(() => logLoss(row(3), Matrix.from([[0.5], [0.5]]))).toThrow(/class indices must be integers in 0 … 1/);
    expect(() => logLoss(row(0), Matrix.from([[0.5], [0.6]]))).toThrow(/column 0 of probabilities sums to 1\.1/);
    expect(() => logLoss(Matrix.full(3, 1, 0), Matrix.from([[0.5], [0.5]]))).toThrow(ShapeError);
    expect(() => logLoss(Matrix.full(2, 1, 0), row(0.5))).toThrow(/binary labels are \(1, m\)/);
    expect(() => logLoss(row(1), row(0.5), { eps: 0 })).toThrow(/eps must be a number in \(0, 0\.5\)/);
    expect(() => logLoss(row(1, 0), row(0.5))).toThrow(ShapeError);
  });
});

describe('regression conventions', () => {
  it('averages over outputs (uniform_average)', () => {
    const Y = Matrix.from([
      [0, 0],
      [0, 0],
    ]);
    const Yhat = Matrix.from([
      [1, 1],
      [3, -3],
    ]);
    expect(meanSquaredError(Y, Yhat)).toBe((1 + 9) / 2);
    expect(meanAbsoluteError(Y, Yhat)).toBe((1 + 3) / 2);
  });

  it('r2Score of a perfect fit is 1; predicting the mean is 0', () => {
    expect(r2Score(row(1, 2, 3), row(1, 2, 3))).toBe(1);
    expect(r2Score(row(1, 2, 3), row(2, 2, 2))).toBe(0);
  });

  it('r2Score of a constant target: 1 if perfect, else 0, even when the rounded mean is off (0.1 × 3)', () => {
    expect(r2Score(row(0.1, 0.1, 0.1), row(0.1, 0.1, 0.1))).toBe(1);
    expect(r2Score(row(0.1, 0.1, 0.1), row(0.1, 0.1, 0.2))).toBe(0);
  });

  it('rejects mismatched shapes, NaN, one example', () => {
    const call = () => meanSquaredError(Matrix.full(2, 3, 0), Matrix.full(1, 3, 0));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('meanSquaredError: yPred is (1, 3) but yTrue is (2, 3); both must be (k, m): k outputs, m examples');
    expect(() => meanAbsoluteError(row(1, 2), row(1, Infinity))).toThrow(/^meanAbsoluteError: yPred\[0, 1\] is Infinity/);
    expect(() => r2Score(row(1), row(1))).toThrow(/^r2Score: R² needs at least 2 examples, got m = 1/);
    expect(() => r2Score(new Matrix(0, 3), new Matrix(0, 3))).toThrow(/yTrue is \(0, 3\): it has no rows/);
  });
});
