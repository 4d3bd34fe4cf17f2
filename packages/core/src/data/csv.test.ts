import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { DataError } from './errors';

/** The DataError `parseCsv` throws, or a failure when it throws none. */
function csvError(text: string, options = {}): DataError {
  try {
    parseCsv(text, { fileName: 'train.csv', ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

const encoder = new TextEncoder();

describe('parseCsv', () => {
  it('puts examples in columns and the label in Y', () => {
    const { X, Y, featureNames, labelName, classNames } = parseCsv('x1,x2,y\n1,2,0\n3,4,1\n5,6,1\n', { label: 'y' });
    expect(X.shape).toEqual([2, 3]);
    expect(X.toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(Y!.toArray()).toEqual([[0, 1, 1]]);
    expect(featureNames).toEqual(['x1', 'x2']);
    expect(labelName).toBe('y');
    expect(classNames).toBeUndefined();
  });

  it('takes the label by index, negative from the end, and without a header', () => {
    const a = parseCsv('0,1,2\n1,3,4\n', { label: 0, header: false });
    expect(a.X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(a.Y!.toArray()).toEqual([[0, 1]]);
    expect(a.featureNames).toBeUndefined();
    const b = parseCsv('1,2,0\n3,4,1\n', { label: -1 });
    expect(b.Y!.toArray()).toEqual([[0, 1]]);
    expect(b.X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it('detects a header row, or not', () => {
    expect(parseCsv('a,b\n1,2\n').featureNames).toEqual(['a', 'b']);
    expect(parseCsv('1,2\n3,4\n').X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(parseCsv('1,2\n3,4\n', { header: true }).featureNames).toEqual(['1', '2']);
    // A categorical label column is text in every row: it does not make row 1 a header.
    const c = parseCsv('1,2,cat\n3,4,dog\n', { label: 2 });
    expect(c.X.cols).toBe(2);
    expect(c.classNames).toEqual(['cat', 'dog']);
  });

  it('maps categorical labels to sorted class indices', () => {
    const { Y, classNames } = parseCsv('x,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n', { label: 'species' });
    expect(classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Y!.toArray()).toEqual([[1, 0, 2, 0]]);
    const numeric = parseCsv('x,y\n1,10\n2,9\n3,10\n', { label: 'y', labelType: 'categorical' });
    expect(numeric.classNames).toEqual(['9', '10']);
    expect(numeric.Y!.toArray()).toEqual([[1, 0, 1]]);
  });

  it('handles RFC 4180 quoting, CRLF, BOM, semicolons and tabs', () => {
    const quoted = parseCsv('"x, one","x ""two"""\r\n"1",2\r\n3,"4"\r\n');
    expect(quoted.featureNames).toEqual(['x, one', 'x "two"']);
    expect(quoted.X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(parseCsv('\ufeffa;b\n1.5;2\n', { delimiter: ';' }).X.toArray()).toEqual([[1.5], [2]]);
    expect(parseCsv('a\tb\n1\t2\n', { delimiter: '\t' }).featureNames).toEqual(['a', 'b']);
  });

  it('guesses the delimiter among comma, semicolon and tab', () => {
    expect(parseCsv('a;b;c\n1;2;3\n4;5;6\n').X.rows).toBe(3);
    expect(parseCsv('a\tb\n1\t2\n').X.rows).toBe(2);
    expect(parseCsv('a,b\n1,2\n').X.rows).toBe(2);
  });

  it('reads bytes and ArrayBuffers as UTF-8', () => {
    const bytes = encoder.encode('\ufeffx,y\n1,0\n2,1\n');
    expect(parseCsv(bytes, { label: 'y' }).X.toArray()).toEqual([[1, 2]]);
    expect(parseCsv(bytes.buffer as ArrayBuffer, { label: 'y' }).Y!.toArray()).toEqual([[0, 1]]);
  });

  it('parses shortest round-trip floats to the identical doubles', () => {
    const values = [0.1, 1 / 3, -2.5e-300, 1.7976931348623157e308, 5e-324, 123456789.123];
    const text = values.map((v) => String(v)).join('\n');
    expect(Array.from(parseCsv(text).X.data)).toEqual(values);
  });

  it('skips blank lines but counts them in locations', () => {
    const { X } = parseCsv('a,b\n\n1,2\n\n3,4\n\n');
    expect(X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(csvError('a,b\n\n1,2\n\n3,x\n').message).toBe(`train.csv:5:3: 'x' is not a number (column "b")`);
  });
});

describe('parseCsv errors name file, line and column', () => {
  const cases: [string, string, object?][] = [
    ['x1,x2,y\n1,2,0\n3,abc,1\n', `train.csv:3:3: 'abc' is not a number (column "x2")`],
    ['x1,x2\n1,NaN\n', `train.csv:2:3: 'NaN' is not a finite number; NaN and Infinity are not allowed (column "x2")`],
    ['x1,x2\n1,-Infinity\n', `train.csv:2:3: '-Infinity' is not a finite number; NaN and Infinity are not allowed (column "x2")`],
    ['x1,x2\n1,1e999\n', `train.csv:2:3: '1e999' overflows a float64 (column "x2")`],
    ['x1,x2\n1,\n', `train.csv:2:3: empty cell; missing values are not allowed (column "x2")`],
    ['x1,x2\n1,0x10\n', `train.csv:2:3: '0x10' is not a number (column "x2")`],
    ['1,2\n3,4,5\n', `train.csv:2:5: row has 3 fields but the first row has 2`],
    ['a,b,c\n1,2\n', `train.csv:2:4: row has 2 fields but the header has 3`],
    ['', `train.csv:1:1: the file is empty (no rows)`],
    ['\n\n', `train.csv:1:1: the file is empty (no rows)`],
    ['x1,x2,y\n', `train.csv:1:1: a header row but no data rows`],
    ['x1,x2\n1,2\n', `train.csv:1:1: no column named "y" for the label; the columns are "x1", "x2"`, { label: 'y' }],
    ['1,2\n', `train.csv:1:1: label column index 2 is out of range: rows have 2 fields (indices 0..1, or -2..-1 from the end)`, { label: 2 }],
    ['x,y\n1,0\n2,cat\n', `train.csv:3:3: 'cat' is not a number (label column "y"); pass labelType: 'categorical' for class names`, { label: 'y' }],
    // A quoted field with a line break spans two physical lines: the error after it is on line 4.
    ['name,x\n"two\nlines",1\n"ok",zz\n', `train.csv:4:6: 'zz' is not a number (column "x")`, { label: 'name' }],
    ['name,x\n"two\nlines",zz\n', `train.csv:3:8: 'zz' is not a number (column "x")`, { label: 'name' }],
    ['x,y\n1,"2\n', `train.csv:2:3: unterminated quoted field: the quote opened here is never closed`],
    ['x,y\n1,"2"3\n', `train.csv:2:3: malformed quoted field: a closing quote must be followed by the delimiter "," or a line break`],
    ['x1;x2\r\n1;2\r\n3;b\r\n', `train.csv:3:3: 'b' is not a number (column "x2")`],
  ];
  it.each(cases)('%j', (text, message, options) => {
    const error = csvError(text, options);
    expect(error.message).toBe(message);
    const [, line, column] = /^train\.csv:(\d+):(\d+):/.exec(message)!;
    expect(error.line).toBe(Number(line));
    expect(error.column).toBe(Number(column));
    expect(error.file).toBe('train.csv');
  });

  it('names <input> when no file name is given, and rejects unknown options', () => {
    expect(() => parseCsv('a\n1\nx\n')).toThrow(`<input>:3:1: 'x' is not a number (column "a")`);
    // Text in every column of both first rows: read as data, so the first row is the bad one.
    expect(() => parseCsv('a\nx\n')).toThrow(`<input>:1:1: 'a' is not a number (column 1)`);
    expect(() => parseCsv('a\n1\n', { lable: 'a' } as never)).toThrow('unknown CSV option "lable"');
  });

  it('locates errors after many chunks', () => {
    const rows = ['a,b'];
    for (let k = 0; k < 300_000; k++) rows.push(`${k},${k * 0.5}`);
    rows.push('"7\n",bad');
    expect(() => parseCsv(rows.join('\n'))).toThrow(`<input>:300003:3: 'bad' is not a number (column "b")`);
  });
});

describe('duplicate column names (issue 13, item 5)', () => {
  it('are refused with both column numbers and the header position', () => {
    const error = csvError('x,x,y\n1,2,0\n3,4,1\n', { label: 'y' });
    expect(error.message).toBe('train.csv:1:3: duplicate column name "x": columns 1 and 2 are both named "x"; column names must be unique');
    expect([error.line, error.column]).toEqual([1, 3]);
    // Names compare after trimming, as they are used; header: 'auto' finds the header too.
    expect(csvError('a, b ,c,b\n1,2,3,4\n').message).toBe('train.csv:1:9: duplicate column name "b": columns 2 and 4 are both named "b"; column names must be unique');
  });
  it('distinct names, and no header at all, still load', () => {
    expect(parseCsv('x,X,y\n1,2,0\n', { label: 'y' }).featureNames).toEqual(['x', 'X']);
    expect(parseCsv('1,1\n2,2\n').X.shape).toEqual([2, 2]);
  });
});
