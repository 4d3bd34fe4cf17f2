import type { Matrix } from '../../matrix';
import { decodeBase64 } from './base64';
import { WASM_BASE64 } from './gemm-f64.wasm.generated';
import type { WasmGlobal, WasmMemory, WebAssemblyApi } from './webassembly';

type GemmExport = (
  M: number, N: number, K: number,
  a: number, aRowStride: number, aDepthStride: number,
  b: number, bDepthStride: number, bColStride: number,
  c: number, packA: number, packB: number,
) => void;

const PAGE = 65536;
/** wasm32 addresses at most 4 GiB; operands beyond that go to the caller's fallback. */
const MAX_BYTES = 65536 * PAGE;
/** Bytes 0..255 are the kernel's scratch tile. */
const SCRATCH_BYTES = 256;

/**
 * One instance of the float64 GEMM module (gemm-f64.wat) and its linear memory.
 *
 * Memory map, laid out per call: [scratch tile][packed A block][packed B block][A][B][C]. The
 * Matrix contract keeps `data` an ordinary Float64Array, so operands are copied in and C copied out
 * on every call (a memcpy each; the bench measures it). Memory grows to the largest call seen and is
 * reused, so a training loop allocates nothing per step.
 */
export class GemmF64 {
  private readonly memory: WasmMemory;
  private readonly gemmExport: GemmExport;
  private readonly packABytes: number;
  private readonly packBBytes: number;
  private heap: Float64Array;

  constructor(api: WebAssemblyApi) {
    const instance = new api.Instance(new api.Module(decodeBase64(WASM_BASE64)), {});
    const exports = instance.exports;
    this.memory = exports.memory as WasmMemory;
    this.gemmExport = exports.gemm as GemmExport;
    const MC = (exports.MC as WasmGlobal).value;
    const KC = (exports.KC as WasmGlobal).value;
    const NC = (exports.NC as WasmGlobal).value;
    this.packABytes = Math.ceil(MC / 6) * 6 * KC * 8;
    this.packBBytes = KC * Math.ceil(NC / 4) * 4 * 8;
    this.heap = new Float64Array(this.memory.buffer);
  }

  /**
   * C = op(A)·op(B), overwriting C; op(A) is (M, K), op(B) is (K, N), C is (M, N), with M, N, K ≥ 1.
   * Returns false (touching nothing) when the operands do not fit in 4 GiB of wasm memory.
   */
  gemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, C: Matrix): boolean {
    const M = C.rows;
    const N = C.cols;
    const K = transA ? A.rows : A.cols;
    const packA = SCRATCH_BYTES;
    const packB = packA + this.packABytes;
    const a = packB + this.packBBytes;
    const b = a + A.data.length * 8;
    const c = b + B.data.length * 8;
    const end = c + C.data.length * 8;
    if (end > MAX_BYTES) return false;
    this.reserve(end);

    const heap = this.heap;
    heap.set(A.data, a / 8);
    heap.set(B.data, b / 8);
    // A is stored (M, K) or, transposed, (K, M); B is (K, N) or (N, K). Strides are in bytes.
    const aRowStride = transA ? 8 : K * 8;
    const aDepthStride = transA ? M * 8 : 8;
    const bDepthStride = transB ? 8 : N * 8;
    const bColStride = transB ? K * 8 : 8;
    this.gemmExport(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c, packA, packB);
    C.data.set(heap.subarray(c / 8, c / 8 + M * N));
    return true;
  }

  /** Grows the memory to at least `bytes` and refreshes the view (growing detaches the old buffer). */
  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      // Grow geometrically so that slowly increasing batch sizes do not regrow on every call.
      const want = Math.min(MAX_BYTES, Math.max(bytes, have * 1.5));
      this.memory.grow(Math.ceil((want - have) / PAGE));
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float64Array(this.memory.buffer);
  }
}
