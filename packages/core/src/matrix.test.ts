import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from './errors';
import { Matrix } from './matrix';

describe('Matrix', () => {
  it('stores row-major: (i, j) at data[i * cols + j]', () => {
    const M = Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(M.rows).toBe(2);
    expect(M.cols).toBe(3);
    expect(Array.from(M.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(M.get(1, 0)).toBe(4);
    M.set(0, 2, 9);
    expect(M.data[2]).toBe(9);
    expect(M.toArray()).toEqual([
      [1, 2, 9],
      [4, 5, 6],
    ]);
  });

  it('fromSamples puts examples in columns, as np.array(samples).T', () => {
    const X = Matrix.fromSamples([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(X.shape).toEqual([2, 3]);
    expect(X.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it('wraps a Float64Array without copying and defaults to zeros', () => {
    const data = new Float64Array([1, 2, 3, 4]);
    const M = new Matrix(2, 2, data);
    expect(M.data).toBe(data);
    expect(Array.from(new Matrix(2, 3).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('transposes, clones and slices columns', () => {
    const M = Matrix.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(M.transpose().toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const C = M.clone();
    C.set(0, 0, 7);
    expect(M.get(0, 0)).toBe(1);
    expect(M.sliceColumns(1, 3).toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
  });

  it('rejects bad shapes and indices with clear errors', () => {
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow(ShapeError);
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow('data has 3 elements but the shape (2, 2) needs 4');
    expect(() => new Matrix(-1, 2)).toThrow(ValueError);
    expect(() => new Matrix(1.5, 2)).toThrow('non-negative integers');
    expect(() => Matrix.from([[1, 2], [3]])).toThrow('row 1 has 1 elements but row 0 has 2');
    expect(() => Matrix.fromSamples([[1, 2], [3]])).toThrow('sample 1 has 1 features but sample 0 has 2');
    const M = new Matrix(2, 2);
    expect(() => M.get(2, 0)).toThrow('index (2, 0) is outside a (2, 2) matrix');
    expect(() => M.set(0, -1, 1)).toThrow(ValueError);
    expect(() => M.sliceColumns(1, 3)).toThrow(ValueError);
  });
});
