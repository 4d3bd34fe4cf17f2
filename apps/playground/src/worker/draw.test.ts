// Points drawn with the Draw tool become the run's data: alone on a blank plane, or after the
// generated or uploaded examples. The split applies as to an upload; a drawing that lacks a class
// builds (the plot shows it) but refuses to train, with a message that says what to draw.
import { DATASET_CATALOG, Matrix } from '@ann/core';
import { describe, expect, it } from 'vitest';
import type { DrawnData, LiveSettings, StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { datasetBounds, generate } from './data';
import { checkDrawn, rowMeans, untrainableReason, withDrawn } from './own-data';
import { PlaygroundSession, SettingsError } from './session';

const STRUCTURE: StructureSettings = { ...COURSE_STRUCTURE, init: 'xavier' };
const LIVE: LiveSettings = { ...COURSE_LIVE, learningRate: 0.5 };

/** Two strokes of `m` points each: class 0 on the left, class 1 on the right. */
function twoStrokes(m = 10, blank = true): DrawnData {
  const drawn: DrawnData = { blank, x1: [], x2: [], y: [] };
  for (const k of [0, 1]) {
    for (let j = 0; j < m; j++) {
      drawn.x1.push(k === 0 ? -2 + 0.1 * j : 1 + 0.1 * j);
      drawn.x2.push(Math.sin(j));
      drawn.y.push(k);
    }
  }
  return drawn;
}

describe('drawn points', () => {
  it('on a blank plane are the whole data, in the dataset\'s frame; split as an upload; they train', () => {
    const s = new PlaygroundSession();
    const drawn = twoStrokes();
    const ready = s.configure(STRUCTURE, LIVE, false, { drawn });
    expect(Array.from(ready.data.x1)).toEqual(drawn.x1);
    expect(Array.from(ready.data.x2)).toEqual(drawn.x2);
    expect(Array.from(ready.data.y)).toEqual(drawn.y);
    // 80% for training: ceil(0.2 · 20) = 4 test points.
    expect(ready.data.test.reduce((a, b) => a + b, 0)).toBe(4);
    const flower = DATASET_CATALOG.find((d) => d.name === 'planarFlower')!;
    expect(ready.data.bounds).toEqual(datasetBounds(flower, 3, generate(flower, 1, 0, 3).X));
    expect(ready.untrainable).toBeUndefined();
    const first = ready.snapshot.trainCost;
    const later = s.step(200);
    expect(later.trainCost).toBeLessThan(first);
    expect(later.trainAccuracy).toBe(1);
    // The exported model says where its data came from: 20 points drawn on a blank plane.
    const exported = s.exportModel();
    expect(exported.fileName).toBe('playground-drawing-epoch-200.json');
    const config = (JSON.parse(exported.text) as { training: { config: Record<string, unknown> } }).training.config;
    expect(config).toMatchObject({ drawnPoints: 20, blankPlane: true });
    expect(config).not.toHaveProperty('dataset');
  });

  it('join the generated dataset after its examples, and survive a reset', () => {
    const s = new PlaygroundSession();
    const plain = s.configure(STRUCTURE, LIVE);
    const drawn = twoStrokes(3, false);
    const ready = s.configure(STRUCTURE, LIVE, false, { drawn });
    const m = plain.data.x1.length;
    expect(ready.data.x1.length).toBe(m + 6);
    expect(Array.from(ready.data.x1.subarray(0, m))).toEqual(Array.from(plain.data.x1));
    expect(Array.from(ready.data.x1.subarray(m))).toEqual(drawn.x1);
    s.step(5);
    expect(s.reset().trainCost).toBe(ready.snapshot.trainCost);
    const config = (JSON.parse(s.exportModel().text) as { training: { config: Record<string, unknown> } }).training.config;
    expect(config).toMatchObject({ dataset: 'planarFlower', drawnPoints: 6 });
  });

  it('join an uploaded file', () => {
    const s = new PlaygroundSession();
    const lines = ['u,v,kind'];
    for (let j = 0; j < 20; j++) lines.push(`${j % 5},${Math.floor(j / 5)},${j % 2 === 0 ? 'cat' : 'dog'}`);
    s.uploadData(lines.join('\n'), 'pets.csv', null, STRUCTURE, LIVE);
    const ready = s.configure(STRUCTURE, LIVE, true, { drawn: { blank: false, x1: [9], x2: [9], y: [1] } });
    expect(ready.uploaded?.fileName).toBe('pets.csv');
    expect(ready.data.x1.length).toBe(21);
    expect(ready.data.x1[20]).toBe(9);
    // A blank plane sets the upload aside.
    const blank = s.configure(STRUCTURE, LIVE, true, { drawn: { blank: true, x1: [1], x2: [1], y: [0] } });
    expect(blank.uploaded).toBeUndefined();
    expect(blank.data.x1.length).toBe(1);
  });

  it('a blank plane with no points, or one class only, shows the network but refuses to train with what to draw', () => {
    const s = new PlaygroundSession();
    const empty = s.configure(STRUCTURE, LIVE, false, { drawn: { blank: true, x1: [], x2: [], y: [] } });
    expect(empty.data.x1.length).toBe(0);
    expect(empty.untrainable).toBe('Draw points of both classes to train: class 0 has none yet, class 1 has none yet');
    expect(Number.isNaN(empty.snapshot.trainCost)).toBe(true);
    expect(empty.snapshot.output.every(Number.isFinite)).toBe(true);
    expect(() => s.step(1)).toThrow(SettingsError);
    expect(() => s.step(1)).toThrow('class 0 has none yet');
    expect(() => s.checkGradients()).toThrow(/needs training data/);
    expect(() => s.exportModel()).toThrow(/Nothing to export yet/);
    expect(s.reset().epoch).toBe(0);
    const one = s.configure(STRUCTURE, LIVE, false, { drawn: { blank: true, x1: [0, 1, 2], x2: [0, 1, 2], y: [1, 1, 1] } });
    expect(one.untrainable).toMatch(/class 0 has none yet$/);
    expect(Number.isFinite(one.snapshot.trainCost)).toBe(true);
  });

  it('a class whose every point fell in the test set is named; regression needs 2 training points', () => {
    const Y = Matrix.from([[0, 0, 1]]);
    expect(untrainableReason(Y, Matrix.from([[0, 0]]), 'classification', 2)).toBe("Draw points of both classes to train: class 1's 1 point is all in the test set");
    expect(untrainableReason(Y, Y, 'classification', 2)).toBeNull();
    expect(untrainableReason(Matrix.from([[0, 1, 1]]), Matrix.from([[0, 1]]), 'multiclass', 3)).toBe('Draw points of all 3 classes to train: class 2 has none yet');
    expect(untrainableReason(Matrix.from([[0.5]]), Matrix.from([[0.5]]), 'regression', 0)).toMatch(/at least 2 points/);
    const s = new PlaygroundSession();
    const regression = { ...STRUCTURE, problem: 'regression' as const, dataset: 'plane' as const };
    const ready = s.configure(regression, LIVE, false, { drawn: { blank: true, x1: [0, 1, 2, 3], x2: [0, 1, 0, 1], y: [0.5, 2, -1, 3] } });
    expect(ready.untrainable).toBeUndefined();
    expect(ready.data.yMin).toBe(-1);
  });

  it('refuses points that do not fit the problem, naming the point, and keeps the run', () => {
    const s = new PlaygroundSession();
    s.configure(STRUCTURE, LIVE);
    const at = s.step(2);
    const cases: [DrawnData, RegExp][] = [
      [{ blank: true, x1: [0, 1], x2: [0], y: [0, 1] }, /arrays of one length/],
      [{ blank: true, x1: [0, Number.NaN], x2: [0, 1], y: [0, 1] }, /Drawn point 2 is at \(NaN, 1\)/],
      [{ blank: true, x1: [0], x2: [0], y: [2] }, /Drawn point 1 has the class 2: expected 0 to 1/],
      [{ blank: true, x1: [0], x2: [0], y: [0.5] }, /has the class 0\.5/],
    ];
    for (const [drawn, message] of cases) expect(() => s.configure(STRUCTURE, LIVE, false, { drawn })).toThrow(message);
    expect(() => checkDrawn({ blank: true, x1: new Array(2001).fill(0), x2: new Array(2001).fill(0), y: new Array(2001).fill(0) }, 'classification', 2)).toThrow(/at most 2000/);
    expect(s.step(1).epoch).toBe(at.epoch + 1);
  });

  it('withDrawn and rowMeans: columns appended in order; means by row', () => {
    const base = { X: Matrix.from([[1, 2], [3, 4]]), Y: Matrix.from([[0, 1]]) };
    const all = withDrawn(base, { blank: false, x1: [5], x2: [6], y: [1] });
    expect(all.X.toArray()).toEqual([[1, 2, 5], [3, 4, 6]]);
    expect(all.Y.toArray()).toEqual([[0, 1, 1]]);
    expect(Array.from(rowMeans(all.X))).toEqual([8 / 3, 13 / 3]);
  });
});
