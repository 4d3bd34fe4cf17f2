// All page state, as signals outside the components. The controls write `settings` (through
// `updateSettings`); client.ts is the only writer of what the worker reports. Components read
// signals and render; the canvases subscribe in effects, so a snapshot repaints them without
// re-rendering any component tree.
import { batch, signal } from '@preact/signals';
import type {
  DataPoints,
  DiagnosticItem,
  DrawnData,
  GradientCheckReport,
  UploadedData,
  GridValues,
  HistoryPoint,
  MathReport,
  LandscapeResult,
  PlaygroundSettings,
  Snapshot,
  Topology,
} from './protocol';
import { DEFAULT_SETTINGS } from './settings';
import type { DatasetName } from '@ann/core/constants';
import type { SavedRun } from './runs';

export type Status = 'idle' | 'playing' | 'paused';

export const settings = signal<PlaygroundSettings>({ ...DEFAULT_SETTINGS });
/** One line per URL value that was refused when the page opened (its key named). */
export const urlNotices = signal<string[]>([]);

export const status = signal<Status>('idle');
/** A configure is on its way: the views show the previous run dimmed until the new one is ready. */
export const configuring = signal(true);

export const data = signal<DataPoints | null>(null);
export const topology = signal<Topology | null>(null);
/** Each input feature over the plane, in `topology.features` order. */
export const inputs = signal<GridValues[]>([]);
/** Every candidate feature over the plane, in FEATURE_TERMS order (active or not); [] until the worker sends them. */
export const candidateInputs = signal<GridValues[]>([]);

/** The data picker's previews: one per dataset of a problem type, for the settings they were drawn with. */
export interface Thumbnails {
  key: string;
  items: { dataset: DatasetName; data: DataPoints }[];
}
export const thumbnails = signal<Thumbnails | null>(null);
export const snapshot = signal<Snapshot | null>(null);

/**
 * The cost chart's points. The array grows in place (a copy per frame would be wasted work); the
 * version signal tells the chart that it changed.
 */
export const history: { points: HistoryPoint[] } = { points: [] };
export const historyVersion = signal(0);

/** A diagnostic as the page shows it: once per code and layer, until dismissed. */
export interface DiagnosticEntry extends DiagnosticItem {
  key: string;
}
export const diagnostics = signal<DiagnosticEntry[]>([]);

/** A refused request (divergence, refused settings, a failure), in words. */
export interface RunError {
  kind: 'divergence' | 'settings' | 'failure';
  message: string;
}
export const runError = signal<RunError | null>(null);

/** The hidden unit (or output unit) the pointer is on, or the keyboard focus: the output plot shows its map large. */
export interface UnitRef {
  layer: number;
  unit: number;
  /** How it was picked, for the plot's caption. */
  how: 'hovered' | 'focused';
}
export const hoveredUnit = signal<UnitRef | null>(null);

export function updateSettings(change: (s: PlaygroundSettings) => PlaygroundSettings): void {
  const next = change(settings.value);
  if (next !== settings.value) settings.value = next;
}

export function diagnosticKey(d: DiagnosticItem): string {
  return `${d.code}:${d.layer ?? ''}`;
}

/** Adds the diagnostics that are not shown yet (each code and layer once). */
export function addDiagnostics(items: readonly DiagnosticItem[]): void {
  if (items.length === 0) return;
  const current = diagnostics.value;
  const seen = new Set(current.map((d) => d.key));
  const added: DiagnosticEntry[] = [];
  for (const item of items) {
    const key = diagnosticKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push({ ...item, key });
  }
  if (added.length > 0) diagnostics.value = [...current, ...added];
}

export function dismissDiagnostic(key: string): void {
  diagnostics.value = diagnostics.value.filter((d) => d.key !== key);
}

/** A new run (configure or reset): its diagnostics and errors start over. */
export function clearRunMessages(): void {
  batch(() => {
    diagnostics.value = [];
    runError.value = null;
  });
}

/** The model tools' last word: an imported model's summary, an export, or why a file was refused. */
export interface ModelNotice {
  kind: 'imported' | 'exported' | 'error';
  message: string;
}
export const modelNotice = signal<ModelNotice | null>(null);

/** The last gradient check (for the network at its epoch), or why it could not run; null before the first. */
export type GradientCheckState = { kind: 'running' } | { kind: 'done'; report: GradientCheckReport } | { kind: 'error'; message: string };
export const gradientCheck = signal<GradientCheckState | null>(null);

/** The uploaded data the run trains on (null: a generated dataset). */
export const uploaded = signal<UploadedData | null>(null);
/** Why the last upload was refused (its line and column), or null. */
export const dataNotice = signal<string | null>(null);

/**
 * The point the math panel follows through the network (raw x1, x2): set by a click on the output
 * plot while the Draw tool is off (snapped to an example's own coordinates when one is within a few
 * pixels), or by the panel's example buttons; null for none.
 */
export const inspectedPoint = signal<{ x1: number; x2: number } | null>(null);
/** The math panel: open or not (the worker computes its report only while it is), and the layer l (1..L) whose equations it shows. */
export const mathOpen = signal(false);
export const mathLayer = signal(1);
/** The worker's math report for the network as it is now (shapes, the inspected point's trace), or null. */
export const mathReport = signal<MathReport | null>(null);

/** The Draw tool over the output plot: off, drawing points of a class (or of a value, for regression), or erasing. */
export interface DrawTool {
  on: boolean;
  erase: boolean;
  /** The class index drawn, or the value drawn for regression. */
  value: number;
}
export const drawTool = signal<DrawTool>({ on: false, erase: false, value: 0 });
/**
 * The points drawn on the plot (null: none), sent with every configure so they survive a change of
 * the network or the dataset. Not in the URL: a drawing is too big for a link.
 */
export const drawn = signal<DrawnData | null>(null);
/** Why the run cannot train yet (a drawing missing a class), from the worker; null when it can. */
export const untrainable = signal<string | null>(null);
/** The loss landscape's computation: none yet, cells done while computing, or why there is no new map. */
export type LandscapeStatus =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'error'; message: string };
export const landscapeStatus = signal<LandscapeStatus>({ kind: 'idle' });
/** The last loss landscape drawn (of this run's network, at its epoch), or null. */
export const landscapeMap = signal<LandscapeResult | null>(null);
/** The seed of the landscape's two random directions: the same seed draws the same slice. */
export const landscapeSeed = signal(1);

/** The saved runs (runs.ts), oldest first, as saved-runs.ts keeps them in step with localStorage. */
export const savedRuns = signal<SavedRun[]>([]);
/** The Runs card's last word: a run saved or dropped, storage refused, or a deletion that can be undone. */
export interface RunsNotice {
  kind: 'info' | 'error';
  message: string;
  /** An Undo button brings back the list as it was before this deletion. */
  undo: boolean;
}
export const runsNotice = signal<RunsNotice | null>(null);
