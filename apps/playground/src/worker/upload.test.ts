// Your own data: a CSV through core's parseCsv becomes the run's data; refusals keep the old run.
import { parseCsv } from '@ann/core';
import { describe, expect, it } from 'vitest';
import type { LiveSettings, StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { PlaygroundSession, SettingsError } from './session';

const STRUCTURE: StructureSettings = { ...COURSE_STRUCTURE, init: 'xavier' };
const LIVE: LiveSettings = { ...COURSE_LIVE, learningRate: 0.5 };

/** Two blobs of `m` points each, labelled with `names`, as CSV text with the header u,v,kind. */
function blobsCsv(names: string[], m = 20): string {
  const lines = ['u,v,kind'];
  names.forEach((name, k) => {
    for (let j = 0; j < m; j++) lines.push(`${k * 3 + Math.cos(j)},${k * 2 + Math.sin(j * 1.7)},${name}`);
  });
  return `${lines.join('\n')}\n`;
}

describe('uploaded CSV data', () => {
  it('two class names: classification, the points as core parses them, the label and columns named; it trains', () => {
    const s = new PlaygroundSession();
    const text = blobsCsv(['cat', 'dog']);
    const ready = s.uploadData(text, 'pets.csv', null, STRUCTURE, LIVE);
    const parsed = parseCsv(text, { fileName: 'pets.csv', label: -1 });
    expect(ready.uploaded).toMatchObject({ fileName: 'pets.csv', columns: ['u', 'v', 'kind'], label: 'kind', features: ['u', 'v'], problem: 'classification', classes: 2, classNames: ['cat', 'dog'], m: 40 });
    expect(Array.from(ready.data.x1)).toEqual(Array.from(parsed.X.data.subarray(0, 40)));
    expect(Array.from(ready.data.y)).toEqual(Array.from(parsed.Y!.data));
    expect(ready.topology.layers).toEqual([2, 4, 1]);
    expect(ready.data.test.reduce((a, b) => a + b, 0)).toBe(8);
    const first = ready.snapshot.trainCost;
    expect(s.step(50).trainCost).toBeLessThan(first);
  });

  it('three classes: multi-class with a softmax of 3; numbers that are not classes: regression', () => {
    const s = new PlaygroundSession();
    const multi = s.uploadData(blobsCsv(['a', 'b', 'c']), 'abc.csv', null, STRUCTURE, LIVE);
    expect(multi.uploaded).toMatchObject({ problem: 'multiclass', classes: 3 });
    expect(multi.topology.layers).toEqual([2, 4, 3]);
    const lines = ['x,y,height'];
    for (let j = 0; j < 30; j++) lines.push(`${j / 10},${Math.sin(j)},${(j / 10) * 1.5 + 0.25}`);
    const regression = s.uploadData(lines.join('\n'), 'h.csv', null, STRUCTURE, LIVE);
    expect(regression.uploaded).toMatchObject({ problem: 'regression', classes: 0, classNames: [] });
    expect(regression.topology.activations.at(-1)).toBe('linear');
  });

  it('a configure that asks for the upload keeps the data (a new network on the same points)', () => {
    const s = new PlaygroundSession();
    const first = s.uploadData(blobsCsv(['cat', 'dog']), 'pets.csv', null, STRUCTURE, LIVE);
    const again = s.configure({ ...STRUCTURE, hidden: [6, 3], activations: ['relu', 'relu'] }, LIVE, true);
    expect(Array.from(again.data.x2)).toEqual(Array.from(first.data.x2));
    expect(again.uploaded?.fileName).toBe('pets.csv');
    expect(again.topology.layers).toEqual([2, 6, 3, 1]);
    // Without the flag the generator's data comes back.
    expect(s.configure(STRUCTURE, LIVE).uploaded).toBeUndefined();
    expect(() => new PlaygroundSession().configure(STRUCTURE, LIVE, true)).toThrow('upload a CSV first');
  });

  it('refuses a file with the line and column of the problem, and keeps the previous data and run', () => {
    const s = new PlaygroundSession();
    s.uploadData(blobsCsv(['cat', 'dog']), 'pets.csv', null, STRUCTURE, LIVE);
    const at10 = s.step(10);
    const cases: [string, string | null, RegExp][] = [
      ['u,v,kind\n1,2,cat\n3,x,dog\n', null, /^bad\.csv:3:3: 'x' is not a number \(column "v"\).*The previous data is kept\.$/],
      ['a,kind\n1,cat\n4,dog\n', null, /has 1 feature column besides the label kind \(a\); the playground plots two/],
      ['u,v,kind\n1,2,cat\n3,4,cat\n', null, /has only one class \(cat\)/],
      ['', null, /bad\.csv is empty/],
      [blobsCsv(['cat', 'dog']), 'u', /'cat' is not a number \(column "kind"\)/],
    ];
    for (const [text, label, message] of cases) {
      expect(() => s.uploadData(text, 'bad.csv', label, STRUCTURE, LIVE)).toThrow(SettingsError);
      expect(() => s.uploadData(text, 'bad.csv', label, STRUCTURE, LIVE)).toThrow(message);
    }
    expect(s.reset().epoch).toBe(0);
    expect(s.step(10).trainCost).toBe(at10.trainCost);
  });

  it('another label column: the other two become x1 and x2', () => {
    const s = new PlaygroundSession();
    const lines = ['p,q,r'];
    for (let j = 0; j < 30; j++) lines.push(`${j % 2},${Math.cos(j)},${Math.sin(j)}`);
    const ready = s.uploadData(lines.join('\n'), 'pqr.csv', 'p', STRUCTURE, LIVE);
    expect(ready.uploaded).toMatchObject({ label: 'p', features: ['q', 'r'], problem: 'classification', classNames: ['0', '1'] });
  });
});
