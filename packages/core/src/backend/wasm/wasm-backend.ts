import type { DType, Matrix } from '../../matrix';
import type { Backend } from '../backend';
import { referenceBackend } from '../reference';
import { ElementwiseF64 } from './elementwise-f64';
import { type Gemm, WasmOperandStore } from './gemm-driver';
import { GemmF32 } from './gemm-f32';
import { GemmF64 } from './gemm-f64';
import { availableCores, canUseHelperThreads } from './helper-threads';
import { hasWasmSimd, type WebAssemblyApi, webAssemblyApi } from './webassembly';

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
 * tanh over fewer elements than this stays on the reference's scalar loop (the same bits): below it
 * the copies in and out cost more than the vectorized kernel saves.
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
// One kernel (module, memory and helper threads) per element type and thread count, shared by every
// backend created with that count: products run one at a time on a JavaScript thread, and threads
// are not started per backend. Keyed `${dtype}/${threads}`.
const kernels = new Map<string, Gemm>();
const KERNEL_CLASSES = { float64: GemmF64, float32: GemmF32 } as const;

/** The shared kernel for `dtype` and `threads`, created on first use (throws where the host refuses to compile it). */
function sharedKernel(api: WebAssemblyApi, dtype: DType, threads: number): Gemm {
  const key = `${dtype}/${threads}`;
  let kernel = kernels.get(key);
  if (kernel === undefined) {
    kernel = new KERNEL_CLASSES[dtype](api, threads);
    kernels.set(key, kernel);
  }
  return kernel;
}

/** The default of `minMultiplyAdds`. */
export const WASM_MIN_MULTIPLY_ADDS = 1024;

/**
 * The WebAssembly SIMD backend: the matrix product runs in a packed, cache-blocked SIMD128 kernel
 * on up to `threads` threads, gemm-f64.wat when A, B and C are float64 and gemm-f32.wat when all are
 * float32 (created on the first float32 product; mixed dtypes go to the reference); tanh, with its
 * bias, and tanh's backward pass run in vectorized kernels (elementwise-f64.wat) in both precisions,
 * bit-identical to the reference's. Every other kernel is the reference's, spread
 * in so that methods added to the Backend interface later keep working here. Returns undefined
 * where WebAssembly SIMD is unavailable. Backends with the same thread count share one kernel
 * instance per element type (module, memory, helper threads).
 */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend | undefined {
  const api = webAssemblyApi();
  if (api === undefined || !hasWasmSimd(api)) return undefined;
  const threads = Math.max(1, Math.floor(options.threads ?? defaultWasmThreads()));
  let elementwise: ElementwiseF64;
  const gemmKernels = new Map<DType, Gemm | null>(); // null: this host could not create it
  try {
    gemmKernels.set('float64', sharedKernel(api, 'float64', threads));
    elementwise = new ElementwiseF64(api);
  } catch {
    // e.g. a browser main thread refusing synchronous compilation, or a Content-Security-Policy
    // without 'wasm-unsafe-eval': the reference still works.
    return undefined;
  }
  /** The kernel for products whose A, B and C all have `dtype`, created on first use; null if it cannot be. */
  const gemmKernel = (dtype: DType): Gemm | null => {
    let kernel = gemmKernels.get(dtype);
    if (kernel === undefined) {
      try {
        kernel = sharedKernel(api, dtype, threads);
      } catch {
        kernel = null;
      }
      gemmKernels.set(dtype, kernel);
    }
    return kernel;
  };
  const minMultiplyAdds = options.minMultiplyAdds ?? WASM_MIN_MULTIPLY_ADDS;
  /**
   * A = tanh(Z (+ b)) in the vectorized kernel: bit-identical to the reference's math/tanh.ts
   * (elementwise-f64.wat does its operations two lanes at a time); the bench's W2 spent half its
   * step in tanh. The bias is added in the same trip into wasm memory (bit-identical to the
   * reference's addBias). Float32 Z, b and A take the kernel through float64 and round once, as the
   * reference computes float32 tanh: the same bits too. False (nothing done) for small Z, where the
   * copies cost more than the kernel saves, and for mixed dtypes (left to the reference).
   */
  const fastTanh = (Z: Matrix, A: Matrix, b: Matrix | null): boolean => {
    const z = Z.data;
    const a = A.data;
    if (z.length < WASM_MIN_TANH_ELEMENTS) return false;
    if (z instanceof Float64Array && a instanceof Float64Array) {
      if (!b) return elementwise.tanh(z, a);
      return b.data instanceof Float64Array && elementwise.addBiasTanh(z, b.data, a, Z.rows, Z.cols);
    }
    if (z instanceof Float32Array && a instanceof Float32Array) {
      if (!b) return elementwise.tanhF32(z, a);
      return b.data instanceof Float32Array && elementwise.addBiasTanhF32(z, b.data, a, Z.rows, Z.cols);
    }
    return false;
  };
  /** dZ = dA·(1 - A²) in wasm, bit-identical to the reference in either precision; false (nothing done) as fastTanh. */
  const fastTanhBackward = (dA: Matrix, A: Matrix, dZ: Matrix): boolean => {
    const da = dA.data;
    const a = A.data;
    const dz = dZ.data;
    if (da.length < WASM_MIN_TANH_ELEMENTS) return false;
    if (da instanceof Float64Array && a instanceof Float64Array && dz instanceof Float64Array) return elementwise.tanhBackward(da, a, dz);
    if (da instanceof Float32Array && a instanceof Float32Array && dz instanceof Float32Array) return elementwise.tanhBackwardF32(da, a, dz);
    return false;
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
      const dtype = C.dtype;
      const kernel = work >= minMultiplyAdds && A.dtype === dtype && B.dtype === dtype ? gemmKernel(dtype) : null;
      if (!kernel?.gemm(transA, transB, A, B, C, operands ?? null)) {
        referenceBackend.gemm(transA, transB, A, B, C);
      }
    },
    createOperandStore() {
      // One store for both kernels: whichever kernel multiplies the held matrix takes its copy.
      return new WasmOperandStore();
    },
    addBiasActivate(kind, Z, b, A, alpha) {
      if (kind === 'tanh' && fastTanh(Z, A, b)) return;
      referenceBackend.addBiasActivate!(kind, Z, b, A, alpha);
    },
    activate(kind, Z, A, alpha) {
      if (kind === 'tanh' && fastTanh(Z, A, null)) return;
      referenceBackend.activate(kind, Z, A, alpha);
    },
    activateBackward(kind, dA, Z, A, dZ, alpha) {
      if (kind === 'tanh' && fastTanhBackward(dA, A, dZ)) return;
      referenceBackend.activateBackward(kind, dA, Z, A, dZ, alpha);
    },
  };
}
