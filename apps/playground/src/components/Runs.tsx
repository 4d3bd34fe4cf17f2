// The Runs card: the runs kept in this browser (saved-runs.ts), compared in one table (sortable by
// any column, the best cost and accuracy in bold), each with its colour and a checkbox that draws
// its curve over the cost chart, its name (editable), Restore and Delete; Save run and Clear all
// (which Undo brings back). The list is inside data-testid="runs".
import { useState } from 'preact/hooks';
import type { Client } from '../client';
import { formatAccuracy, formatCost } from '../format';
import { MAX_RUNS, RUN_COLORS, type SavedRun } from '../runs';
import { AUTO_SAVE_MIN_EPOCHS, clearRuns, derivedName, deleteRun, displayName, renameRun, restoreRun, saveCurrentRun, setOverlay, undoDeletion } from '../saved-runs';
import { runsNotice, savedRuns, snapshot } from '../state';

type SortKey = 'name' | 'epoch' | 'trainCost' | 'testCost' | 'trainAccuracy' | 'testAccuracy' | 'savedAt';

interface Column {
  key: SortKey;
  label: string;
  tip: string;
  /** Which end is best (bold in the table), for the numeric columns. */
  best?: 'min' | 'max';
}

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Run', tip: 'Its name: what its settings change from the defaults, or yours (click to edit)' },
  { key: 'epoch', label: 'Epoch', tip: 'Epochs trained when it was recorded (iterations with the full batch)' },
  { key: 'trainCost', label: 'Train cost', tip: 'The cost J on the training examples when it was recorded', best: 'min' },
  { key: 'testCost', label: 'Test cost', tip: 'The cost on the test examples when it was recorded', best: 'min' },
  { key: 'trainAccuracy', label: 'Train acc.', tip: 'Training accuracy when it was recorded', best: 'max' },
  { key: 'testAccuracy', label: 'Test acc.', tip: 'Test accuracy when it was recorded', best: 'max' },
  { key: 'savedAt', label: 'Saved', tip: 'When it was recorded' },
];

function labelOf(key: SortKey): string {
  return COLUMNS.find((c) => c.key === key)?.label ?? key;
}

function sortValue(run: SavedRun, key: SortKey): number | string {
  if (key === 'name') return displayName(run).toLowerCase();
  if (key === 'savedAt') return run.savedAt;
  return run[key];
}

/** Sorted by `key`; a missing number (NaN: no test set, regression) goes last either way. */
function sorted(runs: readonly SavedRun[], key: SortKey, descending: boolean): SavedRun[] {
  return [...runs].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (typeof x === 'number' && typeof y === 'number') {
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
      return descending ? y - x : x - y;
    }
    const order = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    return descending ? -order : order;
  });
}

/** The best value of each numeric column, to mark it. */
function bestValues(runs: readonly SavedRun[]): Partial<Record<SortKey, number>> {
  const best: Partial<Record<SortKey, number>> = {};
  for (const column of COLUMNS) {
    if (column.best === undefined) continue;
    const values = runs.map((r) => r[column.key as 'trainCost']).filter(Number.isFinite);
    if (values.length > 1) best[column.key] = column.best === 'min' ? Math.min(...values) : Math.max(...values);
  }
  return best;
}

/** The direction a column sorts in first: the best runs (lowest cost, highest accuracy), the newest and longest first; names A to Z. */
function bestFirst(key: SortKey): boolean {
  return key === 'savedAt' || key === 'epoch' || COLUMNS.find((c) => c.key === key)?.best === 'max';
}

/** A phone has no header row to click: the same sorting from a list (each column best first). */
function SortSelect({ sort, onSort }: { sort: SortKey; onSort: (key: SortKey) => void }) {
  return (
    <label class="runs-sort" title="Sort the runs (best first)">
      Sort by{' '}
      <select value={sort} onChange={(event) => onSort(event.currentTarget.value as SortKey)}>
        {COLUMNS.map((column) => (
          <option key={column.key} value={column.key}>
            {column.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function savedDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function NameField({ run }: { run: SavedRun }) {
  const name = displayName(run);
  return (
    <input
      type="text"
      class="run-name"
      value={name}
      maxLength={80}
      aria-label={`Name of the run ${name}`}
      title={`${name}\nSettings: ${derivedName(run)}${run.upload === null && run.drawn === 0 ? '' : ' (its own data, not stored)'}\nEdit to rename; empty goes back to the settings' name.`}
      onChange={(event) => renameRun(run.id, event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          event.currentTarget.value = name;
          event.currentTarget.blur();
        }
      }}
    />
  );
}

function RunRow({ run, best, client }: { run: SavedRun; best: Partial<Record<SortKey, number>>; client: Client }) {
  const color = RUN_COLORS[run.color] ?? RUN_COLORS[0]!;
  const name = displayName(run);
  // data-label: the column's name, which a phone shows beside each number (it has no header row there).
  const number = (key: 'trainCost' | 'testCost' | 'trainAccuracy' | 'testAccuracy', text: string) => (
    <td class={best[key] === run[key] ? 'best' : ''} data-label={labelOf(key)}>
      {text}
    </td>
  );
  return (
    <tr data-testid="run-row" data-run={run.id}>
      <td class="run-show">
        <label class="run-swatch" style={{ '--run-color': color }} title={`Draw its cost curve over the cost chart (dashed, in this colour)`}>
          <input type="checkbox" checked={run.overlay} aria-label={`Show ${name} on the cost chart`} onChange={(event) => setOverlay(run.id, event.currentTarget.checked)} />
        </label>
      </td>
      <th scope="row" class="run-name-cell">
        <NameField run={run} />
      </th>
      <td data-label={labelOf('epoch')}>{run.epoch}</td>
      {number('trainCost', formatCost(run.trainCost))}
      {number('testCost', formatCost(run.testCost))}
      {number('trainAccuracy', formatAccuracy(run.trainAccuracy))}
      {number('testAccuracy', formatAccuracy(run.testAccuracy))}
      <td class="run-date" title={run.savedAt} data-label={labelOf('savedAt')}>
        {savedDate(run.savedAt)}
      </td>
      <td class="run-actions">
        <button type="button" title={`Load its settings into the page (as opening its link), at epoch 0`} onClick={() => restoreRun(run.id, client)}>
          Restore
        </button>
        <button type="button" title="Remove it from this browser (Undo brings it back)" onClick={() => deleteRun(run.id)}>
          Delete
        </button>
      </td>
    </tr>
  );
}

function RunsNoticeLine() {
  const notice = runsNotice.value;
  if (notice === null) return null;
  return (
    <p class={`small-text runs-notice ${notice.kind === 'error' ? 'tool-error' : ''}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="runs-notice">
      {notice.message}
      {notice.undo && (
        <button type="button" class="link-button" onClick={undoDeletion}>
          Undo
        </button>
      )}
      <button type="button" class="small" aria-label="Dismiss the runs notice" title="Dismiss" onClick={() => (runsNotice.value = null)}>
        ✕
      </button>
    </p>
  );
}

export function Runs({ client }: { client: Client }) {
  const runs = savedRuns.value;
  const epoch = snapshot.value?.epoch ?? 0;
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'savedAt', descending: true });
  const best = bestValues(runs);
  const rows = sorted(runs, sort.key, sort.descending);
  const toggleSort = (key: SortKey) => setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: bestFirst(key) }));
  return (
    <section class="panel runs-panel" aria-label="Runs">
      <div class="plot-head runs-head">
        <h2>Runs</h2>
        <span class="plot-caption">
          kept in this browser, {runs.length} of {MAX_RUNS}
        </span>
        <button
          type="button"
          disabled={epoch === 0}
          title={`Keep this run (its settings, cost curve and numbers) in this browser. A run trained ${AUTO_SAVE_MIN_EPOCHS}+ epochs is also kept when it is reset or replaced, or the page is left.`}
          onClick={saveCurrentRun}
        >
          Save run
        </button>
        <button type="button" disabled={runs.length === 0} title="Delete every saved run (Undo brings them back)" onClick={clearRuns}>
          Clear all
        </button>
      </div>
      <RunsNoticeLine />
      {runs.length > 1 && <SortSelect sort={sort.key} onSort={(key) => setSort({ key, descending: bestFirst(key) })} />}
      <div class="runs-list" data-testid="runs">
        {runs.length === 0 ? (
          <p class="small-text runs-empty">
            No saved runs yet. Train, then press Save run (runs of {AUTO_SAVE_MIN_EPOCHS}+ epochs are kept by themselves when replaced); their curves can then be drawn over the cost
            chart and their numbers compared here, after a reload too.
          </p>
        ) : (
          <table class="runs-table">
            <thead>
              <tr>
                <th scope="col" class="run-show" title="Draw on the cost chart">
                  <span class="sr-only">Show</span>
                </th>
                {COLUMNS.map((column) => (
                  <th key={column.key} scope="col" aria-sort={sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    <button type="button" class="sort-button" title={`${column.tip}. Sort by it.`} onClick={() => toggleSort(column.key)}>
                      {column.label}
                      <span aria-hidden="true" class="sort-mark">
                        {sort.key === column.key ? (sort.descending ? '▾' : '▴') : ''}
                      </span>
                    </button>
                  </th>
                ))}
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <RunRow key={run.id} run={run} best={best} client={client} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
