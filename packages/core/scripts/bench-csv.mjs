#!/usr/bin/env node
// Throughput and peak memory of the CSV loader on a large file (not a test).
//
//   pnpm --filter @ann/core build && node packages/core/scripts/bench-csv.mjs [rows] [cols]
//
// Writes /tmp/ann-bench-<rows>x<cols>.csv once (header x1..x<cols-1>,y; shortest round-trip
// floats from a seeded LCG; y in {0, 1}), then loads it with loadDataset from the built
// @ann/core/node in a fresh Node process and reports MB/s and peak RSS next to the size of X.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const rows = Number(process.argv[2] ?? 1_000_000);
const cols = Number(process.argv[3] ?? 30);
const path = `/tmp/ann-bench-${rows}x${cols}.csv`;

if (!existsSync(path)) {
  const t0 = performance.now();
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const names = Array.from({ length: cols - 1 }, (_, i) => `x${i + 1}`);
  let text = `${names.join(',')},y\n`;
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 0; c < cols - 1; c++) cells.push(String((next() - 0.5) * 20));
    cells.push(next() < 0.5 ? '0' : '1');
    text += `${cells.join(',')}\n`;
    if (text.length > 1 << 22) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(partial, path);
  console.log(`wrote ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const bytes = statSync(path).size;
const entry = fileURLToPath(new URL('../dist/node.js', import.meta.url));
const child = `
  const { loadDataset } = await import(${JSON.stringify(entry)});
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  const { X, Y } = await loadDataset(${JSON.stringify(path)}, { label: 'y' });
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, shape: X.shape, yShape: Y.shape, baseline,
    peak: process.resourceUsage().maxRSS * 1024, dataBytes: X.data.byteLength + Y.data.byteLength }));
`;
const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const r = JSON.parse(run.stdout.trim().split('\n').pop());
const MB = 1e6;
const MiB = 2 ** 20;
console.log(`file      ${(bytes / MB).toFixed(1)} MB, ${rows} rows x ${cols} columns -> X ${JSON.stringify(r.shape)}, Y ${JSON.stringify(r.yShape)}`);
console.log(`time      ${r.seconds.toFixed(2)} s = ${(bytes / MB / r.seconds).toFixed(1)} MB/s (${Math.round(rows / r.seconds).toLocaleString('en')} rows/s)`);
console.log(`memory    X+Y float64 ${(r.dataBytes / MiB).toFixed(0)} MiB; RSS before load ${(r.baseline / MiB).toFixed(0)} MiB, peak RSS ${(r.peak / MiB).toFixed(0)} MiB`);
console.log(`          peak - baseline - data = ${((r.peak - r.baseline - r.dataBytes) / MiB).toFixed(0)} MiB of parser buffers, strings and GC slack`);
