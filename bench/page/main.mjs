// The browser benchmark page: W1-W3 on ann (in Web Workers: wasm float64 and float32, with and
// without helper threads, and the reference backend), TF.js (wasm with its threads and SIMD, webgl)
// and jax-js (wasm device with its workers; webgpu where the browser offers it), timed by the same
// protocol as the Node suite (../src/rounds.mjs). src/browser.mjs serves this page cross-origin
// isolated, calls window.runBench() in headless Chromium and renders the report it resolves to.
import * as ann from '@ann/core';
import * as jax from '@jax-js/jax';
import { measureWorkloads } from '../src/rounds.mjs';
import { jaxAgreement, jaxFloat64Missing, jaxSystem } from '../src/systems/jaxjs.mjs';
import { tfjsSystem } from '../src/systems/tfjs.mjs';
import { WORKLOADS } from '../src/workloads.mjs';

// Written into the bundle by src/browser.mjs (vite `define`): the installed jax-js version.
/* global __JAX_VERSION__ */
const JAX_VERSION = __JAX_VERSION__;
// TF.js and its wasm backend, loaded by index.html's script tags (see there why not bundled).
const tf = window.tf;

const log = (line) => {
  console.log(line);
  document.getElementById('log').textContent += `${line}\n`;
};

/**
 * ann in a Web Worker of its own (ann-worker.mjs), one per workload: it calibrates and times itself,
 * so it is an external system to rounds.mjs. `threads` undefined: the backend's default
 * (defaultWasmThreads() in the worker, the cores up to 4).
 */
function annWorkerSystem(backend, dtype, threads, sampleMs) {
  const oneThread = backend === 'wasm' && threads === 1;
  const system = {
    id: `ann-${backend}${dtype === 'float64' ? '' : `-${dtype}`}${oneThread ? '-1thread' : ''}`,
    label: `ann, ${backend} backend${backend === 'wasm' ? (oneThread ? ', no helper threads' : ', helper threads') : ''}`,
    precision: dtype,
    threads: backend === 'wasm' ? (threads ?? 'default') : 1,
    external: true,
    async setup(workload) {
      const worker = new Worker(new URL('./ann-worker.mjs', import.meta.url), { type: 'module' });
      const call = (message) =>
        new Promise((resolve, reject) => {
          worker.onmessage = ({ data }) => (data.type === 'error' ? reject(new Error(data.message)) : resolve(data));
          worker.onerror = (event) => reject(new Error(event.message || 'the ann worker failed to start'));
          worker.postMessage(message);
        });
      try {
        const ready = await call({ type: 'setup', backend, dtype, threads, workload: workload.name, sampleMs });
        if (system.threads === 'default') system.threads = ready.threads;
      } catch (error) {
        worker.terminate();
        throw error;
      }
      return {
        variant: workload.name,
        sample: async () => [(await call({ type: 'sample' })).ms],
        dispose: () => worker.terminate(),
      };
    },
  };
  return system;
}

/** The WebGL renderer Chromium gives this page, and whether it is a software one (SwiftShader, llvmpipe). */
function webglInfo() {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return { available: false };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  const vendor = debug ? gl.getParameter(debug.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR);
  return { available: true, renderer, vendor, software: /swiftshader|llvmpipe|software/i.test(`${renderer} ${vendor}`) };
}

/** What WebGPU this page has: none, no adapter, or the adapter's description (and whether it is a fallback, software one). */
async function webgpuInfo() {
  if (!navigator.gpu) return { available: false, reason: 'navigator.gpu is undefined (this Chromium offers no WebGPU here)' };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { available: false, reason: 'navigator.gpu.requestAdapter() resolved to null (no GPU adapter)' };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return { available: true, description, software: adapter.isFallbackAdapter === true || /swiftshader|llvmpipe|cpu/i.test(description) };
}

/** Adds the TF.js systems that start here (wasm, webgl); a backend that fails is noted. */
async function tfjsSystems(sink, notes, environment) {
  tf.wasm.setWasmPaths(new URL('./tfjs/', location.href).href);
  // TF.js starts half the cores' worth of threads by default (one here); give it every core, as the
  // other systems may use them.
  tf.wasm.setThreadsCount(navigator.hardwareConcurrency);
  for (const backend of ['wasm', 'webgl']) {
    try {
      const system = await tfjsSystem(ann, tf, backend);
      if (backend === 'wasm') {
        const threaded = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
        system.threads = threaded ? tf.wasm.getThreadsCount() : 1;
        if (threaded) system.label += ', threaded build';
        if (threaded && system.threads < navigator.hardwareConcurrency) {
          notes.push(
            `TF.js wasm: its threaded SIMD build is loaded, but it uses ${system.threads} thread(s) of ${navigator.hardwareConcurrency}: ` +
              'its pthread pool is sized min(4, max(1, cores / 2)) when the module loads, and setThreadsCount(cores) does not raise that',
          );
        }
      } else {
        system.label += environment.webgl.software ? ` (software renderer: ${environment.webgl.renderer})` : ` (${environment.webgl.renderer})`;
        system.threads = 'GPU';
      }
      sink.push(system);
    } catch (error) {
      notes.push(`TF.js ${backend} backend skipped: ${error.message}`);
    }
  }
}

/** Adds the jax-js systems that start here and checks each against ann's cost (reference backend, this thread). */
async function jaxSystems(sink, notes, environment) {
  const devices = await jax.init('wasm', ...(environment.webgpu.available ? ['webgpu'] : []));
  const threads = typeof SharedArrayBuffer === 'function' && typeof Worker === 'function' ? navigator.hardwareConcurrency : 1;
  const candidates = [['wasm', 'float32', threads]];
  jax.defaultDevice('wasm');
  const float64Missing = jaxFloat64Missing(jax);
  if (float64Missing) notes.push(`jax-js float64 skipped: ${float64Missing}`);
  else candidates.push(['wasm', 'float64', threads]);
  if (devices.includes('webgpu')) candidates.push(['webgpu', 'float32', 'GPU']);
  else notes.push(`jax-js webgpu skipped: ${environment.webgpu.available ? `jax.init('webgpu') did not start it (adapter: ${environment.webgpu.description})` : environment.webgpu.reason}`);
  const checks = [];
  ann.useBackend('reference');
  for (const [device, dtype, deviceThreads] of candidates) {
    const system = jaxSystem(ann, jax, device, dtype, { version: JAX_VERSION, threads: deviceThreads });
    if (device === 'webgpu' && environment.webgpu.software) system.label += ` (software adapter: ${environment.webgpu.description})`;
    try {
      jax.defaultDevice(device);
      for (const workload of Object.values(WORKLOADS)) {
        const check = { device, ...(await jaxAgreement(ann, jax, workload, dtype)) };
        checks.push(check);
        if (!check.agrees) notes.push(`jax-js ${device} ${dtype} ${workload.name}: cost after ${check.steps} steps ${check.jaxCost} vs ann's ${check.annCost}`);
      }
      sink.push(system);
    } catch (error) {
      notes.push(`${system.label} ${dtype} skipped: ${error.message}`);
    }
  }
  return checks;
}

/**
 * The whole browser run; resolves to the report (the Node side adds the machine and renders it).
 * @param {{ rounds: number, sampleMs: number, only?: string[] }} options `only`: ids of the systems to time (all if absent)
 */
window.runBench = async ({ rounds, sampleMs, only }) => {
  const notes = [];
  const environment = {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated: self.crossOriginIsolated,
    webgl: webglInfo(),
    webgpu: await webgpuInfo(),
  };
  if (!environment.crossOriginIsolated) notes.push('the page is NOT cross-origin isolated: no SharedArrayBuffer, so every system ran on one thread');
  // ann's workers sample for twice as long, as the Node suite's child processes do.
  const annSample = 2 * sampleMs;
  let systems = [
    annWorkerSystem('reference', 'float64', 1, annSample),
    annWorkerSystem('wasm', 'float64', undefined, annSample),
    annWorkerSystem('wasm', 'float64', 1, annSample),
    annWorkerSystem('wasm', 'float32', undefined, annSample),
    annWorkerSystem('wasm', 'float32', 1, annSample),
  ];
  await tfjsSystems(systems, notes, environment);
  log('checking jax-js against ann');
  const jaxAgreementChecks = await jaxSystems(systems, notes, environment);
  if (only) systems = systems.filter((system) => only.includes(system.id));
  const workloads = [WORKLOADS.W1, WORKLOADS.W2, WORKLOADS.W3];
  const results = await measureWorkloads(workloads, systems, { rounds, sampleMs, notes, log });
  return {
    environment,
    rounds,
    systems: systems.map(({ id, label, precision, threads }) => ({ id, label, precision, threads })),
    results,
    jaxAgreement: jaxAgreementChecks,
    notes,
  };
};
window.benchPageReady = true;
