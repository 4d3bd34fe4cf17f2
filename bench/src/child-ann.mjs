// ann in a child process of its own, for measurements that need a clean process: peak RSS of a W1
// training run, and the time per epoch of W1 with its data replicated to a larger m. Prints JSON.
//   node child-ann.mjs baseline                      -> {maxRssKiB} of node with @ann/core loaded
//   node child-ann.mjs rss <backend> <steps> [dtype] -> {maxRssKiB} after <steps> W1 steps
//   node child-ann.mjs epoch <backend> <m> <reps>    -> {ms: [...]} per full-batch W1 step at m
//   node child-ann.mjs time <backend> <workload> <dtype> -> {ms: [msPerStep]}: one sample, timed like
//                                                           the suite times in-process systems
import { readFileSync } from 'node:fs';
import { loadAnn } from './load-ann.mjs';
import { calibrate, timeSteps } from './stats.mjs';
import { annSystem } from './systems/ann.mjs';
import { WORKLOADS, makeData } from './workloads.mjs';

const ann = await loadAnn();
const [mode, backend, a, b, c] = process.argv.slice(2);
const W1 = WORKLOADS.W1;

function network(dtype = 'float64') {
  ann.useBackend(backend);
  return new ann.Network({ layers: W1.layers, hidden: W1.hidden, seed: 1, ...(dtype === 'float64' ? {} : { dtype }) });
}

if (mode === 'baseline') {
  print({ maxRssKiB: peakRssKiB() });
} else if (mode === 'rss') {
  const { X, Y } = makeData(ann, W1);
  network(c).fit(X, Y, { learningRate: W1.lr, iterations: Number(a) });
  print({ maxRssKiB: peakRssKiB() });
} else if (mode === 'epoch') {
  const m = Number(a);
  let last;
  const { X, Y } = makeData(ann, W1, m, W1.m);
  const net = network();
  net.fit(X, Y, { learningRate: W1.lr, iterations: 3 }); // warm-up
  // Epochs are timed inside one fit, as a user trains: setup (validating X, copying it into the
  // kernel's memory) is paid once per fit, not once per epoch.
  const ms = [];
  net.fit(X, Y, {
    learningRate: W1.lr,
    iterations: Number(b) + 1,
    recordEvery: 1,
    onRecord: () => {
      const now = performance.now();
      if (last !== undefined) ms.push(now - last);
      last = now;
    },
  });
  print({ ms });
} else if (mode === 'time') {
  const runner = annSystem(ann, backend, b).setup(WORKLOADS[a]);
  // A fresh process: 1.5 s of warm-up, not the in-process systems' 0.4 s, covers JIT compilation,
  // helper threads starting and the kernel's memory reaching its size (W1's first steps here took
  // 60-140 ms against 6-9 ms once warm).
  const k = await calibrate(runner.run, Number(c ?? 150), 1500);
  runner.run(1);
  print({ ms: [await timeSteps(runner.run, k)] });
} else {
  throw new Error(`child-ann.mjs: unknown mode ${mode}`);
}

/**
 * Peak resident set in KiB: VmHWM from /proc (Linux), else `process.resourceUsage().maxRSS`. maxRSS is
 * not used first because Linux carries it across fork and exec: a child of the (large) bench process
 * would report at least the parent's peak. VmHWM belongs to this process's own address space.
 */
function peakRssKiB() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

function print(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
