import { Matrix, Network, activationScalar, type Activation } from '@ann/core';
import { describe, expect, it } from 'vitest';
import { GRID_SIZE, type LiveSettings, type Snapshot, type StructureSettings } from '../protocol';
import { COURSE_LIVE, COURSE_STRUCTURE } from './course-settings';
import { columnX, rowY } from './grid';
import { batchExamples, layerShapes } from './math';
import { PlaygroundSession } from './session';

/** The network: [2, 5, 3, 1], tanh then relu, on the course's flower with 80% for training. */
const DEEP: StructureSettings = { ...COURSE_STRUCTURE, hidden: [5, 3], activations: ['tanh', 'relu'], init: 'he' };
const LIVE: LiveSettings = { ...COURSE_LIVE, learningRate: 0.3 };

function open(structure: Partial<StructureSettings> = {}, live: Partial<LiveSettings> = {}) {
  const s = new PlaygroundSession();
  const ready = s.configure({ ...DEEP, ...structure }, { ...LIVE, ...live });
  return { s, ready };
}

/** A naive forward pass from a snapshot's W and b (row-major), with core's scalar activations: a reference for the trace. */
function naiveForward(snapshot: Snapshot, activations: string[], input: number[]): { z: number[]; a: number[] }[] {
  let a = input;
  const out: { z: number[]; a: number[] }[] = [];
  snapshot.W.forEach((W, k) => {
    const n = snapshot.b[k]!.length;
    const nPrev = a.length;
    const z = Array.from({ length: n }, (_, i) => {
      let sum = 0;
      for (let j = 0; j < nPrev; j++) sum += W[i * nPrev + j]! * a[j]!;
      return sum + snapshot.b[k]![i]!;
    });
    const g = activations[k]!;
    // α is leaky ReLU's slope, unused by tanh, relu and sigmoid.
    a = z.map((v) => activationScalar(g as Activation, v, 0.01));
    out.push({ z, a });
  });
  return out;
}

describe('the equations’ shapes', () => {
  it('are the course’s: W[l] (n[l], n[l-1]), b[l] (n[l], 1), A[l-1] (n[l-1], m), dW like W, dA[l-1] like A[l-1]', () => {
    const [l1, l2, l3] = layerShapes([2, 5, 3, 1], ['tanh', 'relu', 'sigmoid'], 320);
    expect(l1!.shapes).toEqual({ W: [5, 2], b: [5, 1], A_prev: [2, 320], Z: [5, 320], A: [5, 320], dA: [5, 320], dZ: [5, 320], dW: [5, 2], db: [5, 1], dA_prev: [2, 320] });
    expect(l2!.shapes.W).toEqual([3, 5]);
    expect(l2!.shapes.A_prev).toEqual([5, 320]);
    expect(l3!.shapes.W).toEqual([1, 3]);
    expect(l3!.shapes.A).toEqual([1, 320]);
    expect([l1!.activation, l2!.activation, l3!.activation]).toEqual(['tanh', 'relu', 'sigmoid']);
  });

  it('take m from the batch in use: the training set with the full batch, else the batch size (at most the set)', () => {
    expect(batchExamples(320, 0)).toBe(320);
    expect(batchExamples(320, 64)).toBe(64);
    expect(batchExamples(320, 1000)).toBe(320);
  });

  it('follow the run: the flower’s 400 examples at 80% train 320, and a batch size of 32 makes m 32', () => {
    const { s } = open();
    const full = s.setMath(true, null)!;
    expect(full.m).toBe(320);
    expect([full.mTrain, full.mTest, full.batches]).toEqual([320, 80, 1]);
    expect(full.layers.map((l) => l.shapes.W)).toEqual([[5, 2], [3, 5], [1, 3]]);
    const batched = open({ batchSize: 32 }).s.setMath(true, null)!;
    expect(batched.m).toBe(32);
    expect(batched.batches).toBe(10);
    expect(batched.layers[0]!.shapes.A).toEqual([5, 32]);
  });
});

describe('the math panel in the session', () => {
  it('is off until opened: no report in snapshots, a null answer when closed', () => {
    const { s } = open();
    expect(s.step(1).math).toBeUndefined();
    expect(s.setMath(true, null)).not.toBeNull();
    expect(s.step(1).math?.layers).toHaveLength(3);
    expect(s.setMath(false, null)).toBeNull();
    expect(s.step(1).math).toBeUndefined();
  });

  it('keeps its point across a configure (the new run reports it) and refuses a point that is not finite', () => {
    const s = new PlaygroundSession();
    expect(s.setMath(true, { x1: 0.5, x2: -1 })).toBeNull(); // no run yet
    const ready = s.configure(DEEP, LIVE);
    const cell = ready.snapshot.math?.trace?.cell;
    expect(cell).toEqual({ column: Math.floor(((0.5 - ready.data.bounds.xMin) / (ready.data.bounds.xMax - ready.data.bounds.xMin)) * GRID_SIZE), row: expect.any(Number) });
    expect(() => s.setMath(true, { x1: Number.NaN, x2: 0 })).toThrow(/finite/);
    expect(s.step(1).math?.trace?.cell).toEqual(cell);
  });
});

describe('a point’s trace', () => {
  it('equals a naive forward pass of the snapshot’s parameters, unit by unit, and the plot’s own value at a grid cell', () => {
    const { s, ready } = open();
    const snapshotNow = s.step(30);
    // The centre of grid cell (row 10, column 37) is where the plot's map takes its value.
    const x1 = columnX(ready.data.bounds, 37);
    const x2 = rowY(ready.data.bounds, 10);
    const report = s.setMath(true, { x1, x2 })!;
    const trace = report.trace!;
    expect(trace.example).toBeNull();
    expect(trace.cell).toEqual({ row: 10, column: 37 });
    expect(trace.input).toEqual([x1, x2]);
    const reference = naiveForward(snapshotNow, ['tanh', 'relu', 'sigmoid'], [x1, x2]);
    trace.layers.forEach((layer, k) => {
      layer.z.forEach((z, i) => expect(z).toBeCloseTo(reference[k]!.z[i]!, 12));
      layer.a.forEach((a, i) => expect(a).toBeCloseTo(reference[k]!.a[i]!, 12));
    });
    expect(trace.layers.map((l) => l.z.length)).toEqual([5, 3, 1]);
    expect(trace.output).toEqual(trace.layers[2]!.a);
    // The map is float32: the same number to its precision.
    expect(trace.output[0]).toBeCloseTo(snapshotNow.output[10 * GRID_SIZE + 37]!, 6);
  });

  it('of an example gives its label, its loss term −[y·log a + (1−y)·log(1−a)] and share loss/m; the shares sum to J', () => {
    const { s, ready } = open();
    const snapshot = s.step(20);
    const { x1, x2, y, test } = ready.data;
    let sum = 0;
    for (let k = 0; k < x1.length; k++) {
      if (test[k] === 1) continue;
      const trace = s.setMath(true, { x1: x1[k]!, x2: x2[k]! })!.trace!;
      const example = trace.example!;
      expect(example.set).toBe('train');
      expect(example.index).toBe(k);
      expect(example.y).toEqual([y[k]]);
      const a = trace.output[0]!;
      expect(example.loss).toBeCloseTo(-(y[k]! * Math.log(a) + (1 - y[k]!) * Math.log(1 - a)), 10);
      expect(example.m).toBe(320);
      expect(example.contribution).toBe(example.loss / 320);
      sum += example.contribution;
    }
    expect(sum).toBeCloseTo(snapshot.trainCost, 12);
    const testIndex = Array.from(test).indexOf(1);
    const trace = s.setMath(true, { x1: x1[testIndex]!, x2: x2[testIndex]! })!.trace!;
    expect(trace.example?.set).toBe('test');
    expect(trace.example?.m).toBe(80);
  });

  it('for softmax: the K probabilities, and the example’s loss −log a_y', () => {
    const { s, ready } = open({ problem: 'multiclass', dataset: 'spirals', classes: 3, features: ['x1', 'x2'] });
    s.step(5);
    const trace = s.setMath(true, { x1: ready.data.x1[0]!, x2: ready.data.x2[0]! })!.trace!;
    expect(trace.output).toHaveLength(3);
    expect(trace.output.reduce((p, q) => p + q, 0)).toBeCloseTo(1, 12);
    const label = trace.example!.y[0]!;
    expect(trace.example!.loss).toBeCloseTo(-Math.log(trace.output[label]!), 10);
  });

  it('takes a plane position to the centre of its plot cell, so its output is the plot’s value there', () => {
    const { s, ready } = open();
    const snapshot = s.step(10);
    const { bounds } = ready.data;
    const cellWidth = (bounds.xMax - bounds.xMin) / GRID_SIZE;
    const trace = s.setMath(true, { x1: columnX(bounds, 5) + 0.3 * cellWidth, x2: rowY(bounds, 40) - 0.45 * cellWidth })!.trace!;
    expect(trace.cell).toEqual({ row: 40, column: 5 });
    expect([trace.x1, trace.x2]).toEqual([columnX(bounds, 5), rowY(bounds, 40)]);
    expect(trace.output[0]).toBeCloseTo(snapshot.output[40 * GRID_SIZE + 5]!, 6);
    // The plot's far edges belong to its last cells.
    expect(s.setMath(true, { x1: bounds.xMax, x2: bounds.yMin })!.trace!.cell).toEqual({ row: GRID_SIZE - 1, column: GRID_SIZE - 1 });
  });
});

describe('a point’s trace on uploaded data of more than two features', () => {
  /** 60 examples of three features a, b, c; the label says whether a + c > 0.2. */
  function wideCsv(): string {
    const lines = ['a,b,c,label'];
    for (let j = 0; j < 60; j++) {
      const a = Math.cos(j * 0.7);
      const c = Math.sin(j * 0.37);
      lines.push(`${a},${3 + Math.sin(j * 1.3)},${c},${a + c > 0.2 ? 'yes' : 'no'}`);
    }
    return `${lines.join('\n')}\n`;
  }

  it('an example goes in with all its columns; a plane position as the plot’s grid has it, the unplotted column at its mean', () => {
    const s = new PlaygroundSession();
    const ready = s.uploadData(wideCsv(), 'wide.csv', null, { ...DEEP, features: ['x1', 'x2'] }, LIVE);
    const snapshot = s.step(10);
    const { x1, x2, columns, bounds } = ready.data;
    const k = 7;
    const example = s.setMath(true, { x1: x1[k]!, x2: x2[k]! })!.trace!;
    expect(example.features).toEqual(['a', 'b', 'c']);
    expect(example.example?.index).toBe(k);
    expect(example.input).toEqual(columns!.values.map((v) => v[k]));
    const plane = s.setMath(true, { x1: columnX(bounds, 3), x2: rowY(bounds, 30) })!.trace!;
    expect(plane.example).toBeNull();
    expect(plane.input.slice(0, 2)).toEqual([columnX(bounds, 3), rowY(bounds, 30)]);
    expect(plane.output[0]).toBeCloseTo(snapshot.output[30 * GRID_SIZE + 3]!, 6);
    // Another plotted pair: the trace's plane is that pair's.
    const replotted = s.replot([2, 0]);
    const moved = s.setMath(true, { x1: columnX(replotted.data.bounds, 40), x2: rowY(replotted.data.bounds, 5) })!.trace!;
    expect([moved.input[2], moved.input[0]]).toEqual([columnX(replotted.data.bounds, 40), rowY(replotted.data.bounds, 5)]);
    expect(moved.output[0]).toBeCloseTo(replotted.snapshot.output[5 * GRID_SIZE + 40]!, 6);
  });
});

describe('gradient sizes over time', () => {
  it('each chart point carries ‖dW[l]‖_F of the epoch’s last update, equal to a direct computation from the parameters before it', () => {
    const structure = { ...DEEP, trainPercent: 100 };
    const { s, ready } = open(structure);
    expect(ready.snapshot.history[0]!.gradientNorms).toBeUndefined();
    const before = s.step(4);
    const after = s.step(1);
    const point = after.history[after.history.length - 1]!;
    expect(point.epoch).toBe(5);
    // The update from epoch 4 to 5 used the gradients at epoch 4's parameters, on the whole training set.
    const net = new Network({ layers: [2, 5, 3, 1], hidden: ['tanh', 'relu'], output: 'sigmoid', init: 'he', seed: structure.weightSeed });
    const params: Record<string, Matrix> = {};
    before.W.forEach((w, k) => {
      params[`W${k + 1}`] = new Matrix(net.layers[k + 1]!, net.layers[k]!, Float64Array.from(w));
      params[`b${k + 1}`] = new Matrix(net.layers[k + 1]!, 1, Float64Array.from(before.b[k]!));
    });
    net.setParameters(params);
    const m = ready.data.x1.length;
    const X = new Matrix(2, m, Float64Array.from([...ready.data.x1, ...ready.data.x2]));
    const Y = new Matrix(1, m, Float64Array.from(ready.data.y));
    const grads = net.gradients(X, Y);
    const expected = [1, 2, 3].map((l) => Math.sqrt(Array.from(grads[`dW${l}`]!.data).reduce((sq, v) => sq + v * v, 0)));
    point.gradientNorms!.forEach((n, k) => expect(n).toBeCloseTo(expected[k]!, 12));
  });

  it('a deep sigmoid network’s gradients shrink towards the input (vanishing gradients)', () => {
    const { s } = open({ hidden: [8, 8, 8, 8, 8], activations: ['sigmoid', 'sigmoid', 'sigmoid', 'sigmoid', 'sigmoid'], init: 'xavier' });
    const norms = s.step(3).history.at(-1)!.gradientNorms!;
    expect(norms).toHaveLength(6);
    expect(norms[0]!).toBeLessThan(norms[4]! / 10);
  });
});
