// The page's saved runs: it follows the run being trained and records it in the list runs.ts
// stores. When a run is recorded:
//  - "Save run": the current run now (a second press updates the same entry);
//  - automatically, once it has trained AUTO_SAVE_MIN_EPOCHS epochs, when it is replaced (Reset,
//    New weights, a change of the network or the data, a lesson, a restore) and when the page is
//    left or reloaded. A run already saved has its entry updated then instead of a second one.
//  - A run whose entry the user deleted is not recorded again, unless "Save run" is pressed.
// At most MAX_RUNS are kept (the oldest dropped, which the notice names). The work per training
// frame is a few assignments; storage is written only when the list changes.
// One file: the recording rules above are one state machine following
// the run being trained.
import { effect } from '@preact/signals';
import type { Client } from './client';
import type { HistoryPoint, PlaygroundSettings, Snapshot } from './protocol';
import {
  loadRuns,
  MAX_RUNS,
  nextColor,
  RUNS_STORAGE_KEY,
  runName,
  runRecord,
  storeRuns,
  uniqueRunId,
  withRunAdded,
  type RunSource,
  type RunStorage,
  type SavedRun,
} from './runs';
import { decodeSettings, structureKey } from './settings';
import { drawn, history, runsNotice, savedRuns, settings, snapshot, status, uploaded, urlNotices, type RunsNotice } from './state';

/** A run trained at least this many epochs is worth keeping without being asked. */
export const AUTO_SAVE_MIN_EPOCHS = 100;

/** The run being trained, as the snapshots describe it. */
interface CurrentRun {
  settings: PlaygroundSettings;
  /** The cost chart's array for this run (it grows in place; a reset replaces it). */
  points: HistoryPoint[];
  shot: Snapshot;
  upload: string | null;
  drawn: number;
  /** Its entry in the list once recorded. */
  savedId: string | null;
}

let storage: RunStorage | null = null;
let now: () => Date = () => new Date();
let current: CurrentRun | null = null;
/** The list before the last deletion, for Undo; any other change of the list forgets it. */
let undoList: SavedRun[] | null = null;

/** The name a run is shown by: the user's, or one derived from its settings. */
export function displayName(run: SavedRun): string {
  return run.name !== '' ? run.name : derivedName(run);
}

const derivedNames = new Map<string, string>();

/** runName of a stored run's settings (cached: the cost chart asks on every frame). */
export function derivedName(run: SavedRun): string {
  const key = `${run.upload ?? ''}|${run.drawn}|${run.hash}`;
  let name = derivedNames.get(key);
  if (name === undefined) {
    if (derivedNames.size > 4 * MAX_RUNS) derivedNames.clear();
    name = runName(decodeSettings(run.hash).settings, run.upload, run.drawn);
    derivedNames.set(key, name);
  }
  return name;
}

function tell(kind: RunsNotice['kind'], message: string, undo = false): void {
  runsNotice.value = { kind, message, undo };
}

/**
 * Makes `next` the list and stores it. Returns why the storage refused it (the list is then kept in
 * the page only), or null; the caller tells the user, together with what the action did.
 */
function commit(next: SavedRun[], keepUndo = false): string | null {
  if (!keepUndo) undoList = null;
  savedRuns.value = next;
  return storeRuns(storage, next);
}

/** What an action did, and, when the storage refused the list, why it is kept in the page only. */
function report(message: string, refused: string | null, undo = false): void {
  if (refused !== null) tell('error', message === '' ? refused : `${message} ${refused}`);
  else if (message !== '') tell('info', message, undo);
}

function sourceOf(run: CurrentRun): RunSource {
  const { shot } = run;
  return {
    settings: run.settings,
    points: run.points,
    epoch: shot.epoch,
    iteration: shot.iteration,
    trainCost: shot.trainCost,
    testCost: shot.testCost,
    trainAccuracy: shot.trainAccuracy,
    testAccuracy: shot.testAccuracy,
    upload: run.upload,
    drawn: run.drawn,
  };
}

/**
 * Records `run`: updates its entry if it has one in the list, else adds one. Returns what happened,
 * for the caller's notice; 'gone' when its entry was deleted (and `readd` is false).
 */
function record(run: CurrentRun, readd: boolean): { outcome: 'added' | 'updated' | 'gone'; entry?: SavedRun; dropped: SavedRun[]; refused: string | null } {
  const runs = savedRuns.value;
  const fields = runRecord(sourceOf(run), now());
  const index = run.savedId === null ? -1 : runs.findIndex((r) => r.id === run.savedId);
  if (index >= 0) {
    const entry = { ...runs[index]!, ...fields };
    const next = [...runs];
    next[index] = entry;
    return { outcome: 'updated', entry, dropped: [], refused: commit(next) };
  }
  if (run.savedId !== null && !readd) return { outcome: 'gone', dropped: [], refused: null };
  const entry: SavedRun = { id: uniqueRunId(runs, now().getTime()), name: '', color: nextColor(runs), overlay: false, ...fields };
  const added = withRunAdded(runs, entry);
  run.savedId = entry.id;
  return { outcome: 'added', entry, dropped: added.dropped, refused: commit(added.runs) };
}

function droppedNote(dropped: readonly SavedRun[]): string {
  if (dropped.length === 0) return '';
  return ` The oldest, “${dropped.map(displayName).join('”, “')}”, was dropped: the last ${MAX_RUNS} runs are kept.`;
}

/**
 * A run being replaced (or the page left): kept if it trained long enough. Returns the sentence
 * that tells the user a run was added ('' for an update of its entry, or nothing done), and why
 * the storage refused the list, if it did.
 */
function recordIfTrained(run: CurrentRun): { said: string; refused: string | null } {
  const nothing = { said: '', refused: null };
  if (run.shot.epoch < AUTO_SAVE_MIN_EPOCHS) return nothing;
  const entry = run.savedId === null ? undefined : savedRuns.value.find((r) => r.id === run.savedId);
  // Nothing new since it was saved.
  if (entry !== undefined && entry.epoch === run.shot.epoch && entry.iteration === run.shot.iteration) return nothing;
  const result = record(run, false);
  if (result.outcome !== 'added' || result.entry === undefined) return { said: '', refused: result.refused };
  const said = `The previous run, “${displayName(result.entry)}” (epoch ${result.entry.epoch}), was saved automatically.${droppedNote(result.dropped)}`;
  return { said, refused: result.refused };
}

/**
 * Follows the snapshots: a reset or a configure (historyReset) starts a new run, recording the one
 * it replaces; other snapshots move the current run on. Between a restore and its new run's first
 * snapshot there is no current run, so a late frame of the old one is not taken for the new one.
 */
function follow(shot: Snapshot): void {
  const s = settings.peek();
  if (shot.historyReset) {
    if (current !== null) {
      const { said, refused } = recordIfTrained(current);
      report(said, refused);
    }
    current = { settings: s, points: history.points, shot, upload: uploaded.peek()?.fileName ?? null, drawn: drawn.peek()?.x1.length ?? 0, savedId: null };
    return;
  }
  if (current === null) return;
  current.shot = shot;
  current.points = history.points;
  // A live change (learning rate, optimizer) belongs to this run; a structure change is the next
  // run's, and its configure is on its way.
  if (s !== current.settings && structureKey(s) === structureKey(current.settings)) current.settings = s;
}

export interface StartOptions {
  storage: RunStorage | null;
  /** The clock the dates come from (the tests fix it). */
  now?: () => Date;
  /** Where to listen for the page being left and for other tabs' changes (window in the page). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

/** Reads the stored runs and starts following the training; returns a function that stops it. */
export function startSavedRuns(options: StartOptions): () => void {
  storage = options.storage;
  now = options.now ?? (() => new Date());
  current = null;
  undoList = null;
  const loaded = loadRuns(storage);
  savedRuns.value = loaded.runs;
  runsNotice.value = loaded.notice === null ? null : { kind: 'error', message: loaded.notice, undo: false };
  const stopFollowing = effect(() => {
    const shot = snapshot.value;
    if (shot !== null) follow(shot);
  });
  const onLeave = () => {
    if (current !== null) recordIfTrained(current);
  };
  // Another tab saved or deleted runs: show its list (the last writer's list is what is stored).
  const onStorage = (event: Event) => {
    const key = (event as StorageEvent).key;
    if (key !== null && key !== undefined && key !== RUNS_STORAGE_KEY) return;
    savedRuns.value = loadRuns(storage).runs;
  };
  options.events?.addEventListener('pagehide', onLeave);
  options.events?.addEventListener('storage', onStorage);
  return () => {
    stopFollowing();
    options.events?.removeEventListener('pagehide', onLeave);
    options.events?.removeEventListener('storage', onStorage);
  };
}

/** "Save run": records the current run now. */
export function saveCurrentRun(): void {
  if (current === null || current.shot.epoch === 0) {
    tell('info', 'Train the network first (Play or Step): a run at epoch 0 has no curve to keep.');
    return;
  }
  const result = record(current, true);
  const entry = result.entry!;
  const verb = result.outcome === 'updated' ? 'Updated' : 'Saved';
  report(`${verb} “${displayName(entry)}” at epoch ${entry.epoch}.${droppedNote(result.dropped)}`, result.refused);
}

export function deleteRun(id: string): void {
  const runs = savedRuns.value;
  const run = runs.find((r) => r.id === id);
  if (run === undefined) return;
  const refused = commit(runs.filter((r) => r.id !== id));
  undoList = runs;
  report(`Deleted “${displayName(run)}”.`, refused, true);
}

export function clearRuns(): void {
  const runs = savedRuns.value;
  if (runs.length === 0) return;
  const refused = commit([]);
  undoList = runs;
  report(`Cleared ${runs.length} run${runs.length === 1 ? '' : 's'}.`, refused, true);
}

/** Brings back the list as it was before the last Delete or Clear all. */
export function undoDeletion(): void {
  if (undoList === null) return;
  const list = undoList;
  const refused = commit(list);
  if (refused === null) runsNotice.value = null;
  else report('', refused);
}

/** A new name ('' or the derived name: back to the derived one). */
export function renameRun(id: string, name: string): void {
  const runs = savedRuns.value;
  const index = runs.findIndex((r) => r.id === id);
  if (index < 0) return;
  const run = runs[index]!;
  const trimmed = name.trim().slice(0, 80);
  const next = trimmed === derivedName(run) ? '' : trimmed;
  if (next === run.name) return;
  const list = [...runs];
  list[index] = { ...run, name: next };
  report('', commit(list));
}

/** Draws a run's curve over the cost chart, or stops drawing it. */
export function setOverlay(id: string, overlay: boolean): void {
  report('', withOverlay(id, overlay));
}

/** The list with one run's overlay switched; returns the storage's refusal, if any. */
function withOverlay(id: string, overlay: boolean): string | null {
  const runs = savedRuns.value;
  if (!runs.some((r) => r.id === id && r.overlay !== overlay)) return null;
  return commit(runs.map((r) => (r.id === id ? { ...r, overlay } : r)), true);
}

/**
 * Loads a run's settings into the page, as opening its URL would: a new run at epoch 0 (the current
 * one recorded first if it trained long enough), with the restored run's curve overlaid to train against.
 */
export function restoreRun(id: string, client: Pick<Client, 'reset' | 'useGeneratedData'>): void {
  const run = savedRuns.value.find((r) => r.id === id);
  if (run === undefined) return;
  const decoded = decodeSettings(run.hash);
  // The run it replaces is recorded now, with its own settings, before they change.
  const replaced = current === null ? { said: '', refused: null } : recordIfTrained(current);
  current = null;
  const sameStructure = structureKey(decoded.settings) === structureKey(settings.value);
  status.value = 'idle';
  settings.value = decoded.settings;
  urlNotices.value = decoded.notices;
  if (uploaded.value !== null && run.upload === null) client.useGeneratedData();
  else if (sameStructure) client.reset();
  const overlayRefused = withOverlay(id, true);
  const data =
    run.upload !== null && uploaded.value?.fileName !== run.upload
      ? ` It trained on the uploaded file ${run.upload}, which is not stored: upload it again to train on the same data.`
      : run.drawn > 0 && drawn.value === null
        ? ` It trained on ${run.drawn} points drawn on the plot, which are not stored: draw them again to train on the same data.`
        : '';
  const said = replaced.said === '' ? '' : ` ${replaced.said}`;
  report(`Restored “${displayName(run)}”: its settings are loaded at epoch 0, and its saved curve is drawn on the cost chart to compare with.${data}${said}`, replaced.refused ?? overlayRefused);
}
