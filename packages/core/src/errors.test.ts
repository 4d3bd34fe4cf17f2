import { describe, expect, it } from 'vitest';
import { DataError, parseCsv, parseJson } from './data/index';
import { featureExpansion } from './data/preprocess';
import { datasets } from './datasets/index';
import { ValueError } from './errors';
import { Matrix } from './matrix';

// Callers (the CLI) read these fields, never the message text: the fields must be there and right.
describe('structured errors', () => {
  const thrown = (action: () => unknown): unknown => {
    try {
      action();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  };

  it("a generator's bad option: ValueError with the generator, the option and the reason", () => {
    const error = thrown(() => datasets.moons({ noise: -1 }));
    expect(error).toBeInstanceOf(ValueError);
    expect(error).toMatchObject({ functionName: 'datasets.moons', argument: 'noise', reason: 'noise must be a finite number ≥ 0 (a standard deviation), got -1' });
    expect((error as ValueError).message).toBe(`datasets.moons: ${(error as ValueError).reason}`);
    expect(thrown(() => datasets.spirals({ classes: 9 }))).toMatchObject({ functionName: 'datasets.spirals', argument: 'classes' });
  });

  it('a bad feature term: the index is the argument, the reason does not repeat it', () => {
    const error = thrown(() => featureExpansion(['x1', 'x1^']));
    expect(error).toMatchObject({ functionName: 'featureExpansion', argument: 'terms[1]' });
    expect((error as ValueError).message).toBe(`featureExpansion: terms[1]: ${(error as ValueError).reason}`);
    expect(thrown(() => featureExpansion(['x3']).fit(Matrix.from([[1], [2]])))).toMatchObject({
      functionName: 'featureExpansion.fit',
      argument: 'X',
      reason: "term 'x3' (terms[0]) names raw feature 3 but X has n_x = 2 features (rows)",
    });
  });

  it('a ValueError thrown without parts keeps its message as the reason', () => {
    const error = new ValueError('Network.fit: l2 must be ≥ 0');
    expect(error).toMatchObject({ functionName: undefined, argument: undefined, reason: 'Network.fit: l2 must be ≥ 0' });
  });

  it("a label that is not in the file is DataError code 'labelNotFound', in CSV and in JSON", () => {
    const csv = thrown(() => parseCsv('x1,x2\n1,2\n', { label: 'y', fileName: 'a.csv' }));
    const json = thrown(() => parseJson('[{"x1": 1, "x2": 2}]', { label: 'y', fileName: 'a.json' }));
    for (const error of [csv, json]) {
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('labelNotFound');
    }
    expect((thrown(() => parseCsv('x1,y\nabc,1\n', { label: 'y', fileName: 'a.csv' })) as DataError).code).toBeUndefined();
  });
});
