import { decodeBase64 } from './base64';
import { WASM_BASE64 } from './elementwise-f64.wasm.generated';
import type { WasmMemory, WebAssemblyApi } from './webassembly';

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Bytes 0..511 hold tanh's tables (elementwise-f64.wat). */
const TABLE_BYTES = 512;

type UnaryExport = (src: number, dst: number, n: number) => void;

/**
 * The element-wise kernels of elementwise-f64.wat on a memory of their own (single-threaded: these
 * passes are memory-bound and short). Inputs are copied in and results out, like the GEMM's.
 */
export class ElementwiseF64 {
  private readonly memory: WasmMemory;
  private readonly tanhExport: UnaryExport;
  private heap: Float64Array;

  constructor(api: WebAssemblyApi) {
    this.memory = new api.Memory({ initial: 1, maximum: MAX_PAGES });
    const exports = new api.Instance(new api.Module(decodeBase64(WASM_BASE64)), { env: { memory: this.memory } }).exports;
    this.tanhExport = exports.tanh as UnaryExport;
    this.heap = new Float64Array(this.memory.buffer);
  }

  /** a[i] = tanh(z[i]) to about 1 ulp (see elementwise-f64.wat); a may be z. False if it does not fit. */
  tanh(z: Float64Array, a: Float64Array): boolean {
    const n = z.length;
    const padded = n + (n & 1); // the kernel takes pairs
    const src = TABLE_BYTES;
    const dst = src + padded * 8;
    const end = dst + padded * 8;
    if (end > MAX_PAGES * PAGE) return false;
    this.reserve(end);
    const heap = this.heap;
    heap.set(z, src / 8);
    if (padded > n) heap[src / 8 + n] = 0;
    this.tanhExport(src, dst, padded);
    a.set(heap.subarray(dst / 8, dst / 8 + n));
    return true;
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((Math.max(bytes, have * 1.5) - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float64Array(this.memory.buffer);
  }
}
