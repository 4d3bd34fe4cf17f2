// Uploaded data of more than two features: every column is an input (n_x = columns), the plot
// shows a chosen pair, and the maps over the plane hold the other features at their training means.
import { Matrix, Model, parseCsv, trainTestSplit } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { GRID_SIZE, type LiveSettings, type StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { columnX, rowY } from './grid';
import { PlaygroundSession } from './session';

const STRUCTURE: StructureSettings = { ...COURSE_STRUCTURE, init: 'xavier', features: ['x1', 'x2', 'x1^2'] };
const LIVE: LiveSettings = { ...COURSE_LIVE, learningRate: 0.5 };

/** 60 examples of four features a, b, c, d; the label says whether a + c > 1. */
function wideCsv(): string {
  const lines = ['a,b,c,d,label'];
  for (let j = 0; j < 60; j++) {
    const a = Math.cos(j * 0.7);
    const b = 3 + Math.sin(j * 1.3);
    const c = Math.sin(j * 0.37);
    const d = -2 + 0.05 * j;
    lines.push(`${a},${b},${c},${d},${a + c > 0.2 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('data of more than two features', () => {
  it('trains every column: n_x = 4, the raw columns as inputs (no expansion), the first two plotted', () => {
    const s = new PlaygroundSession();
    const text = wideCsv();
    const ready = s.uploadData(text, 'wide.csv', null, STRUCTURE, LIVE);
    expect(ready.uploaded).toMatchObject({ features: ['a', 'b', 'c', 'd'], plot: [0, 1], problem: 'classification', classes: 2 });
    expect(ready.topology.layers).toEqual([4, 4, 1]);
    expect(ready.topology.features).toEqual(['a', 'b', 'c', 'd']);
    expect(ready.candidateInputs).toEqual([]);
    const parsed = parseCsv(text, { fileName: 'wide.csv', label: -1 });
    expect(Array.from(ready.data.x1)).toEqual(Array.from(parsed.X.data.subarray(0, 60)));
    expect(Array.from(ready.data.x2)).toEqual(Array.from(parsed.X.data.subarray(60, 120)));
    expect(ready.data.columns?.names).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(ready.data.columns!.values[3]!)).toEqual(Array.from(parsed.X.data.subarray(180, 240)));
    const first = ready.snapshot.trainCost;
    expect(s.step(100).trainCost).toBeLessThan(first);
  });

  it('plots a chosen pair over a grid that holds the other features at their training means', () => {
    const s = new PlaygroundSession();
    const text = wideCsv();
    s.uploadData(text, 'wide.csv', null, STRUCTURE, LIVE);
    const ready = s.configure(STRUCTURE, LIVE, true, { plot: [2, 0] });
    expect(ready.uploaded?.plot).toEqual([2, 0]);
    const parsed = parseCsv(text, { fileName: 'wide.csv', label: -1 });
    expect(Array.from(ready.data.x1)).toEqual(Array.from(parsed.X.data.subarray(120, 180)));
    expect(Array.from(ready.data.x2)).toEqual(Array.from(parsed.X.data.subarray(0, 60)));
    // The training set the session's split makes (the same call), and its means by a plain loop.
    const split = trainTestSplit(parsed.X, parsed.Y!, { testFraction: 0.2, seed: STRUCTURE.dataSeed });
    const mean = (r: number) => {
      let sum = 0;
      for (let j = 0; j < split.XTrain.cols; j++) sum += split.XTrain.get(r, j);
      return sum / split.XTrain.cols;
    };
    const { bounds } = ready.data;
    const cells = GRID_SIZE * GRID_SIZE;
    const grid = new Matrix(4, cells);
    for (let i = 0; i < GRID_SIZE; i++) {
      for (let j = 0; j < GRID_SIZE; j++) {
        const k = i * GRID_SIZE + j;
        grid.set(0, k, rowY(bounds, i));
        grid.set(1, k, mean(1));
        grid.set(2, k, columnX(bounds, j));
        grid.set(3, k, mean(3));
      }
    }
    // The input maps are those four rows; the output map is the exported model's prediction on them.
    for (let r = 0; r < 4; r++) expect(Array.from(ready.inputs[r]!), `input ${r}`).toEqual(Array.from(Float32Array.from(grid.data.subarray(r * cells, (r + 1) * cells))));
    const shot = s.step(20);
    const model = Model.parse(s.exportModel().text, 'wide.json');
    expect(model.inputSize).toBe(4);
    expect(Array.from(shot.output)).toEqual(Array.from(Float32Array.from(model.predictProba(grid).data)));
  });

  it('replot: another pair on the same network and epoch, the grid at the means over the new plane', () => {
    const s = new PlaygroundSession();
    s.uploadData(wideCsv(), 'wide.csv', null, STRUCTURE, LIVE);
    const at = s.step(30);
    const replotted = s.replot([2, 0]);
    const fresh = new PlaygroundSession();
    fresh.uploadData(wideCsv(), 'wide.csv', null, STRUCTURE, LIVE);
    const configured = fresh.configure(STRUCTURE, LIVE, true, { plot: [2, 0] });
    // The same plane and input maps as a run configured with that pair…
    expect(replotted.data.bounds).toEqual(configured.data.bounds);
    expect(Array.from(replotted.data.x1)).toEqual(Array.from(configured.data.x1));
    replotted.inputs.forEach((map, r) => expect(Array.from(map), `input ${r}`).toEqual(Array.from(configured.inputs[r]!)));
    expect(replotted.uploaded.plot).toEqual([2, 0]);
    // …on the network as it was: same epoch and cost, no reset of the chart; training goes on from there.
    expect(replotted.snapshot).toMatchObject({ epoch: at.epoch, trainCost: at.trainCost, historyReset: false });
    expect(s.step(1).epoch).toBe(at.epoch + 1);
    // A reset keeps the pair; a configure takes the pair it is given (the page sends its own), [0, 1] without.
    expect(s.reset().epoch).toBe(0);
    expect(Array.from(s.replot([2, 0]).data.x1)).toEqual(Array.from(configured.data.x1));
    expect(s.configure(STRUCTURE, LIVE, true).uploaded?.plot).toEqual([0, 1]);
    expect(() => s.replot([3, 3])).toThrow(/two different columns/);
    const narrow = new PlaygroundSession();
    narrow.configure(STRUCTURE, LIVE);
    expect(() => narrow.replot([1, 0])).toThrow(/more than two features/);
  });

  it('exports a model of n_x = 4 named by the columns, with no preprocessing', () => {
    const s = new PlaygroundSession();
    s.uploadData(wideCsv(), 'wide.csv', null, STRUCTURE, LIVE);
    s.step(5);
    const file = JSON.parse(s.exportModel().text) as { architecture: { layers: number[] }; featureNames: string[]; preprocessing: unknown[]; training: { config: Record<string, unknown> } };
    expect(file.architecture.layers[0]).toBe(4);
    expect(file.featureNames).toEqual(['a', 'b', 'c', 'd']);
    expect(file.preprocessing).toEqual([]);
    expect(file.training.config).toMatchObject({ dataFile: 'wide.csv', features: ['a', 'b', 'c', 'd'] });
    expect(file.training.config).not.toHaveProperty('dataset');
    expect(s.exportModel().fileName).toBe('playground-wide-epoch-5.json');
  });

  it('refuses a plotted pair that is not two different columns, and keeps the run', () => {
    const s = new PlaygroundSession();
    s.uploadData(wideCsv(), 'wide.csv', null, STRUCTURE, LIVE);
    const at = s.step(3);
    for (const plot of [[1, 1], [0, 4], [-1, 2], [0]] as [number, number][]) {
      expect(() => s.configure(STRUCTURE, LIVE, true, { plot })).toThrow(/plotted features must be two different columns of the 4/);
    }
    expect(s.step(1).epoch).toBe(at.epoch + 1);
  });

  it('refuses points drawn on it: the drawing would leave the unplotted features unknown', () => {
    const s = new PlaygroundSession();
    s.uploadData(wideCsv(), 'wide.csv', null, STRUCTURE, LIVE);
    expect(() => s.configure(STRUCTURE, LIVE, true, { drawn: { blank: false, x1: [0], x2: [0], y: [1] } })).toThrow(/only be drawn on data of two features \(this data has 4\)/);
  });
});
