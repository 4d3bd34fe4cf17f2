// A feature expansion in a Model: raw inputs in, the model file, and the exports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FEATURE_TERMS } from '../data/feature-terms';
import { featureExpansion, standardize } from '../data/preprocess';
import { ValueError } from '../errors';
import { Matrix } from '../matrix';
import { Network } from '../network';
import { ModelFileError } from './errors';
import { Model } from './model';
import { exportStandalone } from './standalone';
import { featureCases } from './test-models';
import { exportTfjs } from './tfjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary JSON paths into documents
type Json = any;

const cases = featureCases();
const seven = cases[0]!; // features(7) → standardize → [7, 4, 1], featureNames ['u', 'v']
const chained = cases[1]!; // divide → features(4) → minmax → [4, 3, 2] softmax with batch norm

function rows(X: Matrix): number[][] {
  return Array.from({ length: X.cols }, (_, j) => Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]!));
}

function fileError(doc: unknown): string {
  try {
    Model.fromJSON(doc, 'model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFileError);
    return (error as Error).message;
  }
  throw new Error('expected a ModelFileError');
}

const mutate = (model: Model, change: (doc: Json) => void): unknown => {
  const doc = JSON.parse(model.serialize()) as Json;
  change(doc);
  return doc;
};

describe('a Model with a feature expansion', () => {
  it('takes raw inputs: inputSize is the raw n_x and predict applies the expansion first', () => {
    for (const { name, model, Xraw } of cases) {
      expect(model.inputSize, name).toBe(2);
      expect(model.network.layers[0], name).toBe((model.preprocessing.find((t) => t.kind === 'features')!.toJSON() as { terms: string[] }).terms.length);
      let X = Xraw;
      for (const t of model.preprocessing) X = t.transform(X);
      expect(model.predictProba(Xraw).data, name).toEqual(model.network.predictProba(X).data);
    }
    expect(() => seven.model.predict(new Matrix(7, 3))).toThrow('Model.transform: X is (7, 3) but the model takes n_x = 2 raw features (u, v)');
  });

  it('learns circles from x1² and x2² alone with no hidden layer', () => {
    const { Xraw, Y } = seven;
    const expand = featureExpansion(['x1^2', 'x2^2']).fit(Xraw);
    const network = new Network({ layers: [2, 1], seed: 1 });
    network.fit(expand.transform(Xraw), Y, { learningRate: 1, iterations: 2000 });
    const model = new Model({ network, preprocessing: [expand] });
    expect(model.evaluate(Xraw, Y).accuracy).toBeGreaterThanOrEqual(0.99);
  });

  it('round-trips through the model file bit for bit, storing { kind, terms, inputs } and the raw names', () => {
    for (const { name, model, Xraw } of cases) {
      const text = model.serialize();
      const doc = JSON.parse(text) as Json;
      const back = Model.parse(text, 'model.json');
      expect(back.serialize(), name).toBe(text);
      expect(back.predictProba(Xraw).data, name).toEqual(model.predictProba(Xraw).data);
      expect(back.preprocessing.map((t) => t.kind), name).toEqual(model.preprocessing.map((t) => t.kind));
      expect(doc.preprocessing.find((t: Json) => t.kind === 'features').inputs, name).toBe(2);
    }
    const doc = JSON.parse(seven.model.serialize()) as Json;
    expect(doc.preprocessing[0]).toEqual({ kind: 'features', terms: [...FEATURE_TERMS], inputs: 2 });
    expect(doc.featureNames).toEqual(['u', 'v']);
    expect(doc.preprocessing[1].mean).toHaveLength(7);
  });

  it('checks the feature counts along the preprocessing chain, naming the field', () => {
    const m = seven.model;
    expect(fileError(mutate(m, (d) => d.preprocessing[0].terms.pop()))).toBe(
      'model.json: preprocessing[1].mean: expected 6 entries (the 6 features preprocessing[0] makes), got 7',
    );
    // Without the scaler the expansion feeds the network directly: still a valid model.
    const noScaler = mutate(m, (d) => d.preprocessing.splice(1, 1));
    expect(Model.fromJSON(noScaler).inputSize).toBe(2);
    expect(fileError(mutate(m, (d) => {
      d.preprocessing.splice(1, 1);
      d.preprocessing[0].terms.pop();
    }))).toBe('model.json: preprocessing[0].terms: expected 7 terms (n_x = layers[0], the network\'s inputs), got 6');
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].inputs = 3)))).toBe('model.json: featureNames: expected 3 names (the raw inputs: preprocessing[0].inputs), got 2');
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].terms[6] = 'sin(x3)')))).toBe("model.json: preprocessing[0].terms[6]: 'sin(x3)' names raw feature 3 but inputs is 2");
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].terms[6] = 'x2')))).toBe("model.json: preprocessing[0].terms[6]: 'x2' is given twice (terms[1] and terms[6])");
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].terms[6] = 'tan(x2)')))).toMatch(/^model\.json: preprocessing\[0\]\.terms\[6\]: 'tan\(x2\)' is not a term; a term is xI, xI\^2/);
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].terms = [])))).toBe('model.json: preprocessing[0].terms: expected at least one term');
    expect(fileError(mutate(m, (d) => (d.preprocessing[0].inputs = 0)))).toBe('model.json: preprocessing[0].inputs: expected an integer ≥ 1, got 0');
    expect(fileError(mutate(m, (d) => delete d.preprocessing[0].inputs))).toBe('model.json: preprocessing[0].inputs: missing');
    // divide → features → minmax: the step before the expansion sees the raw count.
    expect(fileError(mutate(chained.model, (d) => d.preprocessing.unshift({ kind: 'minmax', min: [0, 0, 0], range: [1, 1, 1] })))).toBe(
      'model.json: preprocessing[0].min: expected 2 entries (the raw n_x: preprocessing[2].inputs), got 3',
    );
    // A second expansion reads the first one's output.
    expect(fileError(mutate(chained.model, (d) => d.preprocessing.push({ kind: 'features', terms: ['x1', 'x2', 'x3', 'x4'], inputs: 2 })))).toBe(
      'model.json: preprocessing[3].inputs: expected 4 (the 4 features preprocessing[1] makes), got 2',
    );
  });

  it('the constructor checks the same, with the raw feature names', () => {
    const X = seven.Xraw;
    const expand = featureExpansion(FEATURE_TERMS).fit(X);
    expect(() => new Model({ network: new Network({ layers: [2, 1] }), preprocessing: [expand] })).toThrow(
      "new Model: preprocessing[0].terms: expected 2 terms (n_x = layers[0], the network's inputs), got 7",
    );
    const network = new Network({ layers: [7, 1] });
    expect(() => new Model({ network, preprocessing: [expand], featureNames: FEATURE_TERMS.map(String) })).toThrow(
      'new Model: featureNames: expected 2 names (the raw inputs: preprocessing[0].inputs), got 7',
    );
    const scaler = standardize().fit(X);
    expect(() => new Model({ network, preprocessing: [expand, scaler] })).toThrow('new Model: preprocessing[1].mean: expected 7 entries (the 7 features preprocessing[0] makes), got 2');
    expect(new Model({ network, preprocessing: [scaler, expand], featureNames: ['a', 'b'] }).inputSize).toBe(2);
  });
});

describe('exports of a model with a feature expansion', () => {
  it('exportTfjs refuses, saying why and what to use instead', () => {
    expect(() => exportTfjs(seven.model)).toThrow(ValueError);
    expect(() => exportTfjs(seven.model)).toThrow(
      'exportTfjs: the model expands its raw inputs into features (preprocessing[0]: x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)), which TF.js Dense layers cannot compute without custom layers; export it as a standalone JavaScript module instead (exportStandalone, or ann export --format js)',
    );
  });

  it('the standalone module predicts what Model.predict predicts, from raw inputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ann-features-'));
    for (const [index, { name, model, Xraw }] of cases.entries()) {
      const path = join(dir, `case${index}.mjs`);
      writeFileSync(path, exportStandalone(model));
      const mod = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as {
        predictProba(X: number[][]): number[][];
        predict(X: number[][]): number[][];
        inputSize: number;
      };
      expect(mod.inputSize, name).toBe(2);
      expect(mod.predict(rows(Xraw)), name).toEqual(rows(model.predict(Xraw)));
      const expected = rows(model.predictProba(Xraw));
      let worst = 0;
      mod.predictProba(rows(Xraw)).forEach((row, j) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[j]![i]!) / Math.max(Math.abs(expected[j]![i]!), 1e-300)))));
      expect(worst, name).toBeLessThanOrEqual(1e-12);
      expect(() => mod.predictProba([[1, 2, 3]])).toThrow('predict: sample 0 must be an array of 2 numbers, got 3 values');
    }
  });
});
