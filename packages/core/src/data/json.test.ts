import { describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { parseJson } from './json';

function jsonError(text: string, options = {}): DataError {
  try {
    parseJson(text, { fileName: 'data.json', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('parseJson', () => {
  it('reads an array of records, label by name', () => {
    const { X, Y, featureNames, labelName, classNames } = parseJson(
      '[{"x1": 1, "x2": 2, "y": "dog"}, {"x2": 4, "x1": 3, "y": "cat"}, {"x1": 5, "x2": 6, "y": "dog"}]',
      { label: 'y' },
    );
    expect(X.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(featureNames).toEqual(['x1', 'x2']);
    expect(labelName).toBe('y');
    expect(classNames).toEqual(['cat', 'dog']);
    expect(Y!.toArray()).toEqual([[1, 0, 1]]);
  });

  it('reads {X, Y} with X as samples-by-features', () => {
    const { X, Y } = parseJson('{"X": [[1, 2], [3, 4], [5, 6]], "Y": [0, 1, 1]}');
    expect(X.shape).toEqual([2, 3]);
    expect(X.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(Y!.toArray()).toEqual([[0, 1, 1]]);
    const multi = parseJson('{"X": [[1], [2]], "Y": [[0, 1], [1, 0]], "featureNames": ["a"]}');
    expect(multi.Y!.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(multi.featureNames).toEqual(['a']);
  });

  it('reads bytes', () => {
    const bytes = new TextEncoder().encode('{"X": [[1.5]]}');
    expect(parseJson(bytes).X.toArray()).toEqual([[1.5]]);
  });

  const cases: [string, string, object?][] = [
    ['[{"x1": 1, "y": 0},\n {"x1": "abc", "y": 1}]', `data.json:2:9: [1].x1: "abc" is a string, not a number`, { label: 'y' }],
    ['[{"x1": 1, "y": 0},\n {"y": 1}]', `data.json:2:2: [1]: missing key "x1" (record 0 has it)`, { label: 'y' }],
    ['[{"x1": 1},\n {"x1": 2, "x9": 3}]', `data.json:2:18: [1].x9: unexpected key "x9": record 0 has only "x1"`],
    ['[{"x1": 1}]', `data.json:1:2: [0]: no key "y" for the label; the keys are "x1"`, { label: 'y' }],
    ['[]', `data.json:1:1: (top level): the array of records is empty`],
    ['', `data.json:1:1: the file is empty`],
    ['{"X": [[1, 2],\n  [3]]}', `data.json:2:3: X[1]: example has 1 features but example 0 has 2`],
    ['{"X": [[1, 2]], "Y": [0, 1]}', `data.json:1:22: Y: Y has 2 entries but X has m = 1 examples`],
    ['{"X": [[1, null]]}', `data.json:1:12: X[0][1]: expected a number, got null`],
    ['{"X": [[1, 2]],\n "Z": 1}', `data.json:2:7: Z: unknown key; expected "X", "Y", "featureNames", "classNames" or "labelName"`],
    ['{"X": [[1, 2]]\n "Y": 1}', `data.json:2:2: invalid JSON (CommaExpected)`],
    ['[1, 2', `data.json:1:6: invalid JSON (CloseBracketExpected)`],
    ['{"x": 1}', `data.json:1:1: (top level): expected an array of records or an object with "X" (and "Y")`],
  ];
  it.each(cases)('error %j', (text, message, options) => {
    expect(jsonError(text, options).message).toBe(message);
  });

  it('cannot pollute prototypes', () => {
    const { featureNames } = parseJson('[{"__proto__": 1, "x": 2}]');
    expect(featureNames).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('duplicate keys (issue 13, item 5: JSON.parse keeps the last one silently)', () => {
  const message = (key: string, first: string) =>
    `duplicate key "${key}" in one object (first at ${first}); keys must be unique: JSON keeps only the last value, so one of them would be lost`;
  it('in a record, with both positions', () => {
    const error = jsonError('[{"x": 1, "y": 0},\n {"x": 2, "x": 6, "y": 1}]', { label: 'y' });
    expect(error.message).toBe(`data.json:2:11: ${message('x', '2:3')}`);
    expect([error.line, error.column]).toEqual([2, 11]);
  });
  it('in the first record, which names the features', () => {
    expect(jsonError('[{"x": 1, "x": 5, "y": 0}]', { label: 'y' }).message).toBe(`data.json:1:11: ${message('x', '1:3')}`);
  });
  it('at the top level of {X, Y}, and written with escapes', () => {
    expect(jsonError('{"X": [[1], [2]], "Y": [0, 1], "Y": [1, 0]}').message).toBe(`data.json:1:32: ${message('Y', '1:19')}`);
    expect(jsonError('[{"x": 1, "\\u0078" : 2}]').message).toBe(`data.json:1:11: ${message('x', '1:3')}`);
  });
  it('in a wide record (past the 16 keys kept in a list)', () => {
    const keys = Array.from({ length: 20 }, (_, k) => `"f${k}": ${k}`).join(', ');
    expect(parseJson(`[{${keys}}]`).featureNames).toHaveLength(20);
    const text = `[{${keys}, "f3": 0}]`;
    expect(jsonError(text).message).toBe(`data.json:1:${text.lastIndexOf('"f3"') + 1}: ${message('f3', `1:${text.indexOf('"f3"') + 1}`)}`);
  });
  it('a syntax error before it is reported first; the same key in different objects and string values are fine', () => {
    expect(jsonError('[{"x": 1,, "x": 2}]').message).toMatch(/^data\.json:1:10: invalid JSON/);
    const data = parseJson('[{"x": 1, "y": "x"}, {"x": 2, "y": "x:"}]', { label: 'y' });
    expect(Array.from(data.X.data)).toEqual([1, 2]);
    expect(data.classNames).toEqual(['x', 'x:']);
  });
});
