// Issue 13, item 1: labels outside the class range. One corrupted label byte in a file that lists
// its classes made a softmax of 7,602,178 classes; a CSV of 10^6 distinct names as many. Labels are
// checked against the classes at load, and the number of classes is bounded by MAX_CLASSES.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_CLASSES, classCountProblem, classIndexProblem, parseCsv, parseHdf5, parseJson, npzDataset } from './index';
import { dataError } from '../test-support/data-error';

function npy(descr: string, shape: string, data: Uint8Array): Uint8Array {
  const text = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`.padEnd(118, ' ') + '\n';
  return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0, ...Array.from(text, (c) => c.charCodeAt(0)), ...data]);
}
const f8 = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);
const i8 = (values: number[]) => new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
const u3 = (names: string[]) => new Uint8Array(Uint32Array.from(names.flatMap((n) => Array.from(n.padEnd(3, '\0'), (c) => c.charCodeAt(0)))).buffer);

it('MAX_CLASSES is 10,000', () => expect(MAX_CLASSES).toBe(10_000));

describe('labels are checked against a listed set of classes', () => {
  it('HDF5 with list_classes: a corrupted label byte names the dataset, the example and the classes', () => {
    const file = new Uint8Array(readFileSync(new URL('../../fixtures/data/chunked.h5', import.meta.url)));
    const at = file.findIndex((_, k) => [0, 1, 1, 0, 1, 0].every((b, d) => file[k + d] === b));
    expect(at).toBeGreaterThan(0);
    const bad = file.slice();
    bad[at + 4] = 0x42;
    const error = dataError(() => parseHdf5(bad, { fileName: 'cats.h5' }));
    expect(error.message).toBe('cats.h5: dataset "group/y" [4]: label 66 is not a class index; "classes" lists 2 classes (labels 0..1)');
    expect(error.dataset).toBe('group/y');
    expect(parseHdf5(file, { fileName: 'cats.h5' }).classNames).toEqual(['no', 'yes']);
  });
  it('.npz with classes', () => {
    const archive = (labels: number[]) =>
      zipSync({ 'X.npy': npy('<f8', '(3, 1)', f8([1, 2, 3])), 'y.npy': npy('<i8', '(3,)', i8(labels)), 'classes.npy': npy('<U3', '(2,)', u3(['no', 'yes'])) }, { level: 0 });
    expect(npzDataset(archive([0, 1, 1])).classNames).toEqual(['no', 'yes']);
    expect(dataError(() => npzDataset(archive([0, 7602177, 1]), { fileName: 'a.npz' })).message).toBe(
      'a.npz: array "y" [1]: label 7602177 is not a class index; "classes" lists 2 classes (labels 0..1)',
    );
    expect(dataError(() => npzDataset(archive([0, -1, 1]), { fileName: 'a.npz' })).message).toMatch(/^a\.npz: array "y" \[1\]: label -1 is not a class index/);
  });
  it('JSON {X, Y, classNames}', () => {
    expect(dataError(() => parseJson('{"X": [[1], [2]], "Y": [0, 2.5], "classNames": ["a", "b"]}', { fileName: 'd.json' })).message).toBe(
      'd.json:1:28: Y[1]: label 2.5 is not a class index; classNames lists 2 classes (labels 0..1)',
    );
  });
});

describe('at most MAX_CLASSES distinct class names', () => {
  it('CSV: the first name past the bound, with its line and column', () => {
    const rows = Array.from({ length: MAX_CLASSES + 5 }, (_, k) => `${k},id${k}`).join('\n');
    const error = dataError(() => parseCsv(`x,y\n${rows}\n`, { fileName: 'ids.csv', label: 'y' }));
    expect(error.message).toBe(`ids.csv:${MAX_CLASSES + 2}:7: 'id10000' would be class ${MAX_CLASSES + 1}; at most ${MAX_CLASSES} classes are supported (label column "y")`);
    expect(parseCsv(`x,y\n${rows.split('\n').slice(0, MAX_CLASSES).join('\n')}\n`, { label: 'y' }).classNames).toHaveLength(MAX_CLASSES);
  });
  it('JSON records', () => {
    const records = Array.from({ length: MAX_CLASSES + 1 }, (_, k) => `{"x": ${k}, "y": "c${k}"}`).join(',\n');
    expect(dataError(() => parseJson(`[${records}]`, { fileName: 'r.json', label: 'y' })).message).toBe(
      `r.json:${MAX_CLASSES + 1}:19: [${MAX_CLASSES}].y: "c${MAX_CLASSES}" would be class ${MAX_CLASSES + 1}; at most ${MAX_CLASSES} classes are supported`,
    );
  });
});

describe('integer labels read as class indices (the CLI\'s --head multiclass)', () => {
  it('classIndexProblem names the first label that would make more than MAX_CLASSES classes', () => {
    expect(classIndexProblem([0, 1, MAX_CLASSES - 1])).toBeUndefined();
    expect(classIndexProblem([0, 3, 50_000_000, MAX_CLASSES])).toEqual({ j: 2, label: 50_000_000, detail: `takes labels 0..${MAX_CLASSES - 1} (at most ${MAX_CLASSES} classes)` });
    expect(classIndexProblem([1, MAX_CLASSES])?.j).toBe(1);
  });
  it('classCountProblem allows exactly MAX_CLASSES names', () => {
    expect(classCountProblem(MAX_CLASSES, 'classes')).toBeUndefined();
    expect(classCountProblem(MAX_CLASSES + 1, '"classes"')).toBe(`"classes" lists ${MAX_CLASSES + 1} classes; at most ${MAX_CLASSES} are supported`);
  });
});
