// The metrics against numpy formulas (fixtures/metrics.json, made by fixtures/generate_metrics.py).
// Counts (confusion matrix, support, accuracy) must be equal; real-valued results within 1e-12
// relative (summation order and Math.log differ from numpy's by rounding only).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Matrix,
  accuracy,
  confusionMatrix,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precisionRecallF1,
  r2Score,
  type Average,
} from './index';

interface FixtureMatrix {
  shape: [number, number];
  data: number[];
}
type Scores = { precision: number; recall: number; f1: number };

interface Fixture {
  numpy: string;
  classification: {
    name: string;
    yTrue: FixtureMatrix;
    yPred: FixtureMatrix;
    numClasses: number | null;
    expected: {
      numClasses: number;
      accuracy: number;
      confusion: number[][];
      perClass: { precision: number[]; recall: number[]; f1: number[]; support: number[] };
      averages: { macro: Scores; weighted: Scores; micro: Scores; binary?: Scores };
    };
  }[];
  logLoss: { name: string; yTrue: FixtureMatrix; probabilities: FixtureMatrix; eps: number | null; expected: number }[];
  regression: { name: string; yTrue: FixtureMatrix; yPred: FixtureMatrix; expected: { mse: number; mae: number; r2: number } }[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/metrics.json', import.meta.url), 'utf8')) as Fixture;

const toMatrix = (f: FixtureMatrix) => new Matrix(f.shape[0], f.shape[1], Float64Array.from(f.data));

function expectNear(actual: number, expected: number, what: string, tol = 1e-12): void {
  expect(Math.abs(actual - expected), `${what}: got ${actual}, numpy ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

function expectScores(actual: Scores, expected: Scores, what: string): void {
  expectNear(actual.precision, expected.precision, `${what} precision`);
  expectNear(actual.recall, expected.recall, `${what} recall`);
  expectNear(actual.f1, expected.f1, `${what} f1`);
}

describe(`classification metrics vs numpy ${fixture.numpy}`, () => {
  for (const c of fixture.classification) {
    it(c.name, () => {
      const yTrue = toMatrix(c.yTrue);
      const yPred = toMatrix(c.yPred);
      const numClasses = c.numClasses ?? undefined;
      const e = c.expected;
      expect(accuracy(yTrue, yPred), 'accuracy').toBe(e.accuracy);
      expect(confusionMatrix(yTrue, yPred, numClasses), 'confusion matrix').toEqual(e.confusion);
      const r = precisionRecallF1(yTrue, yPred, { numClasses, average: 'none' });
      expect(r.numClasses).toBe(e.numClasses);
      expect(r.perClass.support, 'support').toEqual(e.perClass.support);
      for (const key of ['precision', 'recall', 'f1'] as const) {
        expect(r.perClass[key]).toHaveLength(e.numClasses);
        r.perClass[key].forEach((v, k) => expectNear(v, e.perClass[key][k]!, `${key}[${k}]`));
      }
      expect(r.precision).toBeNull();
      for (const average of ['macro', 'weighted', 'micro', 'binary'] as const) {
        const want = e.averages[average];
        expect(r.averages[average] === undefined, `averages.${average} present`).toBe(want === undefined);
        if (!want) continue;
        expectScores(r.averages[average]!, want, average);
        const chosen = precisionRecallF1(yTrue, yPred, { numClasses, average: average as Average });
        expectScores({ precision: chosen.precision!, recall: chosen.recall!, f1: chosen.f1! }, want, `average '${average}'`);
      }
    });
  }
});

describe(`logLoss vs numpy ${fixture.numpy}`, () => {
  for (const c of fixture.logLoss) {
    it(c.name, () => {
      const options = c.eps === null ? undefined : { eps: c.eps };
      expectNear(logLoss(toMatrix(c.yTrue), toMatrix(c.probabilities), options), c.expected, 'log loss');
    });
  }
});

describe(`regression metrics vs numpy ${fixture.numpy}`, () => {
  for (const c of fixture.regression) {
    it(c.name, () => {
      const yTrue = toMatrix(c.yTrue);
      const yPred = toMatrix(c.yPred);
      expectNear(meanSquaredError(yTrue, yPred), c.expected.mse, 'MSE');
      expectNear(meanAbsoluteError(yTrue, yPred), c.expected.mae, 'MAE');
      expectNear(r2Score(yTrue, yPred), c.expected.r2, 'R²');
    });
  }
});
