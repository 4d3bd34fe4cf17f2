// The worker client's bookkeeping, against a fake worker port in Node: what it sends when the
// settings change, the clock's one-frame-at-a-time rule, queued steps, and stale answers dropped.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_BUDGET_MS, type FromWorker, type LandscapeResult, type Snapshot, type ToWorker } from './protocol';
import { decodeSettings, DEFAULT_SETTINGS } from './settings';

// The page's globals the client touches: the URL (replaceState) and the animation-frame clock.
const frames: FrameRequestCallback[] = [];
const urls: string[] = [];
// Stubbed before the client is imported (below), since the client reads them when it starts.
vi.useFakeTimers();
vi.stubGlobal('window', { history: { replaceState: (_: unknown, __: string, url: string) => urls.push(url) } });
vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function runFrame(): void {
  const due = frames.splice(0);
  for (const callback of due) callback(0);
}

function snapshotAt(epoch: number, historyReset = false): Snapshot {
  return {
    epoch,
    iteration: epoch,
    trainCost: 0.69 - epoch / 1000,
    testCost: 0.7,
    trainAccuracy: 0.5,
    testAccuracy: 0.5,
    history: [{ epoch, trainCost: 0.69 - epoch / 1000, testCost: 0.7 }],
    historyReset,
    output: new Float32Array(4),
    confidence: null,
    neurons: [],
    W: [],
    b: [],
    diagnostics: [],
  };
}

class FakeWorker {
  sent: ToWorker[] = [];
  /** The data picker's preview requests, kept apart: they are outside the run's clock. */
  previews: Extract<ToWorker, { type: 'thumbnails' }>[] = [];
  private listeners: ((event: MessageEvent<FromWorker>) => void)[] = [];
  postMessage(message: ToWorker): void {
    if (message.type === 'thumbnails') this.previews.push(message);
    else this.sent.push(message);
  }
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<FromWorker>) => void) | ((event: ErrorEvent) => void)): void {
    // The fake never fails, so only message listeners are kept.
    if (type === 'message') this.listeners.push(listener as (event: MessageEvent<FromWorker>) => void);
  }
  answer(message: FromWorker): void {
    for (const listener of this.listeners) listener({ data: message } as MessageEvent<FromWorker>);
  }
  last(): ToWorker {
    return this.sent[this.sent.length - 1]!;
  }
  /** Answers a configure with a ready at epoch 0. */
  ready(requestId: number): void {
    this.answer({
      type: 'ready',
      requestId,
      data: { x1: new Float64Array(0), x2: new Float64Array(0), y: new Float64Array(0), test: new Uint8Array(0), bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, classes: 2, yMin: 0, yMax: 1 },
      topology: { layers: [2, 4, 1], features: ['x1', 'x2'], activations: ['tanh', 'sigmoid'] },
      inputs: [],
      candidateInputs: [],
      snapshot: snapshotAt(0, true),
    });
  }
}

const { startClient } = await import('./client');
const state = await import('./state');

const worker = new FakeWorker();
const client = startClient(worker);

function requestId(message: ToWorker): number {
  if (!('requestId' in message)) throw new Error(`${message.type} carries no requestId`);
  return message.requestId;
}

describe('the worker client', () => {
  beforeEach(() => {
    runFrame();
  });

  it('configures once, after a short debounce, with the settings of the URL', () => {
    expect(worker.sent).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(worker.sent).toHaveLength(1);
    const configure = worker.last();
    expect(configure.type).toBe('configure');
    if (configure.type !== 'configure') return;
    expect(configure.structure.hidden).toEqual([4]);
    expect(configure.live.learningRate).toBe(1.2);
    expect(urls.at(-1)).toContain('learningRate=1.2');
    worker.ready(configure.requestId);
    expect(state.snapshot.value?.epoch).toBe(0);
    expect(state.configuring.value).toBe(false);
  });

  it('while playing, sends one frame per animation frame and only once the previous answer is in', () => {
    worker.sent = [];
    client.play();
    runFrame();
    expect(worker.sent).toEqual([{ type: 'frame', requestId: expect.any(Number), steps: DEFAULT_SETTINGS.stepsPerFrame, budgetMs: FRAME_BUDGET_MS }]);
    // No answer yet: the next animation frames send nothing.
    runFrame();
    runFrame();
    expect(worker.sent).toHaveLength(1);
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(10) });
    expect(state.snapshot.value?.epoch).toBe(10);
    runFrame();
    expect(worker.sent).toHaveLength(2);
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(20) });
    client.pause();
    runFrame();
    runFrame();
    expect(worker.sent).toHaveLength(2);
    expect(state.status.value).toBe('paused');
    // The chart's history grew by each snapshot's points.
    expect(state.history.points.map((p) => p.epoch)).toEqual([0, 10, 20]);
  });

  it('a live setting goes out at once, without a reset', () => {
    worker.sent = [];
    state.updateSettings((s) => ({ ...s, learningRate: 0.3 }));
    expect(worker.sent).toEqual([{ type: 'live', live: expect.objectContaining({ learningRate: 0.3 }) }]);
    expect(urls.at(-1)).toContain('learningRate=0.3');
  });

  it('Step sends one single-step frame per press, each after the previous answer', () => {
    worker.sent = [];
    client.step();
    client.step();
    expect(worker.sent).toEqual([{ type: 'frame', requestId: expect.any(Number), steps: 1 }]);
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(21) });
    expect(worker.sent).toHaveLength(2);
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 1 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(22) });
    expect(state.snapshot.value?.epoch).toBe(22);
  });

  it('Reset makes an answer still on its way stale', () => {
    worker.sent = [];
    client.play();
    runFrame();
    const frameId = requestId(worker.last());
    client.reset();
    expect(state.status.value).toBe('idle');
    const reset = worker.last();
    expect(reset.type).toBe('reset');
    // The frame's answer arrives after the reset was sent: it belongs to the old run.
    worker.answer({ type: 'snapshot', requestId: frameId, snapshot: snapshotAt(32) });
    expect(state.snapshot.value?.epoch).toBe(22);
    worker.answer({ type: 'snapshot', requestId: requestId(reset), snapshot: snapshotAt(0, true) });
    expect(state.snapshot.value?.epoch).toBe(0);
    expect(state.history.points.map((p) => p.epoch)).toEqual([0]);
  });

  it('a structure change reconfigures (debounced), and answers to the old network are dropped', () => {
    worker.sent = [];
    client.step();
    const stepId = requestId(worker.last());
    state.updateSettings((s) => ({ ...s, hidden: [5] }));
    state.updateSettings((s) => ({ ...s, hidden: [6] }));
    expect(state.configuring.value).toBe(true);
    vi.advanceTimersByTime(200);
    const configures = worker.sent.filter((m) => m.type === 'configure');
    expect(configures).toHaveLength(1);
    if (configures[0]!.type === 'configure') expect(configures[0]!.structure.hidden).toEqual([6]);
    worker.answer({ type: 'snapshot', requestId: stepId, snapshot: snapshotAt(1) });
    expect(state.snapshot.value?.epoch).toBe(0);
    worker.ready(requestId(configures[0]!));
    expect(state.configuring.value).toBe(false);
  });

  it('a divergence pauses the run and says why', () => {
    client.play();
    runFrame();
    const id = requestId(worker.last());
    worker.answer({ type: 'error', requestId: id, kind: 'divergence', message: 'the cost became NaN', snapshot: snapshotAt(7) });
    expect(state.status.value).toBe('paused');
    expect(state.runError.value).toEqual({ kind: 'divergence', message: 'the cost became NaN' });
    expect(state.snapshot.value?.epoch).toBe(7);
  });

  it('New weights draws a new weight seed into the settings and the URL', () => {
    const before = state.settings.value.weightSeed;
    client.newWeights();
    const after = state.settings.value.weightSeed;
    expect(after).not.toBe(before);
    expect(decodeSettings(urls.at(-1)!).settings.weightSeed).toBe(after);
  });

  it('asks for the data picker’s previews once per problem type, classes, noise and seed, and keeps only the newest answer', () => {
    vi.advanceTimersByTime(200);
    const first = worker.previews.at(-1)!;
    expect(first).toMatchObject({ type: 'thumbnails', problem: state.settings.value.problem, dataSeed: state.settings.value.dataSeed });
    // The flower takes no noise: its previews are drawn at a typical noise, not at 0.
    expect(first.noise).toBeGreaterThan(0);
    const count = worker.previews.length;
    // A change that leaves the previews alone asks nothing.
    state.updateSettings((s) => ({ ...s, learningRate: 0.3 }));
    vi.advanceTimersByTime(200);
    expect(worker.previews).toHaveLength(count);
    state.updateSettings((s) => ({ ...s, problem: 'multiclass', dataset: 'spirals', classes: 4, noise: 20 }));
    vi.advanceTimersByTime(200);
    const second = worker.previews.at(-1)!;
    expect(second).toMatchObject({ problem: 'multiclass', classes: 4, noise: 20 });
    const item = (dataset: 'spirals' | 'blobs') => ({ dataset, data: { x1: new Float64Array(1), x2: new Float64Array(1), y: new Float64Array(1), test: new Uint8Array(1), bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, classes: 4, yMin: 0, yMax: 3 } });
    // The older request's answer arrives late: dropped.
    worker.answer({ type: 'thumbnails', requestId: first.requestId, problem: 'classification', items: [item('blobs')] });
    expect(state.thumbnails.value?.items.map((i) => i.dataset) ?? []).not.toEqual(['blobs']);
    worker.answer({ type: 'thumbnails', requestId: second.requestId, problem: 'multiclass', items: [item('spirals'), item('blobs')] });
    expect(state.thumbnails.value?.items.map((i) => i.dataset)).toEqual(['spirals', 'blobs']);
  });
});

describe('the worker client, issue 11', () => {
  /** A fresh run: a structure change, its configure answered. */
  function freshRun(hidden: number[]): void {
    state.status.value = 'idle';
    state.updateSettings((s) => ({ ...s, hidden, activations: hidden.map(() => 'tanh' as const) }));
    vi.advanceTimersByTime(200);
    const configure = worker.sent.filter((m) => m.type === 'configure').at(-1)!;
    worker.ready(requestId(configure));
    runFrame();
    worker.sent = [];
  }

  it('Play stops by itself at stopAt: the last frame is cut short, and Play past it trains on', () => {
    freshRun([3]);
    state.updateSettings((s) => ({ ...s, stopAt: 25, stepsPerFrame: 10 }));
    client.play();
    runFrame();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 10 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(10) });
    runFrame();
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(20) });
    runFrame();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 5 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(25) });
    runFrame();
    expect(state.status.value).toBe('paused');
    expect(worker.sent.filter((m) => m.type === 'frame')).toHaveLength(3);
    // Pressed again at the stop, Play goes on with whole frames.
    client.play();
    runFrame();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 10 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(35) });
    client.pause();
    state.updateSettings((s) => ({ ...s, stopAt: 0 }));
  });

  it('Export model hands the file to the download and says so; the clock is not held up', () => {
    freshRun([4]);
    const downloads: [string, string][] = [];
    client.exportModel((text, name) => downloads.push([text, name]));
    const request = worker.last();
    expect(request.type).toBe('exportModel');
    // A step may go out while the export is on its way.
    client.step();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 1 });
    worker.answer({ type: 'model', requestId: requestId(request), text: '{"format":"ann-model"}', fileName: 'm.json' });
    expect(downloads).toEqual([['{"format":"ann-model"}', 'm.json']]);
    expect(state.modelNotice.value?.kind).toBe('exported');
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(1) });
    expect(state.snapshot.value?.epoch).toBe(1);
  });

  it('Import model takes on the structure the worker reports without configuring again', () => {
    freshRun([6]);
    client.importModel('{…}', 'cli.json');
    const request = worker.last();
    expect(request).toMatchObject({ type: 'importModel', fileName: 'cli.json', text: '{…}' });
    if (request.type !== 'importModel') return;
    const structure = { ...request.structure, hidden: [5, 2], activations: ['relu', 'relu'] as ('relu')[], init: 'he' as const };
    worker.answer({
      type: 'ready',
      requestId: request.requestId,
      data: { x1: new Float64Array(0), x2: new Float64Array(0), y: new Float64Array(0), test: new Uint8Array(0), bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, classes: 2, yMin: 0, yMax: 1 },
      topology: { layers: [2, 5, 2, 1], features: ['x1', 'x2'], activations: ['relu', 'relu', 'sigmoid'] },
      inputs: [],
      candidateInputs: [],
      snapshot: snapshotAt(0, true),
      imported: { structure, summary: 'cli.json: [2, 5, 2, 1]' },
    });
    expect(state.settings.value).toMatchObject({ hidden: [5, 2], activations: ['relu', 'relu'], init: 'he' });
    expect(urls.at(-1)).toContain('hidden=5,2');
    expect(state.modelNotice.value).toMatchObject({ kind: 'imported' });
    expect(state.modelNotice.value?.message).toContain('cli.json: [2, 5, 2, 1]');
    vi.advanceTimersByTime(200);
    expect(worker.sent.filter((m) => m.type === 'configure')).toHaveLength(0);
    client.step();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 1 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(1) });
  });

  it('a refused import leaves the run as it was: its message shown, steps go on', () => {
    freshRun([3, 3]);
    client.importModel('nope', 'bad.json');
    const request = worker.last();
    worker.answer({ type: 'error', requestId: requestId(request), kind: 'settings', message: 'Cannot import the model: bad.json:1:1: invalid JSON' });
    expect(state.modelNotice.value).toEqual({ kind: 'error', message: 'Cannot import the model: bad.json:1:1: invalid JSON' });
    expect(state.runError.value).toBeNull();
    expect(state.configuring.value).toBe(false);
    expect(state.settings.value.hidden).toEqual([3, 3]);
    client.step();
    expect(worker.last()).toMatchObject({ type: 'frame', steps: 1 });
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: snapshotAt(1) });
    expect(state.snapshot.value?.epoch).toBe(1);
  });

  it('Check gradients shows the report of its own request only', () => {
    freshRun([2]);
    client.checkGradients();
    expect(state.gradientCheck.value).toEqual({ kind: 'running' });
    const request = worker.last();
    expect(request.type).toBe('gradientCheck');
    const report = { difference: 1e-9, passed: true, threshold: 2e-7, examples: 20, l2: 0, epoch: 0, layers: [{ layer: 1, difference: 1e-9, W: 1e-9, b: 2e-9, passed: true }] };
    worker.answer({ type: 'gradientCheck', requestId: requestId(request) - 1, report: { ...report, passed: false } });
    expect(state.gradientCheck.value).toEqual({ kind: 'running' });
    worker.answer({ type: 'gradientCheck', requestId: requestId(request), report });
    expect(state.gradientCheck.value).toEqual({ kind: 'done', report });
  });

  it('a new drawing reconfigures with its points (debounced); a later configure still carries them; Use generated data drops a blank plane', () => {
    freshRun([4]);
    state.drawn.value = { blank: true, x1: [0.5], x2: [0.25], y: [1] };
    state.drawn.value = { blank: true, x1: [0.5, -1], x2: [0.25, 0], y: [1, 0] };
    vi.advanceTimersByTime(200);
    const configures = worker.sent.filter((m) => m.type === 'configure');
    expect(configures).toHaveLength(1);
    expect(configures[0]).toMatchObject({ drawn: { blank: true, x1: [0.5, -1], x2: [0.25, 0], y: [1, 0] } });
    worker.ready(requestId(configures[0]!));
    state.updateSettings((s) => ({ ...s, hidden: [5] }));
    vi.advanceTimersByTime(200);
    expect(worker.last()).toMatchObject({ type: 'configure', drawn: { x1: [0.5, -1] } });
    worker.ready(requestId(worker.last()));
    client.useGeneratedData();
    expect(state.drawn.value).toBeNull();
    vi.advanceTimersByTime(200);
    const back = worker.last();
    expect(back.type).toBe('configure');
    expect('drawn' in back).toBe(false);
    worker.ready(requestId(back));
  });

  it('an accepted upload drops the drawing (it was drawn on the old data) without a configure of its own', () => {
    freshRun([4]);
    state.drawn.value = { blank: false, x1: [0], x2: [0], y: [0] };
    vi.advanceTimersByTime(200);
    worker.ready(requestId(worker.last()));
    client.uploadData('u,v,k\n1,2,a\n3,4,b\n', 'two.csv', null);
    const upload = worker.last();
    expect(upload.type).toBe('uploadData');
    worker.ready(requestId(upload));
    expect(state.drawn.value).toBeNull();
    vi.advanceTimersByTime(200);
    expect(worker.sent.filter((m) => m.type === 'configure')).toHaveLength(1);
  });

  it('another plotted pair of wide data asks the worker to replot the same run, and shows its answer', () => {
    freshRun([4]);
    const wide = { fileName: 'w.csv', columns: ['a', 'b', 'c', 'label'], label: 'label', features: ['a', 'b', 'c'], plot: [0, 1] as [number, number], problem: 'classification' as const, classes: 2, classNames: ['no', 'yes'], m: 10 };
    state.uploaded.value = wide;
    client.plotFeatures([2, 0]);
    const request = worker.last();
    expect(request).toMatchObject({ type: 'plotFeatures', plot: [2, 0] });
    const points = { x1: Float64Array.from([1]), x2: Float64Array.from([2]), y: Float64Array.from([0]), test: new Uint8Array(1), bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, classes: 2, yMin: 0, yMax: 1 };
    worker.answer({ type: 'replotted', requestId: requestId(request), data: points, inputs: [], uploaded: { ...wide, columns: [], plot: [2, 0] }, snapshot: snapshotAt(7) });
    expect(state.uploaded.value).toMatchObject({ plot: [2, 0], columns: ['a', 'b', 'c', 'label'] });
    expect(state.data.value).toBe(points);
    expect(state.snapshot.value?.epoch).toBe(7);
    // The next configure (a new network) carries the pair.
    state.updateSettings((s) => ({ ...s, hidden: [3] }));
    vi.advanceTimersByTime(200);
    expect(worker.last()).toMatchObject({ type: 'configure', upload: true, plot: [2, 0] });
    worker.ready(requestId(worker.last()));
  });

  it('Draw the loss landscape pauses, shows its own request’s progress and map, and a new run clears the map', () => {
    freshRun([2, 2]);
    client.play();
    client.drawLandscape();
    expect(state.status.value).toBe('paused');
    const request = worker.last();
    expect(request).toMatchObject({ type: 'landscape', seed: state.landscapeSeed.value, size: 31 });
    const id = requestId(request);
    expect(state.landscapeStatus.value).toEqual({ kind: 'running', done: 0, total: 961 });
    worker.answer({ type: 'landscapeProgress', requestId: id - 1, done: 900, total: 961 });
    worker.answer({ type: 'landscapeProgress', requestId: id, done: 400, total: 961 });
    expect(state.landscapeStatus.value).toEqual({ kind: 'running', done: 400, total: 961 });
    const empty = new Float64Array(0);
    const result: LandscapeResult = {
      epoch: 0,
      seed: 1,
      size: 31,
      extent: 1,
      costs: new Float64Array(961),
      centerCost: 0.69,
      minCost: 0.5,
      maxCost: 2,
      l2: 0,
      parameters: 9,
      examples: 320,
      path: { epoch: empty, alpha: empty, beta: empty, residual: empty },
      pathResidual: 0,
      directionsZero: false,
    };
    worker.answer({ type: 'landscape', requestId: id, result });
    expect(state.landscapeMap.value).toBe(result);
    expect(state.landscapeStatus.value).toEqual({ kind: 'idle' });

    // New directions: another seed; the worker's cancellation of it is shown with its reason.
    const seed = state.landscapeSeed.value;
    client.drawLandscape(true);
    expect(state.landscapeSeed.value).not.toBe(seed);
    const again = worker.last();
    expect(again).toMatchObject({ type: 'landscape', seed: state.landscapeSeed.value });
    worker.answer({ type: 'landscapeCancelled', requestId: requestId(again), reason: 'the network was reset' });
    expect(state.landscapeStatus.value).toEqual({ kind: 'cancelled', reason: 'the network was reset' });
    client.drawLandscape();
    worker.answer({ type: 'error', requestId: requestId(worker.last()), kind: 'failure', message: 'boom' });
    expect(state.landscapeStatus.value).toEqual({ kind: 'error', message: 'boom' });
    expect(state.landscapeMap.value).toBe(result);
    freshRun([3]);
    expect(state.landscapeMap.value).toBeNull();
  });

  it('the math panel: opening it and each inspected point tell the worker; only the newest answer, and every snapshot’s report, are kept', () => {
    freshRun([5, 3]);
    expect(worker.sent.filter((m) => m.type === 'math')).toEqual([]); // never opened: nothing said
    state.mathOpen.value = true;
    expect(worker.last()).toMatchObject({ type: 'math', open: true, point: null });
    const opened = requestId(worker.last());
    state.inspectedPoint.value = { x1: 0.5, x2: -1 };
    const inspect = worker.last();
    expect(inspect).toMatchObject({ type: 'math', open: true, point: { x1: 0.5, x2: -1 } });
    const report = { m: 320, mTrain: 320, mTest: 80, batches: 1, layers: [], trace: null };
    worker.answer({ type: 'math', requestId: opened, report: { ...report, m: 1 } });
    expect(state.mathReport.value).toBeNull();
    worker.answer({ type: 'math', requestId: requestId(inspect), report });
    expect(state.mathReport.value).toEqual(report);
    // While training, each snapshot brings the report for the network it shows.
    client.step();
    worker.answer({ type: 'snapshot', requestId: requestId(worker.last()), snapshot: { ...snapshotAt(1), math: { ...report, m: 32 } } });
    expect(state.mathReport.value?.m).toBe(32);
    state.mathOpen.value = false;
    expect(worker.last()).toMatchObject({ type: 'math', open: false });
  });
});
