// The ann benchmark suite: `pnpm bench` at the workspace root. Runs W1-W3 on ann (reference and wasm
// backends), TF.js (cpu, wasm), jax-js (wasm), brain.js and numpy side by side in one run, alternating the systems
// round by round; reports medians and ratios as a markdown table and writes results/latest.json.
// Environment: BENCH_ROUNDS (default 5), BENCH_SCALING=0 to skip the m-scaling runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadAnn } from './load-ann.mjs';
import { fmt, median } from './stats.mjs';
import { measureWorkloads } from './rounds.mjs';
import { WORKLOADS, flopsPerStep } from './workloads.mjs';
import { annChildSystem } from './systems/ann-child.mjs';
import { brainSystem } from './systems/brain.mjs';
import { numpyInfo, numpySystem, runNumpy } from './systems/numpy.mjs';
import { tfjsSystem } from './systems/tfjs.mjs';
import { jaxAgreement, jaxFloat64Missing, jaxSystem } from './systems/jaxjs.mjs';
import { renderMarkdown } from './report.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAMPLE_MS = 150; // each JS sample runs about this long
const NUMPY_STEPS = { W1: 5, W2: 200, W3: 40 }; // timed steps per numpy sample
const notes = [];
const log = (line) => process.stderr.write(`${line}\n`);

const ann = await loadAnn();
const started = new Date();
const loadBefore = loadavg();

// --- the systems; a peer that cannot load is reported, not fatal -------------------------------
// Each ann system samples in a fresh child process (see annChildSystem): its step is then timed as a
// user runs it, without the other systems' code, garbage and typed-array kinds in the same process.
// Their samples are twice as long, so a fit's fixed start (checking X, copying it into wasm memory)
// weighs on W1's per-step figure as little as the in-process systems' warm state lets them.
const CHILD_SAMPLE_MS = 2 * SAMPLE_MS;
const systems = [annChildSystem(ann, 'reference', 'float64', CHILD_SAMPLE_MS), annChildSystem(ann, 'wasm', 'float64', CHILD_SAMPLE_MS)];
if ('DTYPES' in ann) systems.push(annChildSystem(ann, 'wasm', 'float32', CHILD_SAMPLE_MS));
else notes.push('ann float32 skipped: this build of @ann/core has no dtype option');
try {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm');
  for (const backend of ['cpu', 'wasm']) {
    try {
      systems.push(await tfjsSystem(ann, tf, backend));
    } catch (error) {
      notes.push(`TF.js ${backend} backend skipped: ${error.message}`);
    }
  }
} catch (error) {
  notes.push(`TF.js skipped: it did not load (${error.message})`);
}
const jaxAgreementChecks = await addJaxSystems();
try {
  const brain = await import('brain.js');
  systems.push(brainSystem(ann, brain.default ?? brain));
} catch (error) {
  notes.push(`brain.js skipped: it did not load (${error.message})`);
}
const numpy = numpyInfo();
if (numpy.missing) {
  notes.push(`numpy skipped: \`python3 -c 'import numpy'\` failed (${numpy.missing})`);
} else {
  systems.push(numpySystem(numpy, 'float64'), numpySystem(numpy, 'float32'), numpySystem(numpy, 'float64', { singleThread: true }));
}

/**
 * jax-js on its wasm device (Node has no WebGPU, and no Worker global, so one thread), float32; and
 * float64 where this Node can build float64 arrays. First a check that its program trains as ann's
 * does: the cost after 10 steps from the same start, on every workload.
 */
async function addJaxSystems() {
  let jax;
  try {
    jax = await import('@jax-js/jax');
    await jax.init('wasm'); // a bare init() also probes navigator.gpu, which Node lacks
  } catch (error) {
    notes.push(`jax-js skipped: it did not load (${error.message})`);
    return [];
  }
  const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('@jax-js/jax')), 'utf8')).version;
  const info = { version, threads: typeof Worker === 'function' ? 'workers' : 1 };
  jax.defaultDevice('wasm');
  const float64Missing = jaxFloat64Missing(jax);
  const dtypes = float64Missing ? ['float32'] : ['float32', 'float64'];
  if (float64Missing) notes.push(`jax-js float64 skipped on Node ${process.version}: ${float64Missing}; jax-js checks \`instanceof Float16Array\` before Float64Array`);
  const checks = [];
  ann.useBackend('wasm');
  for (const dtype of dtypes) {
    for (const workload of Object.values(WORKLOADS)) {
      const check = await jaxAgreement(ann, jax, workload, dtype);
      checks.push(check);
      if (!check.agrees) notes.push(`jax-js ${dtype} ${workload.name}: cost after ${check.steps} steps ${check.jaxCost} vs ann's ${check.annCost} (relative difference ${check.relativeDifference.toExponential(2)})`);
    }
    systems.push(jaxSystem(ann, jax, 'wasm', dtype, info));
  }
  return checks;
}

// --- timing: every workload, systems alternated round by round -------------------------------
const workloads = [WORKLOADS.W1, WORKLOADS.W2, WORKLOADS.W3];
/** results[systemId][workloadName] = { msPerStep, samples, variant } */
const results = await measureWorkloads(workloads, systems, { rounds: ROUNDS, sampleMs: SAMPLE_MS, externalSteps: NUMPY_STEPS, notes, log });

// --- peak memory of a W1 training run (50 steps), each in a fresh process ---------------------
const child = fileURLToPath(new URL('./child-ann.mjs', import.meta.url));
const runChild = (args) => {
  const r = spawnSync(process.execPath, [child, ...args.map(String)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child-ann.mjs ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
};
const memory = {};
const RSS_STEPS = 50;
// Peak RSS moves by ±10% between identical runs (when the garbage collector runs relative to the
// peak), so each figure is the median of RSS_RUNS fresh processes, taken in alternation.
const RSS_RUNS = 3;
log('peak memory runs');
const rssRuns = { 'ann-baseline': () => runChild(['baseline', 'reference']).maxRssKiB };
rssRuns['ann-wasm'] = () => runChild(['rss', 'wasm', RSS_STEPS]).maxRssKiB;
rssRuns['ann-reference'] = () => runChild(['rss', 'reference', RSS_STEPS]).maxRssKiB;
if ('DTYPES' in ann) rssRuns['ann-wasm-float32'] = () => runChild(['rss', 'wasm', RSS_STEPS, 'float32']).maxRssKiB;
if (!numpy.missing) {
  rssRuns['numpy-baseline'] = () => runNumpy(['baseline-rss']).maxRssKiB;
  rssRuns['numpy-float64'] = () => runNumpy(['rss', RSS_STEPS]).maxRssKiB;
}
const rssSamples = {};
for (let run = 0; run < RSS_RUNS; run++) for (const [key, measure] of Object.entries(rssRuns)) (rssSamples[key] ??= []).push(measure());
for (const [key, samples] of Object.entries(rssSamples)) memory[key] = median(samples);

// --- time per full-batch step vs m (W1's 209 examples replicated) ------------------------------
const scaling = [];
if (process.env.BENCH_SCALING !== '0') {
  for (const m of [209, 2090, 20900]) {
    const reps = m > 10_000 ? 2 : m > 1000 ? 3 : 10;
    const row = { m };
    log(`scaling: m = ${m}`);
    row['ann-wasm'] = median(runChild(['epoch', 'wasm', m, reps]).ms);
    if (m <= 2090) row['ann-reference'] = median(runChild(['epoch', 'reference', m, reps]).ms);
    if (!numpy.missing) row['numpy-float64'] = median(runNumpy(['epoch', m, reps]).ms);
    scaling.push(row);
  }
}

// --- report ---------------------------------------------------------------------------------
const report = {
  date: started.toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageBefore: loadBefore.map((x) => Number(x.toFixed(2))),
    loadAverageAfter: loadavg().map((x) => Number(x.toFixed(2))),
  },
  numpy: numpy.missing ? null : numpy,
  rounds: ROUNDS,
  flopsPerStep: Object.fromEntries(workloads.map((w) => [w.name, flopsPerStep(w)])),
  systems: systems.map(({ id, label, precision, threads }) => ({ id, label, precision, threads })),
  results,
  memoryKiB: memory,
  memorySteps: RSS_STEPS,
  memoryRuns: RSS_RUNS,
  memorySamplesKiB: rssSamples,
  scalingMsPerStep: scaling,
  jaxAgreement: jaxAgreementChecks,
  notes,
};
const outDir = fileURLToPath(new URL('../results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(renderMarkdown(report, { fmt }));
log('wrote bench/results/latest.json');
