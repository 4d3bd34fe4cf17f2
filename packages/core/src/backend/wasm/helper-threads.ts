import { ValueError } from '../../errors';
import type { WasmMemory } from './webassembly';

/**
 * Helper threads that run bands of a matrix product on the kernel's shared WebAssembly memory, so a
 * large product uses every core while `fit` stays synchronous: the calling thread posts each helper
 * its band through a SharedArrayBuffer, computes its own band, then blocks in `Atomics.wait` until
 * the helpers are done. Each kernel (float64, float32: gemm-driver.ts) starts its own pool on its
 * own module and memory; both modules export the same `gemm`, so the helper program is one.
 *
 * Where it runs: Node (worker_threads, looked up at run time with `process.getBuiltinModule`, so
 * core's main entry imports nothing from Node), and browsers in a cross-origin-isolated page off
 * the main thread (a Web Worker, where `Atomics.wait` is allowed; the playground trains in one).
 * Anywhere else `startHelperThreads` returns null and products run on one thread.
 *
 * Helpers start asynchronously and are used only once they report ready, so nothing ever waits for
 * a thread to start; the first products of a run may be single-threaded. In Node they are unref'd:
 * they never keep a process alive.
 */

/** Int32 slots of one helper's control block. */
const SEQUENCE = 0; // bumped by the caller for each job
const DONE = 1; // set by the helper to the sequence it finished
const READY = 2; // 1 once the helper has instantiated the module
const FAILED = 3; // 1 if the helper's last job threw (the caller then computes that band itself)
const ARGS = 4; // the gemm export's 14 arguments
export const GEMM_ARGUMENTS = 14;
const CONTROL_INTS = ARGS + GEMM_ARGUMENTS;
/**
 * How long a helper keeps polling for its next band, and the caller for a helper's result, before
 * sleeping in Atomics.wait (µs). Waking a sleeping thread costs tens of microseconds here, several
 * times per training step (W3's step spent 20% of its time posting and waiting), so both sides
 * spin briefly first, as BLAS libraries' threads do; past the window they sleep and cost nothing.
 */
const HELPER_SPIN_US = 300;
const CALLER_SPIN_US = 1000;

/** The helper's whole program. Plain JavaScript so that it runs from a string in Node and a Blob URL in browsers. */
const HELPER_SOURCE = `'use strict';
function serve(init) {
  const control = new Int32Array(init.control);
  const gemm = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports.gemm;
  Atomics.store(control, ${READY}, 1);
  let seen = 0;
  for (;;) {
    const until = performance.now() + ${HELPER_SPIN_US / 1000};
    for (let polls = 1; Atomics.load(control, ${SEQUENCE}) === seen; polls++) {
      if ((polls & 255) === 0 && performance.now() > until) {
        Atomics.wait(control, ${SEQUENCE}, seen);
        break;
      }
    }
    seen = Atomics.load(control, ${SEQUENCE});
    const a = control.slice(${ARGS}, ${CONTROL_INTS});
    try {
      gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
      control[${FAILED}] = 0;
    } catch (error) {
      control[${FAILED}] = 1;
    }
    Atomics.store(control, ${DONE}, seen);
    Atomics.notify(control, ${DONE});
  }
}
if (typeof require === 'function') serve(require('node:worker_threads').workerData);
else self.onmessage = (event) => serve(event.data);
`;

interface HelperInit {
  module: object;
  memory: WasmMemory;
  control: SharedArrayBuffer;
}

interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: HelperInit }) => { unref(): void };
}

interface HostGlobals {
  process?: { getBuiltinModule?: (name: string) => unknown };
  crossOriginIsolated?: boolean;
  document?: unknown;
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string) => { postMessage(message: HelperInit): void };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
}

/** The number of cores this host reports (1 when it does not say). */
export function availableCores(): number {
  const host = globalThis as HostGlobals;
  const os = nodeModule<{ availableParallelism?: () => number; cpus(): unknown[] }>('node:os');
  const cores = os ? (os.availableParallelism?.() ?? os.cpus().length) : (host.navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.floor(cores));
}

/** True where this thread may block in Atomics.wait and share memory with helpers. */
export function canUseHelperThreads(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  const host = globalThis as HostGlobals;
  if (!nodeModule('node:worker_threads')) {
    // A browser: needs cross-origin isolation (for SharedArrayBuffer), Workers and Blob URLs.
    if (host.crossOriginIsolated !== true || !host.Worker || !host.Blob || !host.URL) return false;
  }
  try {
    // Throws on a browser's main thread, which may not block.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

export class HelperThreads {
  private readonly controls: Int32Array[];

  private constructor(controls: Int32Array[]) {
    this.controls = controls;
  }

  /** Starts `count` helpers on `module` (the shared-memory build) and `memory`, or returns null where threads are unavailable. */
  static start(module: object, memory: WasmMemory, count: number): HelperThreads | null {
    if (count < 1 || !canUseHelperThreads()) return null;
    const host = globalThis as HostGlobals;
    const workerThreads = nodeModule<NodeWorkerThreads>('node:worker_threads');
    const controls: Int32Array[] = [];
    try {
      for (let h = 0; h < count; h++) {
        const control = new SharedArrayBuffer(CONTROL_INTS * 4);
        const init: HelperInit = { module, memory, control };
        if (workerThreads) {
          new workerThreads.Worker(HELPER_SOURCE, { eval: true, workerData: init }).unref();
        } else {
          const url = host.URL!.createObjectURL(new host.Blob!([HELPER_SOURCE], { type: 'text/javascript' }));
          new host.Worker!(url).postMessage(init);
        }
        controls.push(new Int32Array(control));
      }
    } catch {
      if (controls.length === 0) return null;
    }
    return new HelperThreads(controls);
  }

  /** How many helpers have started and can take a band now. */
  readyCount(): number {
    if (this.retired) return 0;
    let n = 0;
    while (n < this.controls.length && Atomics.load(this.controls[n]!, READY) === 1) n++;
    return n;
  }

  /** Posts the gemm arguments of one band to helper `h` (which must be ready and idle). */
  post(h: number, args: ArrayLike<number>): void {
    const control = this.controls[h]!;
    for (let i = 0; i < GEMM_ARGUMENTS; i++) control[ARGS + i] = args[i]!;
    Atomics.add(control, SEQUENCE, 1);
    Atomics.notify(control, SEQUENCE);
  }

  /**
   * Blocks until helper `h` has finished its posted band; returns false if the band failed. A helper
   * that has not finished after `timeoutMs` is presumed dead (a thread can be killed from outside,
   * and nothing else would wake us): the helpers are retired for good and a ValueError says so,
   * rather than the process hanging. The band may still be written later by a stalled helper, so
   * its result cannot be trusted and the computation is not silently retried.
   */
  wait(h: number, timeoutMs: number): boolean {
    const control = this.controls[h]!;
    const sequence = Atomics.load(control, SEQUENCE);
    const spinUntil = now() + CALLER_SPIN_US / 1000;
    for (let polls = 1; Atomics.load(control, DONE) !== sequence; polls++) {
      if ((polls & 255) === 0 && now() > spinUntil) break;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === sequence) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.retired = true;
        throw new ValueError(
          `a WebAssembly helper thread did not finish its part of a matrix product within ${Math.round(timeoutMs / 1000)} s; ` +
            "threads are now disabled for this process: run again, or call useBackend('reference')",
        );
      }
      Atomics.wait(control, DONE, done, left);
    }
    return control[FAILED] === 0;
  }

  /** True once a helper timed out: the pool must not be used again. */
  retired = false;
}

/** A monotonic clock in ms (performance.now where the host has it). */
function now(): number {
  const clock = (globalThis as { performance?: { now(): number } }).performance;
  return clock ? clock.now() : Date.now();
}

function nodeModule<T>(name: string): T | undefined {
  const getBuiltinModule = (globalThis as HostGlobals).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') return undefined;
  try {
    return getBuiltinModule(name) as T | undefined;
  } catch {
    return undefined;
  }
}
