// When the page records a run, against the page's signals in Node (the snapshots the client would
// apply, a Map for localStorage): Save run, the automatic record of a run replaced after
// AUTO_SAVE_MIN_EPOCHS epochs (and none before), one entry per run, a deleted run not recorded
// again, Undo, renaming, overlays, restoring and leaving the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPoint, PlaygroundSettings, Snapshot } from './protocol';
import { loadRuns, MAX_RUNS, RUNS_STORAGE_KEY, serializeRuns, type RunStorage } from './runs';
import {
  AUTO_SAVE_MIN_EPOCHS,
  clearRuns,
  deleteRun,
  displayName,
  renameRun,
  restoreRun,
  saveCurrentRun,
  setOverlay,
  startSavedRuns,
  undoDeletion,
} from './saved-runs';
import { DEFAULT_SETTINGS, encodeSettings } from './settings';
import { drawn, history, runsNotice, savedRuns, settings, snapshot, status, uploaded } from './state';

function memoryStorage(): RunStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

function shot(epoch: number, historyReset: boolean, points: HistoryPoint[]): Snapshot {
  return {
    epoch,
    iteration: epoch,
    trainCost: 0.7 / (epoch + 1),
    testCost: 0.8 / (epoch + 1),
    trainAccuracy: 0.5 + epoch / 10_000,
    testAccuracy: 0.5,
    history: points,
    historyReset,
    output: new Float32Array(0),
    confidence: null,
    neurons: [],
    W: [],
    b: [],
    diagnostics: [],
  };
}

/** What the client does with a snapshot (applySnapshot): the chart's array, then the signal. */
function apply(next: Snapshot): void {
  if (next.historyReset) history.points = [...next.history];
  else history.points.push(...next.history);
  snapshot.value = next;
}

/** A new run (a configure's ready) with `s`, trained to `epochs` in frames of 50. */
function train(s: PlaygroundSettings, epochs: number): void {
  settings.value = s;
  apply(shot(0, true, [{ epoch: 0, trainCost: 0.7, testCost: 0.8 }]));
  for (let e = 50; e <= epochs; e += 50) apply(shot(e, false, [{ epoch: e, trainCost: 0.7 / (e + 1), testCost: 0.8 / (e + 1) }]));
}

const runA = { ...DEFAULT_SETTINGS, learningRate: 0.5 };
const runB = { ...DEFAULT_SETTINGS, hidden: [5, 2], activations: ['tanh', 'tanh'] } as PlaygroundSettings;

let storage: ReturnType<typeof memoryStorage>;
let stop: () => void;
let clock = 0;
const client = { reset: vi.fn(), useGeneratedData: vi.fn() };

function start(): void {
  stop = startSavedRuns({ storage, now: () => new Date(Date.UTC(2026, 11, 1) + ++clock * 1000) });
}

beforeEach(() => {
  storage = memoryStorage();
  snapshot.value = null;
  uploaded.value = null;
  drawn.value = null;
  settings.value = { ...DEFAULT_SETTINGS };
  client.reset.mockClear();
  client.useGeneratedData.mockClear();
  start();
});
afterEach(() => stop());

const stored = () => loadRuns(storage).runs;

describe('recording runs', () => {
  it('Save run stores the current run: its settings, thinned curve and numbers; pressed again it updates that entry', () => {
    train(runA, 300);
    saveCurrentRun();
    expect(stored()).toHaveLength(1);
    const run = stored()[0]!;
    expect(run.hash).toBe(encodeSettings(runA));
    expect(run.epoch).toBe(300);
    expect(run.curve.epoch).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(run.trainCost).toBe(0.7 / 301);
    expect(runsNotice.value?.message).toBe(`Saved “${displayName(run)}” at epoch 300.`);
    for (let e = 350; e <= 400; e += 50) apply(shot(e, false, [{ epoch: e, trainCost: 0.1, testCost: 0.1 }]));
    saveCurrentRun();
    expect(stored()).toHaveLength(1);
    expect(stored()[0]!.epoch).toBe(400);
    expect(stored()[0]!.id).toBe(run.id);
  });

  it('Save run at epoch 0 keeps nothing and says why', () => {
    train(runA, 0);
    saveCurrentRun();
    expect(stored()).toEqual([]);
    expect(runsNotice.value?.message).toMatch(/Train the network first/);
  });

  it(`a run replaced after ${AUTO_SAVE_MIN_EPOCHS} epochs is kept by itself, with its own settings; a shorter one is not`, () => {
    train(runA, AUTO_SAVE_MIN_EPOCHS - 50);
    train(runB, AUTO_SAVE_MIN_EPOCHS);
    expect(stored()).toEqual([]);
    train(runA, 50);
    expect(stored().map((r) => r.hash)).toEqual([encodeSettings(runB)]);
    expect(runsNotice.value?.message).toMatch(/was saved automatically/);
  });

  it('a live change (the learning rate) belongs to the run; a structure change waiting for its configure does not', () => {
    train(runA, 100);
    settings.value = { ...runA, learningRate: 0.1 };
    apply(shot(150, false, [{ epoch: 150, trainCost: 0.1, testCost: 0.1 }]));
    // A structure change, and a late frame of the old run before the new run's ready.
    settings.value = { ...runA, learningRate: 0.1, hidden: [3] };
    apply(shot(200, false, [{ epoch: 200, trainCost: 0.1, testCost: 0.1 }]));
    apply(shot(0, true, []));
    expect(stored().map((r) => [r.hash, r.epoch])).toEqual([[encodeSettings({ ...runA, learningRate: 0.1 }), 200]]);
  });

  it('a saved run has one entry: replacing it updates the entry with how far it went', () => {
    train(runA, 200);
    saveCurrentRun();
    apply(shot(250, false, [{ epoch: 250, trainCost: 0.1, testCost: 0.1 }]));
    train(runB, 0);
    expect(stored().map((r) => r.epoch)).toEqual([250]);
  });

  it('a deleted run is not recorded again when it is replaced; Undo brings it back', () => {
    train(runA, 200);
    saveCurrentRun();
    const id = savedRuns.value[0]!.id;
    deleteRun(id);
    expect(stored()).toEqual([]);
    expect(runsNotice.value).toMatchObject({ undo: true });
    undoDeletion();
    expect(stored().map((r) => r.id)).toEqual([id]);
    deleteRun(id);
    train(runB, 0);
    expect(stored()).toEqual([]);
  });

  it('Clear all empties the list; Undo restores every run', () => {
    train(runA, 100);
    saveCurrentRun();
    train(runB, 100);
    saveCurrentRun();
    clearRuns();
    expect(stored()).toEqual([]);
    expect(runsNotice.value?.message).toBe('Cleared 2 runs.');
    undoDeletion();
    expect(stored()).toHaveLength(2);
    expect(runsNotice.value).toBeNull();
  });

  it(`keeps the last ${MAX_RUNS}, naming the one dropped`, () => {
    for (let k = 0; k <= MAX_RUNS; k++) {
      train({ ...DEFAULT_SETTINGS, weightSeed: 100 + k }, 50);
      saveCurrentRun();
    }
    expect(stored()).toHaveLength(MAX_RUNS);
    expect(stored()[0]!.hash).toBe(encodeSettings({ ...DEFAULT_SETTINGS, weightSeed: 101 }));
    expect(runsNotice.value?.message).toMatch(/The oldest, “seed 100”, was dropped: the last 20 runs are kept\./);
  });

  it('names are derived from the settings until renamed; the derived name (or nothing) goes back to it', () => {
    train(runB, 100);
    saveCurrentRun();
    const id = savedRuns.value[0]!.id;
    expect(displayName(savedRuns.value[0]!)).toBe('[5, 2]');
    renameRun(id, '  two layers ');
    expect(stored()[0]!.name).toBe('two layers');
    renameRun(id, '[5, 2]');
    expect(stored()[0]!.name).toBe('');
  });

  it('the overlay switch is stored', () => {
    train(runA, 100);
    saveCurrentRun();
    setOverlay(savedRuns.value[0]!.id, true);
    expect(stored()[0]!.overlay).toBe(true);
  });
});

describe('restoring and reloading', () => {
  it('Restore loads its settings (as its URL), overlays it, and resets when the structure is the same', () => {
    train(runA, 100);
    saveCurrentRun();
    train({ ...runA, learningRate: 0.2 }, 50);
    status.value = 'playing';
    restoreRun(savedRuns.value[0]!.id, client);
    expect(settings.value).toEqual(runA);
    expect(status.value).toBe('idle');
    expect(client.reset).toHaveBeenCalledTimes(1);
    expect(stored()[0]!.overlay).toBe(true);
    expect(runsNotice.value?.message).toMatch(/^Restored “lr 0.5”/);
  });

  it('Restore with another structure leaves the reset to the configure; the run it replaces is recorded first', () => {
    train(runA, 100);
    saveCurrentRun();
    train(runB, 150);
    restoreRun(savedRuns.value[0]!.id, client);
    expect(client.reset).not.toHaveBeenCalled();
    expect(stored().map((r) => r.hash)).toEqual([encodeSettings(runA), encodeSettings(runB)]);
    expect(runsNotice.value?.message).toMatch(/The previous run, “\[5, 2\]” \(epoch 150\), was saved automatically/);
  });

  it('a run on drawn points says so in its name, and its restore that the points are not stored', () => {
    drawn.value = { blank: false, x1: [0, 1, 2], x2: [0, 1, 2], y: [0, 1, 0] };
    train(runA, 100);
    saveCurrentRun();
    expect(displayName(savedRuns.value[0]!)).toBe('3 drawn points, lr 0.5');
    drawn.value = null;
    restoreRun(savedRuns.value[0]!.id, client);
    expect(runsNotice.value?.message).toMatch(/It trained on 3 points drawn on the plot, which are not stored/);
  });

  it('leaving the page records a trained run; the list is read back on the next start', () => {
    const events = new EventTarget();
    stop();
    stop = startSavedRuns({ storage, events: events as unknown as Window });
    train(runA, 100);
    events.dispatchEvent(new Event('pagehide'));
    stop();
    savedRuns.value = [];
    start();
    expect(savedRuns.value.map((r) => r.hash)).toEqual([encodeSettings(runA)]);
  });

  it('damaged storage: a notice on start, and the next save replaces it', () => {
    stop();
    storage.setItem(RUNS_STORAGE_KEY, '{not json');
    start();
    expect(savedRuns.value).toEqual([]);
    expect(runsNotice.value).toMatchObject({ kind: 'error' });
    train(runA, 100);
    saveCurrentRun();
    expect(stored()).toHaveLength(1);
  });

  it('another tab’s change is read back (the storage event)', () => {
    const events = new EventTarget();
    stop();
    stop = startSavedRuns({ storage, events: events as unknown as Window });
    train(runA, 100);
    saveCurrentRun();
    const theirs = [{ ...savedRuns.value[0]!, id: 'other-tab', name: 'theirs' }];
    storage.setItem(RUNS_STORAGE_KEY, serializeRuns(theirs));
    const event = Object.assign(new Event('storage'), { key: RUNS_STORAGE_KEY });
    events.dispatchEvent(event);
    expect(savedRuns.value.map((r) => r.name)).toEqual(['theirs']);
  });
});

describe('a storage that refuses', () => {
  it('full: the run stays in the page (listed, overlaid) and the notice says it is not stored', () => {
    stop();
    const full: RunStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    stop = startSavedRuns({ storage: full });
    train(runA, 100);
    saveCurrentRun();
    expect(savedRuns.value).toHaveLength(1);
    expect(runsNotice.value).toMatchObject({ kind: 'error' });
    expect(runsNotice.value?.message).toMatch(/^Saved “lr 0.5” at epoch 100\. The browser's storage for this page is full/);
    setOverlay(savedRuns.value[0]!.id, true);
    expect(savedRuns.value[0]!.overlay).toBe(true);
    deleteRun(savedRuns.value[0]!.id);
    expect(runsNotice.value?.message).toMatch(/^Deleted “lr 0.5”\. The browser's storage for this page is full/);
  });

  it('switched off (no storage at all): the page still keeps runs while it is open', () => {
    stop();
    stop = startSavedRuns({ storage: null });
    expect(runsNotice.value?.message).toMatch(/does not let the page store data/);
    train(runA, 100);
    saveCurrentRun();
    expect(savedRuns.value).toHaveLength(1);
  });
});
