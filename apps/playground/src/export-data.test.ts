import { parseCsv } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { dataCsv } from './export-data';
import type { DataPoints } from './protocol';

const points: DataPoints = {
  x1: Float64Array.from([0.1 + 0.2, -1e-12, 3]),
  x2: Float64Array.from([1 / 3, 2, -0.5]),
  y: Float64Array.from([0, 1, 1]),
  test: Uint8Array.from([0, 1, 0]),
  bounds: { xMin: -1, xMax: 3, yMin: -1, yMax: 2 },
  classes: 2,
  yMin: 0,
  yMax: 1,
};

describe('Export data', () => {
  it('writes x1, x2, y and the set, each number reading back to the same double', () => {
    const text = dataCsv(points);
    expect(text.split('\n')[0]).toBe('x1,x2,y,set');
    expect(text.split('\n')[2]).toBe('-1e-12,2,1,test');
    const lines = text.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(lines.map((l) => Number(l[0]))).toEqual(Array.from(points.x1));
    expect(lines.map((l) => Number(l[1]))).toEqual(Array.from(points.x2));
    expect(lines.map((l) => l[3])).toEqual(['train', 'test', 'train']);
  });

  it('names the classes when the data has names, quoting what CSV needs quoted; core reads it back', () => {
    const text = dataCsv(points, ['no', 'yes, "really"']);
    expect(text.split('\n')[2]).toBe('-1e-12,2,"yes, ""really""",test');
    const back = parseCsv(text.replace(/,(train|test)$/gm, '').replace('x1,x2,y,set', 'x1,x2,y'), { fileName: 'e.csv', label: 'y' });
    expect(back.classNames).toEqual(['no', 'yes, "really"']);
    expect(Array.from(back.X.data.subarray(0, 3))).toEqual(Array.from(points.x1));
  });

  it('writes every column of data with more than two features, by name', () => {
    const wide: DataPoints = { ...points, columns: { names: ['a', 'b,c', 'd'], values: [points.x1, Float64Array.from([7, 8, 9]), points.x2] } };
    const rows = dataCsv(wide).trim().split('\n');
    expect(rows[0]).toBe('a,"b,c",d,y,set');
    expect(rows[3]).toBe('3,9,-0.5,1,train');
  });
});
