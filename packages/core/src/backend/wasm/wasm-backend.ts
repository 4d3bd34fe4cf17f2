import type { Matrix } from '../../matrix';
import type { Backend } from '../backend';
import { referenceBackend } from '../reference';
import { ElementwiseF64 } from './elementwise-f64';
import { GemmF64 } from './gemm-f64';
import { availableCores, canUseHelperThreads } from './helper-threads';
import { hasWasmSimd, webAssemblyApi } from './webassembly';

export interface WasmBackendOptions {
  /**
   * Products with fewer than this many multiply-adds (M·N·K) run on the reference loops: below it,
   * copying operands into wasm memory and the call cost more than the arithmetic saves (measured
   * with the bench's W2, a [2, 8, 8, 1] network, m = 500: 1024 ran a step in 119 µs, 4096 in 134,
   * all-JavaScript in 313). 0 sends every product to wasm (the conformance
   * test does this so the kernel itself is checked on small shapes).
   */
  readonly minMultiplyAdds?: number;
  /**
   * How many threads a large product may use: helper threads share the kernel's memory where the
   * host allows (Node; browsers in a cross-origin-isolated Web Worker). Default:
   * `defaultWasmThreads()`, the host's cores up to 4. 1 keeps every product on the calling thread.
   */
  readonly threads?: number;
}

/**
 * tanh over fewer elements than this stays on Math.tanh: below it the copies in and out cost more
 * than the vectorized kernel saves.
 */
const WASM_MIN_TANH_ELEMENTS = 64;

/** The default cap on `threads`. */
const MAX_DEFAULT_THREADS = 4;

/**
 * How many threads the wasm backend's large products use by default here: the host's cores, at
 * most 4 (1 where helper threads cannot run: no SharedArrayBuffer, or a browser page that is not
 * cross-origin isolated, or a browser's main thread).
 */
export function defaultWasmThreads(): number {
  return canUseHelperThreads() ? Math.min(MAX_DEFAULT_THREADS, availableCores()) : 1;
}
// One kernel (module, memory and helper threads) per thread count, shared by every backend created
// with it: products run one at a time on a JavaScript thread, and threads are not started per backend.
const kernels = new Map<number, GemmF64>();

/** The default of `minMultiplyAdds`. */
export const WASM_MIN_MULTIPLY_ADDS = 1024;

/**
 * The WebAssembly SIMD backend: the matrix product runs in a packed, cache-blocked SIMD128 kernel
 * (gemm-f64.wat) on up to `threads` threads, tanh in a vectorized kernel (elementwise-f64.wat);
 * every other kernel is the reference's, spread in so that methods added to the
 * Backend interface later keep working here. Returns undefined where WebAssembly SIMD is unavailable.
 * Backends with the same thread count share one kernel instance (module, memory, helper threads).
 */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend | undefined {
  const api = webAssemblyApi();
  if (api === undefined || !hasWasmSimd(api)) return undefined;
  const threads = Math.max(1, Math.floor(options.threads ?? defaultWasmThreads()));
  let kernel = kernels.get(threads);
  let elementwise: ElementwiseF64;
  try {
    kernel ??= new GemmF64(api, threads);
    kernels.set(threads, kernel);
    elementwise = new ElementwiseF64(api);
  } catch {
    // e.g. a browser main thread refusing synchronous compilation, or a Content-Security-Policy
    // without 'wasm-unsafe-eval': the reference still works.
    return undefined;
  }
  const minMultiplyAdds = options.minMultiplyAdds ?? WASM_MIN_MULTIPLY_ADDS;
  /**
   * A = tanh(Z (+ b)) in the vectorized kernel: within 4 ulp of Math.tanh (elementwise-f64.wat) and
   * about twice as fast; the playground's W2 spent half its step in Math.tanh. False (nothing done)
   * for small Z, where the copies cost more than the kernel saves.
   */
  const fastTanh = (Z: Matrix, A: Matrix, b: Matrix | null): boolean => {
    if (Z.data.length < WASM_MIN_TANH_ELEMENTS) return false;
    if (b) referenceBackend.addBias(Z, b);
    if (elementwise.tanh(Z.data, A.data)) return true;
    referenceBackend.activate('tanh', Z, A, 0);
    return true;
  };
  return {
    ...referenceBackend,
    name: 'wasm',
    gemm(transA, transB, A, B, C, operands) {
      const K = transA ? A.rows : A.cols;
      const work = C.rows * C.cols * K;
      if (work === 0) {
        C.data.fill(0); // an empty sum; also covers M = 0 or N = 0, where there is nothing to write
        return;
      }
      if (work < minMultiplyAdds || !kernel.gemm(transA, transB, A, B, C, operands ?? null)) {
        referenceBackend.gemm(transA, transB, A, B, C);
      }
    },
    createOperandStore() {
      return kernel.createOperandStore();
    },
    addBiasActivate(kind, Z, b, A, alpha) {
      if (kind === 'tanh' && fastTanh(Z, A, b)) return;
      referenceBackend.addBiasActivate!(kind, Z, b, A, alpha);
    },
    activate(kind, Z, A, alpha) {
      if (kind === 'tanh' && fastTanh(Z, A, null)) return;
      referenceBackend.activate(kind, Z, A, alpha);
    },
  };
}
