// The saved runs' storage: a round trip keeps every field (NaN included), the curve and the list
// stay bounded, and whatever the storage holds or throws (damaged JSON, another format, a full or
// switched-off storage) gives a notice instead of an exception.
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from './protocol';
import {
  loadRuns,
  MAX_CURVE_POINTS,
  MAX_RUNS,
  nextColor,
  RUN_COLORS,
  RUNS_FORMAT_VERSION,
  RUNS_STORAGE_KEY,
  runName,
  runRecord,
  serializeRuns,
  storeRuns,
  thinCurve,
  uniqueRunId,
  withRunAdded,
  type RunStorage,
  type SavedRun,
} from './runs';
import { decodeSettings, DEFAULT_SETTINGS, encodeSettings } from './settings';

/** A Map behind the Storage methods the runs use; `quota` bytes at most, as a browser's is. */
function memoryStorage(quota = Infinity): RunStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
  };
}

function curvePoints(n: number, withTest = true): HistoryPoint[] {
  return Array.from({ length: n }, (_, k) => ({ epoch: k + 1, trainCost: 0.7 / (k + 1), testCost: withTest ? 0.8 / (k + 1) : NaN }));
}

function savedRun(id: string, overrides: Partial<SavedRun> = {}): SavedRun {
  const record = runRecord(
    {
      settings: { ...DEFAULT_SETTINGS, learningRate: 0.5 },
      points: curvePoints(50),
      epoch: 50,
      iteration: 50,
      trainCost: 0.014,
      testCost: 0.016,
      trainAccuracy: 0.9,
      testAccuracy: 0.875,
      upload: null,
      drawn: 0,
    },
    new Date('2026-12-01T10:00:00Z'),
  );
  return { id, name: '', color: 0, overlay: false, ...record, ...overrides };
}

describe('thinCurve', () => {
  it('keeps a short curve whole', () => {
    const points = curvePoints(10);
    const curve = thinCurve(points);
    expect(curve.epoch).toEqual(points.map((p) => p.epoch));
    expect(curve.train).toEqual(points.map((p) => p.trainCost));
    expect(curve.test).toEqual(points.map((p) => p.testCost));
  });

  it('bounds a long curve, keeping its first and last points and its order', () => {
    const points = curvePoints(10_000);
    const curve = thinCurve(points);
    expect(curve.epoch.length).toBe(MAX_CURVE_POINTS);
    expect(curve.epoch[0]).toBe(1);
    expect(curve.epoch[curve.epoch.length - 1]).toBe(10_000);
    expect(curve.train[curve.train.length - 1]).toBe(0.7 / 10_000);
    for (let k = 1; k < curve.epoch.length; k++) expect(curve.epoch[k]!).toBeGreaterThan(curve.epoch[k - 1]!);
  });

  it('handles an empty and a one-point curve', () => {
    expect(thinCurve([])).toEqual({ epoch: [], train: [], test: [] });
    expect(thinCurve(curvePoints(1)).epoch).toEqual([1]);
  });
});

describe('storing runs', () => {
  it('round-trips every field, a missing test cost and a regression accuracy (NaN) included', () => {
    const storage = memoryStorage();
    const runs = [
      savedRun('a', { name: 'mine', color: 3, overlay: true }),
      savedRun('b', { testCost: NaN, trainAccuracy: NaN, testAccuracy: NaN, upload: 'points.csv', curve: thinCurve(curvePoints(5, false)) }),
    ];
    expect(storeRuns(storage, runs)).toBeNull();
    const loaded = loadRuns(storage);
    expect(loaded.notice).toBeNull();
    expect(loaded.runs).toEqual(runs);
    expect(Number.isNaN(loaded.runs[1]!.curve.test[0])).toBe(true);
  });

  it('stores a versioned document under its key, and its settings reproduce the run', () => {
    const storage = memoryStorage();
    storeRuns(storage, [savedRun('a')]);
    const document = JSON.parse(storage.items.get(RUNS_STORAGE_KEY)!);
    expect(document.version).toBe(RUNS_FORMAT_VERSION);
    expect(decodeSettings(document.runs[0].hash).settings).toEqual({ ...DEFAULT_SETTINGS, learningRate: 0.5 });
  });

  it('an empty storage is an empty list without a notice', () => {
    expect(loadRuns(memoryStorage())).toEqual({ runs: [], notice: null });
  });

  it('twenty full runs fit in well under a browser quota (5 MB)', () => {
    const curve = thinCurve(curvePoints(100_000));
    const runs = Array.from({ length: MAX_RUNS }, (_, k) => savedRun(`r${k}`, { curve }));
    expect(serializeRuns(runs).length).toBeLessThan(400_000);
  });
});

describe('a bounded list', () => {
  it('drops the oldest beyond the limit and says which', () => {
    let runs: SavedRun[] = [];
    const dropped: string[] = [];
    for (let k = 0; k < MAX_RUNS + 3; k++) {
      const result = withRunAdded(runs, savedRun(`r${k}`));
      runs = result.runs;
      dropped.push(...result.dropped.map((r) => r.id));
    }
    expect(runs.length).toBe(MAX_RUNS);
    expect(runs[0]!.id).toBe('r3');
    expect(runs[runs.length - 1]!.id).toBe(`r${MAX_RUNS + 2}`);
    expect(dropped).toEqual(['r0', 'r1', 'r2']);
  });

  it('a stored list longer than the limit loads as its newest runs', () => {
    const storage = memoryStorage();
    storage.setItem(RUNS_STORAGE_KEY, serializeRuns(Array.from({ length: MAX_RUNS + 5 }, (_, k) => savedRun(`r${k}`))));
    const loaded = loadRuns(storage);
    expect(loaded.runs.length).toBe(MAX_RUNS);
    expect(loaded.runs[0]!.id).toBe('r5');
  });

  it('a stored curve longer than the bound is thinned on load', () => {
    const storage = memoryStorage();
    const long = { epoch: curvePoints(1000).map((p) => p.epoch), train: curvePoints(1000).map((p) => p.trainCost), test: curvePoints(1000).map((p) => p.testCost) };
    storage.setItem(RUNS_STORAGE_KEY, serializeRuns([savedRun('a', { curve: long })]));
    expect(loadRuns(storage).runs[0]!.curve.epoch.length).toBe(MAX_CURVE_POINTS);
  });

  it('colours: the first unused, then cycling; ids: unique within the list', () => {
    expect(nextColor([])).toBe(0);
    expect(nextColor([savedRun('a', { color: 0 }), savedRun('b', { color: 2 })])).toBe(1);
    const full = RUN_COLORS.map((_, c) => savedRun(`c${c}`, { color: c }));
    expect(nextColor(full)).toBe(full.length % RUN_COLORS.length);
    const first = uniqueRunId([], 1000);
    const second = uniqueRunId([savedRun(first)], 1000);
    expect(second).not.toBe(first);
    expect(uniqueRunId([savedRun(first), savedRun(second)], 1000)).not.toBe(second);
  });
});

describe('what cannot be read is reported, never thrown', () => {
  const cases: [string, string][] = [
    ['damaged JSON', '{"version":1,"runs":[{"id":'],
    ['not an object', '42'],
    ['no version', '{"runs":[]}'],
    ['runs not a list', '{"version":1,"runs":{}}'],
  ];
  for (const [what, text] of cases) {
    it(`${what}: no runs and a notice that says so`, () => {
      const storage = memoryStorage();
      storage.setItem(RUNS_STORAGE_KEY, text);
      const loaded = loadRuns(storage);
      expect(loaded.runs).toEqual([]);
      expect(loaded.notice).toMatch(/could not be read/);
    });
  }

  it('another format version is named in the notice and ignored', () => {
    const storage = memoryStorage();
    storage.setItem(RUNS_STORAGE_KEY, JSON.stringify({ version: 2, runs: [savedRun('a')] }));
    const loaded = loadRuns(storage);
    expect(loaded.runs).toEqual([]);
    expect(loaded.notice).toMatch(/format 2.*reads format 1/);
  });

  it('damaged entries are left out and counted; the readable ones are kept', () => {
    const storage = memoryStorage();
    const good = savedRun('good');
    const entries = [
      good,
      { ...good, id: 'no-curve', curve: undefined },
      { ...good, id: 'ragged', curve: { epoch: [1, 2], train: [0.5], test: [0.5, 0.4] } },
      { ...good, id: 'bad-colour', color: 99 },
      { ...good, id: 'bad-date', savedAt: 'yesterday' },
      { ...good, id: 'text-epoch', epoch: '12' },
      { ...good, id: 'no-drawn', drawn: undefined },
      { ...good }, // a duplicate id
      null,
    ];
    storage.setItem(RUNS_STORAGE_KEY, JSON.stringify({ version: 1, runs: entries }));
    const loaded = loadRuns(storage);
    expect(loaded.runs.map((r) => r.id)).toEqual(['good']);
    expect(loaded.notice).toBe('8 of the 9 saved runs could not be read (damaged data) and are left out.');
  });

  it('a storage that throws on read or is missing: no runs, a notice', () => {
    const throwing: RunStorage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(loadRuns(throwing).notice).toMatch(/does not let the page store data/);
    expect(loadRuns(null).notice).toMatch(/does not let the page store data/);
    expect(storeRuns(null, [savedRun('a')])).toMatch(/does not let the page store data/);
    expect(storeRuns(throwing, [savedRun('a')])).toMatch(/could not be stored \(denied\)/);
  });

  it('a full storage (QuotaExceededError) is a notice, and what was stored before stays', () => {
    const storage = memoryStorage(3000);
    expect(storeRuns(storage, [savedRun('a', { curve: thinCurve(curvePoints(10)) })])).toBeNull();
    const before = storage.items.get(RUNS_STORAGE_KEY);
    const notice = storeRuns(storage, [savedRun('a'), savedRun('b'), savedRun('c')]);
    expect(notice).toMatch(/storage for this page is full/);
    expect(storage.items.get(RUNS_STORAGE_KEY)).toBe(before);
  });
});

describe('runName', () => {
  it('names what differs from the defaults, in the controls’ order', () => {
    const s = { ...DEFAULT_SETTINGS, hidden: [5, 2], activations: ['tanh', 'tanh'] as const, optimizer: 'adam' as const, learningRate: 0.001 };
    expect(runName({ ...s, activations: [...s.activations] })).toBe('[5, 2], Adam, lr 0.001');
  });

  it('the defaults, a dataset, its noise, activations, init and regularization', () => {
    expect(runName(DEFAULT_SETTINGS)).toBe('Defaults');
    const moons = decodeSettings('dataset=moons&noise=40&hidden=3&activations=relu&init=he&l2=0.1&dropout=0.2&batchSize=64').settings;
    expect(runName(moons)).toBe('moons, noise 40, [3], relu, He init, batch 64, L2 0.1, dropout 0.2');
    expect(runName(decodeSettings('init=random&initScale=10').settings)).toBe('init ×10');
    expect(runName(DEFAULT_SETTINGS, 'points.csv')).toBe('points.csv');
    expect(runName({ ...DEFAULT_SETTINGS, learningRate: 0.1 }, null, 12)).toBe('12 drawn points, lr 0.1');
  });

  it('a run record carries the settings as the URL the page writes', () => {
    const s = { ...DEFAULT_SETTINGS, learningRate: 0.3 };
    const record = runRecord({ settings: s, points: curvePoints(3), epoch: 3, iteration: 3, trainCost: 1, testCost: 1, trainAccuracy: 1, testAccuracy: 1, upload: null, drawn: 0 }, new Date(0));
    expect(record.hash).toBe(encodeSettings(s));
    expect(record.savedAt).toBe('1970-01-01T00:00:00.000Z');
  });
});
