import { describe, expect, it } from 'vitest';
import * as constants from '../constants';
import { ShapeError, ValueError } from '../errors';
import * as core from '../index';
import { Matrix } from '../matrix';
import { FEATURE_TERMS, featureLabel, parseFeatureTerm } from './feature-terms';
import { featureExpansion, standardize, transformerFromJSON } from './preprocess';

// Three examples (columns) of two raw features; values chosen so that every term is easy by hand.
const X = Matrix.from([
  [0.5, -2, 3],
  [4, 0.25, -1],
]);

describe('featureExpansion', () => {
  it("computes TF Playground's seven features, in the order given, against hand-computed values", () => {
    const t = featureExpansion(FEATURE_TERMS).fit(X);
    expect(t.kind).toBe('features');
    const Z = t.transform(X);
    expect([Z.rows, Z.cols]).toEqual([7, 3]);
    expect(Z.toArray()).toEqual([
      [0.5, -2, 3],
      [4, 0.25, -1],
      [0.25, 4, 9],
      [16, 0.0625, 1],
      [2, -0.5, -3],
      [Math.sin(0.5), Math.sin(-2), Math.sin(3)],
      [Math.sin(4), Math.sin(0.25), Math.sin(-1)],
    ]);
    // sin to 15 digits from a table, so the value is checked and not only the call.
    expect(Z.toArray()[5]![0]).toBeCloseTo(0.479425538604203, 15);
  });

  it('copies xI bit for bit, squares as x·x (not Math.pow), and takes terms in any order with cos', () => {
    const raw = Matrix.from([
      [0.1, -0, 1e-200],
      [7, 8, 9],
      [0.3, 0.7, -0.9],
    ]);
    const Z = featureExpansion(['x3^2', 'cos(x2)', 'x2*x3', 'x1']).fit(raw).transform(raw);
    const rows = Z.toArray();
    expect(rows[0]).toEqual([0.3 * 0.3, 0.7 * 0.7, -0.9 * -0.9]);
    expect(rows[1]).toEqual([Math.cos(7), Math.cos(8), Math.cos(9)]);
    expect(rows[2]).toEqual([7 * 0.3, 8 * 0.7, 9 * -0.9]);
    expect(Object.is(rows[3]![1], -0)).toBe(true);
    expect(rows[3]).toEqual([0.1, -0, 1e-200]);
  });

  it('round-trips through JSON as { kind, terms, inputs } and computes the same after', () => {
    const t = featureExpansion(['x1', 'x1*x2', 'sin(x2)']).fit(X);
    expect(t.toJSON()).toEqual({ kind: 'features', terms: ['x1', 'x1*x2', 'sin(x2)'], inputs: 2 });
    const back = transformerFromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(back.kind).toBe('features');
    expect(back.toJSON()).toEqual(t.toJSON());
    expect(back.transform(X).data).toEqual(t.transform(X).data);
  });

  it('inverts only when every raw feature is kept as a term, and says why otherwise', () => {
    const keeps = featureExpansion(['x2^2', 'x2', 'sin(x1)', 'x1']).fit(X);
    expect(keeps.inverse(keeps.transform(X)).toArray()).toEqual(X.toArray());
    const loses = featureExpansion(['x1', 'x2^2']).fit(X);
    expect(() => loses.inverse(loses.transform(X))).toThrow(ValueError);
    expect(() => loses.inverse(loses.transform(X))).toThrow(
      'features.inverse: the expansion [x1, x2^2] does not keep raw feature x2 as a term, and squares, products and sines cannot be undone',
    );
  });

  it('refuses an empty list, repeated terms and unknown syntax, naming the term', () => {
    expect(() => featureExpansion([])).toThrow("featureExpansion: expected a non-empty array of terms such as ['x1', 'x2', 'x1^2', 'x1*x2', 'sin(x1)'], got []");
    expect(() => featureExpansion(['x1', 'x1^2', 'x1'])).toThrow("featureExpansion: terms[2]: 'x1' is given twice (terms[0] and terms[2])");
    expect(() => featureExpansion(['x1^3'])).toThrow("featureExpansion: terms[0]: 'x1^3' is not a term; a term is xI, xI^2, xI*xJ (I < J), sin(xI) or cos(xI)");
    expect(() => featureExpansion(['x0'])).toThrow("terms[0]: 'x0' is not a term");
    expect(() => featureExpansion(['x01'])).toThrow("'x01' is not a term");
    expect(() => featureExpansion([' x1'])).toThrow("' x1' is not a term");
    expect(() => featureExpansion(['x2*x1'])).toThrow("featureExpansion: terms[0]: 'x2*x1' is not a term: write x1*x2, the lower index first");
    expect(() => featureExpansion(['x2*x2'])).toThrow("'x2*x2' is not a term: write x2^2 for the square");
    expect(() => featureExpansion([3 as unknown as string])).toThrow("terms[0]: expected a string such as 'x1^2', got number");
  });

  it('fit checks every term names a feature of X, naming the term and n_x', () => {
    expect(() => featureExpansion(['x1', 'x1*x3']).fit(X)).toThrow("featureExpansion.fit: term 'x1*x3' (terms[1]) names raw feature 3 but X has n_x = 2 features (rows)");
    expect(() => featureExpansion(['x1']).fit(Matrix.from([[1, Number.NaN]]))).toThrow('featureExpansion.fit: X[0, 1] is NaN');
  });

  it('transform refuses X with another n_x than it was fitted on', () => {
    const t = featureExpansion(['x1^2']).fit(X);
    expect(() => t.transform(new Matrix(3, 2))).toThrow(ShapeError);
    expect(() => t.transform(new Matrix(3, 2))).toThrow('features.transform: X is (3, 2) but the expansion [x1^2] was fitted on n_x = 2 features, (2, m)');
  });

  it('composes with a scaler fitted on the expanded features', () => {
    const expand = featureExpansion(['x1^2', 'x2^2']).fit(X);
    const scaler = standardize().fit(expand.transform(X));
    expect((scaler.toJSON() as { mean: number[] }).mean).toEqual([(0.25 + 4 + 9) / 3, (16 + 0.0625 + 1) / 3]);
  });

  it('transformerFromJSON checks the features fields', () => {
    expect(() => transformerFromJSON({ kind: 'features', terms: ['x1'], inputs: 0 })).toThrow('transformerFromJSON: features.inputs must be a positive integer (the raw n_x)');
    expect(() => transformerFromJSON({ kind: 'features', terms: ['x3'], inputs: 2 })).toThrow("transformerFromJSON: features: term 'x3' (terms[0]) names raw feature 3 but inputs is 2");
    expect(() => transformerFromJSON({ kind: 'features', terms: 'x1', inputs: 1 })).toThrow('transformerFromJSON: features: expected a non-empty array of terms');
    expect(() => transformerFromJSON({ kind: 'features', terms: ['x1', 'sin x1'], inputs: 1 })).toThrow("transformerFromJSON: features: terms[1]: 'sin x1' is not a term");
  });
});

describe('FEATURE_TERMS and featureLabel', () => {
  it('are the same objects from the main entry and @ann/core/constants', () => {
    expect(constants.FEATURE_TERMS).toBe(core.FEATURE_TERMS);
    expect(constants.featureLabel).toBe(core.featureLabel);
    expect(core.featureExpansion).toBe(featureExpansion);
    expect([...FEATURE_TERMS]).toEqual(['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
    expect(FEATURE_TERMS.every((term) => typeof parseFeatureTerm(term) === 'object')).toBe(true);
  });

  it('gives the display form with subscripts, and names a bad term', () => {
    expect(FEATURE_TERMS.map(featureLabel)).toEqual(['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁·x₂', 'sin x₁', 'sin x₂']);
    expect(featureLabel('cos(x12)')).toBe('cos x₁₂');
    expect(featureLabel('x3*x10')).toBe('x₃·x₁₀');
    expect(() => featureLabel('x1^3')).toThrow(ValueError);
    expect(() => featureLabel('x1^3')).toThrow("featureLabel: 'x1^3' is not a term");
  });
});
