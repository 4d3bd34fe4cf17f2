#!/usr/bin/env node
// Micro-benchmark of the exact tanh: ns per element of the wasm kernel's `tanh` export
// (src/backend/wasm/elementwise-f64.wat) and of the scalar math/tanh.ts, this worktree's against a
// git revision's (default `main`), A/B in the same run, alternating round by round, medians.
//
//   node packages/core/scripts/tanh-micro.mjs [--base <git-ref>] [--rounds <n>] [--ms <per sample>] [extra.wat ...]
//
// Sizes: 4000 elements (the bench's W2 hidden layers, 8 × 500) and 2^20 (a large array). Inputs are
// spread over every range of the method (|x| < 1, 1 ≤ |x| < 22 and beyond, both signs); the
// vector kernel is branch-free, so only the scalar code's time depends on that mix. Extra .wat files
// (e.g. kernels with parts cut out, for profiling) are timed beside the two; every kernel's results
// are compared bit for bit with the current math/tanh.ts and the mismatches are counted (an ablated
// kernel is expected to mismatch; the real ones must not). Kernels exporting widen_f32 and
// narrow_f64 are also timed on float32 data (widen, tanh in float64, round back: the wasm backend's
// float32 path), checked against fround(math/tanh.ts).
// The figures are only comparable within one run: on a loaded machine, say so when quoting them.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const core = join(here, '..');
const WAT = 'src/backend/wasm/elementwise-f64.wat';
const TANH_TS = 'src/math/tanh.ts';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const baseRef = option('--base', 'main');
const rounds = Number(option('--rounds', 7));
const sampleMs = Number(option('--ms', 40));
const extraWats = args;

const gitShow = (path) => execFileSync('git', ['show', `${baseRef}:packages/core/${path}`], { cwd: core, encoding: 'utf8' });
const wabt = await initWabt();

const SIZES = [4000, 1 << 20];
const MAX = SIZES.at(-1);
const SCRATCH_BYTES = 10240; // the kernel's scratch (ignored by kernels without it)
const memory = new globalThis.WebAssembly.Memory({ initial: Math.ceil((MAX * 8 * 2 + SCRATCH_BYTES) / 65536), maximum: 65536 });
const heap = new Float64Array(memory.buffer);
const heap32 = new Float32Array(memory.buffer);
const SRC = 0;
const DST = MAX * 8;
const OUT32 = MAX * 4; // float32 results, after the float32 inputs at SRC
const SCRATCH = 2 * MAX * 8;

const inputs = new Float64Array(MAX);
let seed = 12345;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
for (let i = 0; i < MAX; i++) {
  const scale = [0.5, 1, 2, 4, 30][i % 5];
  inputs[i] = (random() * 2 - 1) * scale;
}

const reference = await loadScalar('current tanh.ts', readFileSync(join(core, TANH_TS), 'utf8'));
const expected = inputs.map(reference.tanh);
const expected32 = Float32Array.from(Float32Array.from(inputs), (v) => reference.tanh(v));

const kernels = [
  kernel(`${baseRef} wat`, gitShow(WAT)),
  kernel('current wat', readFileSync(join(core, WAT), 'utf8')),
  ...extraWats.map((path) => kernel(basename(path), readFileSync(path, 'utf8'))),
];
const scalars = [await loadScalar(`${baseRef} tanh.ts`, gitShow(TANH_TS)), reference];

function kernel(name, wat) {
  const module = wabt.parseWat(name, wat, { simd: true });
  const { buffer } = module.toBinary({});
  module.destroy();
  const { exports } = new globalThis.WebAssembly.Instance(new globalThis.WebAssembly.Module(buffer), { env: { memory } });
  const tanh = (n) => exports.tanh(SRC, DST, n, SCRATCH);
  heap.set(inputs, SRC / 8);
  tanh(MAX);
  let wrong = 0;
  for (let i = 0; i < MAX; i++) if (!Object.is(heap[DST / 8 + i], expected[i])) wrong++;
  let tanh32;
  let wrong32;
  if (exports.widen_f32 && exports.narrow_f64) {
    tanh32 = (n) => {
      exports.widen_f32(SRC, DST, n);
      exports.tanh(DST, DST, n, SCRATCH);
      exports.narrow_f64(DST, OUT32, n);
    };
    heap32.set(Float32Array.from(inputs), SRC / 4);
    tanh32(MAX);
    wrong32 = 0;
    for (let i = 0; i < MAX; i++) if (!Object.is(heap32[OUT32 / 4 + i], expected32[i])) wrong32++;
  }
  return { name, tanh, tanh32, wrong, wrong32 };
}

async function loadScalar(name, source) {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}#${name}`);
  return { name, tanh: mod.tanh };
}

/**
 * ns per element of `run(n)` over about sampleMs: this process's CPU time (user + system), which
 * time-slicing with other processes on a loaded machine does not inflate as it does wall time.
 */
function time(run, n) {
  let reps = 1;
  for (;;) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) run(n);
    const { user, system } = process.cpuUsage(t0);
    const ms = (user + system) / 1000;
    if (ms >= sampleMs) return (ms * 1e6) / (reps * n);
    reps = Math.max(reps * 2, Math.ceil((reps * sampleMs * 1.2) / Math.max(ms, 0.01)));
  }
}

const out = new Float64Array(MAX);
const cases = [];
for (const n of SIZES) {
  for (const k of kernels) cases.push({ label: `${k.name} f64`, n, run: k.tanh, prepare: () => heap.set(inputs, SRC / 8) });
  for (const k of kernels.filter((k) => k.tanh32)) {
    cases.push({ label: `${k.name} f32`, n, run: k.tanh32, prepare: () => heap32.set(Float32Array.from(inputs), SRC / 4) });
  }
  for (const s of scalars) {
    cases.push({
      label: s.name,
      n,
      run: (m) => {
        const f = s.tanh;
        for (let i = 0; i < m; i++) out[i] = f(inputs[i]);
      },
      prepare: () => {},
    });
  }
}
const samples = cases.map(() => []);
for (let round = 0; round < rounds + 1; round++) {
  for (const [i, c] of cases.entries()) {
    c.prepare();
    const ns = time(c.run, c.n);
    if (round > 0) samples[i].push(ns); // round 0 warms every tier up
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
process.stdout.write(`tanh micro-benchmark, ${rounds} rounds, medians of CPU ns/element; bits vs current math/tanh.ts over ${MAX} inputs\n`);
for (const k of kernels) {
  process.stdout.write(`  ${k.name}: ${k.wrong} f64 mismatches${k.wrong32 === undefined ? '' : `, ${k.wrong32} f32 mismatches`}\n`);
}
process.stdout.write(`| code | ${SIZES.map((n) => `n = ${n}`).join(' | ')} |\n|---|${SIZES.map(() => '---|').join('')}\n`);
for (const label of [...new Set(cases.map((c) => c.label))]) {
  const cells = SIZES.map((n) => {
    const i = cases.findIndex((c) => c.label === label && c.n === n);
    return median(samples[i]).toFixed(2);
  });
  process.stdout.write(`| ${label} | ${cells.join(' | ')} |\n`);
}
