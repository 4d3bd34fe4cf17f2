import { Gemm } from './gemm-driver';
import { WASM_BASE64, WASM_SHARED_BASE64 } from './gemm-f32.wasm.generated';
import type { WebAssemblyApi } from './webassembly';

/**
 * The float32 GEMM: gemm-f32.wat (a 4×8 f32x4 register tile; every multiply and every add rounded
 * to float32, in the order of k) on the shared driver (gemm-driver.ts), which does the memory,
 * copies, resident operands and helper threads for every element type.
 */
export class GemmF32 extends Gemm {
  /** threads: how many threads a large product may use (1: never start helpers). */
  constructor(api: WebAssemblyApi, threads: number) {
    super(api, threads, { ArrayType: Float32Array, moduleBase64: WASM_BASE64, sharedModuleBase64: WASM_SHARED_BASE64 });
  }
}
