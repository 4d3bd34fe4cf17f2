import type { Backend } from '../backend';
import { referenceBackend } from '../reference';
import { GemmF64 } from './gemm-f64';
import { hasWasmSimd, webAssemblyApi } from './webassembly';

export interface WasmBackendOptions {
  /**
   * Products with fewer than this many multiply-adds (M·N·K) run on the reference loops: below it,
   * copying operands into wasm memory and the call cost more than the arithmetic saves (measured
   * with the bench's W2, a [2, 8, 8, 1] network). 0 sends every product to wasm (the conformance
   * test does this so the kernel itself is checked on small shapes).
   */
  readonly minMultiplyAdds?: number;
}

/** The default of `minMultiplyAdds`. */
export const WASM_MIN_MULTIPLY_ADDS = 4096;

/**
 * The WebAssembly SIMD backend: the matrix product runs in a packed, cache-blocked SIMD128 kernel
 * (gemm-f64.wat); every other kernel is the reference's, spread in so that methods added to the
 * Backend interface later keep working here. Returns undefined where WebAssembly SIMD is unavailable.
 * Each call instantiates its own module and memory.
 */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend | undefined {
  const api = webAssemblyApi();
  if (api === undefined || !hasWasmSimd(api)) return undefined;
  let kernel: GemmF64;
  try {
    kernel = new GemmF64(api);
  } catch {
    // e.g. a browser main thread refusing synchronous compilation, or a Content-Security-Policy
    // without 'wasm-unsafe-eval': the reference still works.
    return undefined;
  }
  const minMultiplyAdds = options.minMultiplyAdds ?? WASM_MIN_MULTIPLY_ADDS;
  return {
    ...referenceBackend,
    name: 'wasm',
    gemm(transA, transB, A, B, C) {
      const K = transA ? A.rows : A.cols;
      const work = C.rows * C.cols * K;
      if (work === 0) {
        C.data.fill(0); // an empty sum; also covers M = 0 or N = 0, where there is nothing to write
        return;
      }
      if (work < minMultiplyAdds || !kernel.gemm(transA, transB, A, B, C)) {
        referenceBackend.gemm(transA, transB, A, B, C);
      }
    },
  };
}
