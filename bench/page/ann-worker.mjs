// ann in a dedicated Web Worker, as a page trains with it (the playground does the same): a browser's
// main thread may neither compile a large WebAssembly module synchronously nor block in
// Atomics.wait, which the wasm backend's helper threads need. One worker serves one system and one
// workload: `setup` builds the network and calibrates, each `sample` times one sample.
//   -> { type: 'setup', backend, dtype, threads, workload, sampleMs }   <- { type: 'ready', threads } (threads used)
//   -> { type: 'sample' }                                               <- { type: 'sample', ms }
import * as ann from '@ann/core';
import { calibrate, timeSteps } from '../src/stats.mjs';
import { annSystem } from '../src/systems/ann.mjs';
import { WORKLOADS } from '../src/workloads.mjs';

// As child-ann.mjs warms a fresh process: JIT, helper threads starting, the kernel's memory growing.
const WARM_UP_MS = 1500;
let runner;
let k;

self.onmessage = async ({ data }) => {
  try {
    if (data.type === 'setup') {
      const instance = data.backend === 'wasm' ? ann.createWasmBackend({ threads: data.threads }) : undefined;
      if (data.backend === 'wasm' && instance === undefined) throw new Error('createWasmBackend: no WebAssembly SIMD in this worker');
      runner = annSystem(ann, data.backend, data.dtype, instance).setup(WORKLOADS[data.workload]);
      k = await calibrate(runner.run, data.sampleMs, WARM_UP_MS);
      self.postMessage({ type: 'ready', threads: data.backend === 'wasm' ? (data.threads ?? ann.defaultWasmThreads()) : 1 });
    } else if (data.type === 'sample') {
      runner.run(1); // one untimed step, as in rounds.mjs
      self.postMessage({ type: 'sample', ms: await timeSteps(runner.run, k) });
    }
  } catch (error) {
    self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
