// Locates the course's data files in ../shared/datasets/ (next to the repository), or in
// $ANN_SHARED_DIR/datasets. Tests that need them skip with a printed reason where the folder is
// absent (a user's clone), and fail when it is absent under CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The datasets folder, or null when it is not there. */
function sharedDatasetsDir(): string | null {
  const candidates = [
    process.env.ANN_SHARED_DIR ? join(process.env.ANN_SHARED_DIR, 'datasets') : null,
    join(repoRoot, '..', 'shared', 'datasets'),
  ].filter((p): p is string => p !== null);
  return candidates.find((p) => existsSync(p)) ?? null;
}

const warned = new Set<string>();

/**
 * `it` for a test that reads shared data: skipped (with the reason printed once) when the folder is
 * absent outside CI; under CI=true it runs and fails with a message saying what is missing.
 */
export function itWithSharedData(name: string, fn: (dir: string) => unknown | Promise<unknown>, timeout?: number): void {
  const dir = sharedDatasetsDir();
  if (dir === null && process.env.CI !== 'true') {
    const reason = `../shared/datasets/ not found next to the repository (or via ANN_SHARED_DIR): skipping tests on the course's data files`;
    if (!warned.has(reason)) {
      warned.add(reason);
      console.warn(`[shared data] ${reason}`);
    }
    it.skip(name, () => undefined);
    return;
  }
  it(
    name,
    () => {
      if (dir === null) throw new Error(`CI=true but ../shared/datasets/ is missing: the course's data files are required in CI`);
      return fn(dir);
    },
    timeout,
  );
}

/**
 * A naive reader for the course's simple CSVs (header x1,x2,y; one example per row; no quoting), as
 * an independent reference for the real loader: X (2, m) and Y (1, m) as nested arrays.
 */
export function readFootballCsv(path: string): { X: number[][]; Y: number[][] } {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return { X: [rows.map((r) => r[0]!), rows.map((r) => r[1]!)], Y: [rows.map((r) => r[2]!)] };
}
