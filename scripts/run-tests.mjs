#!/usr/bin/env node
// Runs every test in the workspace through turbo (which builds what the tests need first), with the
// type checks and lint alongside, then the import rules (dependency-cruiser), then adds up the vitest
// JSON reports of all packages and prints the totals as the last line: `N passed, N failed`. A failed
// type check, lint or import rule counts as one failure, so the totals never read clean while the run is red. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDirs = [
  ...['packages', 'apps'].flatMap((group) => {
    const dir = join(root, group);
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  }),
  join(root, 'bench'), // its smoke tests; the suites themselves are `pnpm bench` and `pnpm bench:browser`
];
const reportOf = (dir) => join(dir, 'test-results', 'vitest.json');

for (const dir of packageDirs) rmSync(reportOf(dir), { force: true });

// Two phases: every package but the playground first (in parallel, as turbo schedules them), then
// the playground alone, one task at a time. Its Chromium tests measure frame intervals, which only
// mean something when the 2-core machine is not also running the engine's suites and type checks.
const QUIET_PACKAGE = '@ann/playground';
const phases = [
  ['--continue', `--filter=!${QUIET_PACKAGE}`],
  ['--continue', `--filter=${QUIET_PACKAGE}`, '--concurrency=1'],
];
const turbo = { status: 0 };
for (const phase of phases) {
  const run = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', 'typecheck', 'lint', ...phase, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) turbo.status = run.status ?? 1;
}

// The import rules (.dependency-cruiser.cjs): cycles, core's browser-safe entry, the playground page
// and the kernels' layer. A violation is one failure.
const imports = spawnSync('pnpm', ['run', 'lint:imports'], { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
const missing = [];
for (const dir of packageDirs) {
  if (!existsSync(join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  if (!existsSync(reportOf(dir))) {
    missing.push(pkg.name);
    continue;
  }
  const report = JSON.parse(readFileSync(reportOf(dir), 'utf8'));
  passed += report.numPassedTests;
  // A suite that fails to load has no tests to count; count it as one failure so it is not lost.
  failed += report.numFailedTests + (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  process.stdout.write(`${pkg.name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
}
for (const name of missing) {
  process.stdout.write(`${name}: no test report (its build or test run failed before vitest reported)\n`);
  failed += 1;
}
if (imports.status !== 0) {
  process.stdout.write('imports: dependency-cruiser found a violation of the import rules (see its output above)\n');
  failed += 1;
}
if (turbo.status !== 0 && failed === 0) {
  process.stdout.write('turbo: a build, type check or lint task failed (see its output above)\n');
  failed += 1;
}
const ok = turbo.status === 0 && imports.status === 0 && failed === 0;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(ok ? 0 : 1);
