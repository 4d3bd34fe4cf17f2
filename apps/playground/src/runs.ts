// Saved runs: what the Runs card lists, overlays on the cost chart and restores. A run is its
// settings (the URL hash that reproduces it), its cost curve thinned to at most MAX_CURVE_POINTS
// points, and its numbers when it was recorded. The list lives in localStorage as one versioned
// JSON document; whatever is there that this page cannot read (corrupt, another format, storage
// switched off or full) is reported in words and otherwise ignored, never thrown. Pure functions
// over a Storage-like object, so the tests run in Node.
// One file because the list's reader and writer share the one versioned document format.
import type { HistoryPoint, PlaygroundSettings, Snapshot } from './protocol';
import { DEFAULT_SETTINGS, defaultNoise, encodeSettings } from './settings';

/** The localStorage key of the list. */
export const RUNS_STORAGE_KEY = 'ann.playground.runs';
/** The document's format; a document of another version is ignored (with a notice), not guessed at. */
export const RUNS_FORMAT_VERSION = 1;
/** Runs kept; a new one beyond this drops the oldest (the page says which). */
export const MAX_RUNS = 20;
/** Points of a saved curve: enough for the chart's width, ~10 kB a run at most. */
export const MAX_CURVE_POINTS = 240;

/** A cost curve as parallel columns (smaller in JSON than one object per point). NaN: no test set. */
export interface RunCurve {
  epoch: number[];
  train: number[];
  test: number[];
}

/** A run's latest numbers, as the snapshot reports them (accuracies are fractions; NaN for regression). */
export type RunNumbers = Pick<Snapshot, 'epoch' | 'iteration' | 'trainCost' | 'testCost' | 'trainAccuracy' | 'testAccuracy'>;

export interface SavedRun extends RunNumbers {
  id: string;
  /** The user's name for it, or '' for the name derived from its settings (runName). */
  name: string;
  /** Index into RUN_COLORS. */
  color: number;
  /** When it was recorded (ISO 8601). */
  savedAt: string;
  /** The settings as the URL hash body (encodeSettings): opening `#hash` reproduces the run. */
  hash: string;
  /** The uploaded CSV it trained on (its file name), which is not stored; null for generated data. */
  upload: string | null;
  /** Points drawn on the plot that it trained on (not stored either); 0 for none. */
  drawn: number;
  curve: RunCurve;
  /** Its curve is drawn over the cost chart. */
  overlay: boolean;
}

/** A Storage as far as the runs use it (localStorage, or a Map-backed one in the tests). */
export type RunStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Overlay colours, none of them the current run's black (train) or orange (test): Okabe & Ito's
 * colour-blind-safe blue, bluish green, reddish purple, vermillion and sky blue, then three darker tones.
 */
export const RUN_COLORS: readonly string[] = ['#0072b2', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#7570b3', '#a6761d', '#4d4d4d'];

// ---------------------------------------------------------------------------------------------
// Building a run

/**
 * At most `max` points of a curve, spread evenly over its indices, the first and the last always
 * kept (the last is the run's final cost, which the table shows).
 */
export function thinCurve(points: readonly HistoryPoint[], max = MAX_CURVE_POINTS): RunCurve {
  const curve: RunCurve = { epoch: [], train: [], test: [] };
  const n = points.length;
  const count = Math.min(n, Math.max(2, max));
  let previous = -1;
  for (let k = 0; k < count; k++) {
    const index = count === 1 ? 0 : Math.round((k * (n - 1)) / (count - 1));
    if (index === previous) continue;
    previous = index;
    const p = points[index]!;
    curve.epoch.push(p.epoch);
    curve.train.push(p.trainCost);
    curve.test.push(p.testCost);
  }
  return curve;
}

/** The smallest colour index no run has yet (cycling once all are taken). */
export function nextColor(runs: readonly SavedRun[]): number {
  const used = new Set(runs.map((r) => r.color));
  for (let c = 0; c < RUN_COLORS.length; c++) if (!used.has(c)) return c;
  return runs.length % RUN_COLORS.length;
}

/** An id no run in `runs` has: the time, and a counter on a clash (two saves in one millisecond). */
export function uniqueRunId(runs: readonly SavedRun[], now: number): string {
  const ids = new Set(runs.map((r) => r.id));
  const base = `run-${now.toString(36)}`;
  let id = base;
  for (let k = 1; ids.has(id); k++) id = `${base}-${k}`;
  return id;
}

/** What a run is recorded from: its settings, its curve, its latest numbers. */
export interface RunSource extends RunNumbers {
  settings: PlaygroundSettings;
  points: readonly HistoryPoint[];
  upload: string | null;
  drawn: number;
}

/** The numbers and the curve of a run, as they are stored (everything but its identity). */
export function runRecord(source: RunSource, savedAt: Date): Omit<SavedRun, 'id' | 'name' | 'color' | 'overlay'> {
  return {
    savedAt: savedAt.toISOString(),
    hash: encodeSettings(source.settings),
    upload: source.upload,
    drawn: source.drawn,
    epoch: source.epoch,
    iteration: source.iteration,
    trainCost: source.trainCost,
    testCost: source.testCost,
    trainAccuracy: source.trainAccuracy,
    testAccuracy: source.testAccuracy,
    curve: thinCurve(source.points),
  };
}

/** `runs` with `run` added last; beyond `max` the oldest are dropped (and returned, for the notice). */
export function withRunAdded(runs: readonly SavedRun[], run: SavedRun, max = MAX_RUNS): { runs: SavedRun[]; dropped: SavedRun[] } {
  const all = [...runs, run];
  const excess = Math.max(0, all.length - max);
  return { runs: all.slice(excess), dropped: all.slice(0, excess) };
}

// ---------------------------------------------------------------------------------------------
// Names

const OPTIMIZER_NAMES: Record<string, string> = { gd: 'GD', momentum: 'Momentum', rmsprop: 'RMSprop', adam: 'Adam' };
const INIT_NAMES: Record<string, string> = { zeros: 'zeros init', xavier: 'Xavier init', he: 'He init' };

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * A name from what differs from the page's defaults, in the order the page's controls read
 * ("moons, [5, 2], relu, He init, Adam, lr 0.001"); "Defaults" when nothing does.
 */
export function runName(s: PlaygroundSettings, upload: string | null = null, drawn = 0): string {
  const d = DEFAULT_SETTINGS;
  const parts: string[] = [];
  if (drawn > 0) parts.push(`${drawn} drawn point${drawn === 1 ? '' : 's'}`);
  if (upload !== null) parts.push(upload);
  else {
    if (s.dataset !== d.dataset) parts.push(s.dataset);
    if (s.problem === 'multiclass' && s.classes !== d.classes) parts.push(`${s.classes} classes`);
    if (s.noise !== defaultNoise(s.dataset)) parts.push(`noise ${s.noise}`);
    if (s.dataSeed !== d.dataSeed) parts.push(`data seed ${s.dataSeed}`);
  }
  if (s.trainPercent !== d.trainPercent) parts.push(`train ${s.trainPercent}%`);
  if (!sameList(s.features, d.features)) parts.push(s.features.join(' '));
  if (!sameList(s.hidden, d.hidden)) parts.push(`[${s.hidden.join(', ')}]`);
  const defaultActivation = d.activations[0];
  if (s.activations.some((a) => a !== defaultActivation)) {
    parts.push(s.activations.every((a) => a === s.activations[0]) ? (s.activations[0] ?? '') : s.activations.join('/'));
  }
  if (s.init !== d.init) parts.push(INIT_NAMES[s.init] ?? s.init);
  else if (s.initScale !== d.initScale) parts.push(`init ×${s.initScale}`);
  if (s.weightSeed !== d.weightSeed) parts.push(`seed ${s.weightSeed}`);
  if (s.optimizer !== d.optimizer) parts.push(OPTIMIZER_NAMES[s.optimizer] ?? s.optimizer);
  if (s.learningRate !== d.learningRate) parts.push(`lr ${s.learningRate}`);
  if (s.batchSize !== d.batchSize) parts.push(`batch ${s.batchSize}`);
  if (s.l2 !== d.l2) parts.push(`L2 ${s.l2}`);
  if (s.dropout !== d.dropout) parts.push(`dropout ${s.dropout}`);
  return parts.length > 0 ? parts.join(', ') : 'Defaults';
}

// ---------------------------------------------------------------------------------------------
// Storage

export interface LoadedRuns {
  runs: SavedRun[];
  /** Why some or all of what was stored is not shown; null when everything was read. */
  notice: string | null;
}

const isNumber = (x: unknown): x is number => typeof x === 'number';
/** JSON writes NaN and ±Infinity as null: read null back as NaN (a missing test cost, a regression accuracy). */
const toNumber = (x: unknown): number | undefined => (isNumber(x) ? x : x === null ? NaN : undefined);

function numberColumn(x: unknown): number[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: number[] = [];
  for (const item of x) {
    const v = toNumber(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** One stored run, checked field by field; undefined when anything is missing or of the wrong type. */
function readRun(x: unknown): SavedRun | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  const curve = r.curve as Record<string, unknown> | null | undefined;
  if (typeof curve !== 'object' || curve === null) return undefined;
  const epochs = numberColumn(curve.epoch);
  const train = numberColumn(curve.train);
  const test = numberColumn(curve.test);
  if (epochs === undefined || train === undefined || test === undefined) return undefined;
  if (train.length !== epochs.length || test.length !== epochs.length || epochs.some((e) => !Number.isFinite(e))) return undefined;
  const numbers = ['epoch', 'iteration', 'trainCost', 'testCost', 'trainAccuracy', 'testAccuracy'].map((key) => toNumber(r[key]));
  if (numbers.some((v) => v === undefined)) return undefined;
  const [epoch, iteration, trainCost, testCost, trainAccuracy, testAccuracy] = numbers as number[];
  if (typeof r.id !== 'string' || r.id === '' || typeof r.name !== 'string' || typeof r.hash !== 'string') return undefined;
  if (typeof r.savedAt !== 'string' || Number.isNaN(Date.parse(r.savedAt))) return undefined;
  if (!(r.upload === null || typeof r.upload === 'string') || typeof r.overlay !== 'boolean') return undefined;
  if (!isNumber(r.drawn) || !Number.isInteger(r.drawn) || r.drawn < 0) return undefined;
  if (!isNumber(r.color) || !Number.isInteger(r.color) || r.color < 0 || r.color >= RUN_COLORS.length) return undefined;
  if (!Number.isFinite(epoch!) || !Number.isFinite(iteration!)) return undefined;
  // A curve longer than the bound (written by hand, or by a later page) is thinned, not refused.
  const points = epochs.map((e, k) => ({ epoch: e, trainCost: train[k]!, testCost: test[k]! }));
  return {
    id: r.id,
    name: r.name,
    color: r.color,
    savedAt: r.savedAt,
    hash: r.hash,
    upload: r.upload,
    drawn: r.drawn,
    epoch: epoch!,
    iteration: iteration!,
    trainCost: trainCost!,
    testCost: testCost!,
    trainAccuracy: trainAccuracy!,
    testAccuracy: testAccuracy!,
    curve: thinCurve(points),
    overlay: r.overlay,
  };
}

const UNREADABLE = 'The saved runs in this browser could not be read (the stored data is damaged); they are not shown, and the next saved run replaces them.';

/**
 * The stored runs, oldest first. Never throws: no storage, damaged data or another format version
 * give an empty list (or the readable runs) and a notice saying what was left out.
 */
export function loadRuns(storage: RunStorage | null): LoadedRuns {
  if (storage === null) return { runs: [], notice: storageOffNotice() };
  let text: string | null;
  try {
    text = storage.getItem(RUNS_STORAGE_KEY);
  } catch {
    return { runs: [], notice: storageOffNotice() };
  }
  if (text === null) return { runs: [], notice: null };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return { runs: [], notice: UNREADABLE };
  }
  if (typeof document !== 'object' || document === null || !('version' in document)) return { runs: [], notice: UNREADABLE };
  const { version, runs } = document as { version: unknown; runs: unknown };
  if (version !== RUNS_FORMAT_VERSION) {
    return {
      runs: [],
      notice: `The saved runs in this browser are in format ${JSON.stringify(version)}, which this version of the playground does not read (it reads format ${RUNS_FORMAT_VERSION}); they are not shown, and the next saved run replaces them.`,
    };
  }
  if (!Array.isArray(runs)) return { runs: [], notice: UNREADABLE };
  const read: SavedRun[] = [];
  const ids = new Set<string>();
  for (const item of runs) {
    const run = readRun(item);
    if (run === undefined || ids.has(run.id)) continue;
    ids.add(run.id);
    read.push(run);
  }
  const skipped = runs.length - read.length;
  const kept = read.slice(Math.max(0, read.length - MAX_RUNS));
  const notice =
    skipped > 0 ? `${skipped} of the ${runs.length} saved runs could not be read (damaged data) and ${skipped === 1 ? 'is' : 'are'} left out.` : null;
  return { runs: kept, notice };
}

function storageOffNotice(): string {
  return "This browser does not let the page store data (storage is switched off for it): runs are kept only until the page is closed.";
}

/** True for the error a full storage throws (its name varies between browsers). */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/** The list as the stored document's text. */
export function serializeRuns(runs: readonly SavedRun[]): string {
  return JSON.stringify({ version: RUNS_FORMAT_VERSION, runs });
}

/**
 * Writes the list. Never throws: a full or switched-off storage answers with a notice (the page
 * keeps the list for as long as it stays open), anything else with null.
 */
export function storeRuns(storage: RunStorage | null, runs: readonly SavedRun[]): string | null {
  if (storage === null) return storageOffNotice();
  try {
    storage.setItem(RUNS_STORAGE_KEY, serializeRuns(runs));
    return null;
  } catch (error) {
    if (isQuotaError(error)) {
      return "The browser's storage for this page is full: the runs are kept only until the page is closed. Delete a few runs (or other sites' data) to store them again.";
    }
    return `The runs could not be stored (${error instanceof Error ? error.message : String(error)}): they are kept only until the page is closed.`;
  }
}
