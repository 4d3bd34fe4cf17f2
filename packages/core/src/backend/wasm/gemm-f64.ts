import { Gemm } from './gemm-driver';
import { WASM_BASE64, WASM_SHARED_BASE64 } from './gemm-f64.wasm.generated';
import type { WebAssemblyApi } from './webassembly';

/**
 * The float64 GEMM: gemm-f64.wat (a 4×4 f64x2 register tile, bit-identical to the reference's
 * naive loops) on the shared driver (gemm-driver.ts), which does the memory, copies, resident
 * operands and helper threads for every element type.
 */
export class GemmF64 extends Gemm {
  /** threads: how many threads a large product may use (1: never start helpers). */
  constructor(api: WebAssemblyApi, threads: number) {
    super(api, threads, { ArrayType: Float64Array, moduleBase64: WASM_BASE64, sharedModuleBase64: WASM_SHARED_BASE64 });
  }
}
