import { decodeBase64 } from './base64';
import { WASM_BASE64 } from './elementwise-f64.wasm.generated';
import type { WasmMemory, WebAssemblyApi } from './webassembly';

const PAGE = 65536;
const MAX_PAGES = 65536;

type UnaryExport = (src: number, dst: number, n: number) => void;
type AddBiasExport = (z: number, b: number, rows: number, cols: number) => void;
type TanhBackwardExport = (da: number, a: number, dz: number, n: number) => void;

interface Kernels {
  readonly memory: WasmMemory;
  readonly heap: Float64Array;
  readonly tanh: UnaryExport;
  readonly addBias: AddBiasExport;
  readonly tanhBackward: TanhBackwardExport;
}

/**
 * The element-wise kernels of elementwise-f64.wat on a memory of their own (single-threaded: these
 * passes are memory-bound and short). Inputs are copied in and results out, like the GEMM's.
 *
 * The memory never grows in place: `memory.grow()` on a non-shared memory detaches its old
 * ArrayBuffer, and the first detach anywhere in a V8 process switches off a fast path of every
 * typed-array access in it (measured: the W2 step of the bench went from 107 to 118 µs). When an
 * operand does not fit, a larger memory and a new instance of the (compiled once) module replace
 * the old ones, which are simply dropped.
 */
export class ElementwiseF64 {
  private readonly api: WebAssemblyApi;
  private readonly module: object;
  private kernels: Kernels;

  constructor(api: WebAssemblyApi) {
    this.api = api;
    this.module = new api.Module(decodeBase64(WASM_BASE64));
    this.kernels = this.instantiate(1);
  }

  /** a[i] = tanh(z[i]), bit-identical to math/tanh.ts (see elementwise-f64.wat); a may be z. False if it does not fit. */
  tanh(z: Float64Array, a: Float64Array): boolean {
    const n = z.length;
    const padded = n + (n & 1); // the kernel takes pairs
    const src = 0;
    const dst = src + padded * 8;
    const k = this.reserve(dst + padded * 8);
    if (!k) return false;
    k.heap.set(z, src / 8);
    if (padded > n) k.heap[src / 8 + n] = 0;
    k.tanh(src, dst, padded);
    a.set(k.heap.subarray(dst / 8, dst / 8 + n));
    return true;
  }

  /**
   * z[i, j] += b[i] (bit-identical to the reference's addBias), then a = tanh(z): the forward pass's
   * bias and activation with one copy of Z in and Z and A out. z is (rows, cols) row-major, b has
   * `rows` entries; a may not be z. False (nothing done) if it does not fit.
   */
  addBiasTanh(z: Float64Array, b: Float64Array, a: Float64Array, rows: number, cols: number): boolean {
    const n = z.length;
    const padded = n + (n & 1);
    const src = 0;
    const dst = src + padded * 8;
    const bias = dst + padded * 8;
    const k = this.reserve(bias + rows * 8);
    if (!k) return false;
    k.heap.set(z, src / 8);
    if (padded > n) k.heap[src / 8 + n] = 0;
    k.heap.set(b.subarray(0, rows), bias / 8);
    k.addBias(src, bias, rows, cols);
    k.tanh(src, dst, padded);
    z.set(k.heap.subarray(src / 8, src / 8 + n));
    a.set(k.heap.subarray(dst / 8, dst / 8 + n));
    return true;
  }

  /** dz[i] = da[i]·(1 - a[i]²), bit-identical to the reference; dz may be da. False if it does not fit. */
  tanhBackward(da: Float64Array, a: Float64Array, dz: Float64Array): boolean {
    const n = da.length;
    const padded = n + (n & 1);
    const pda = 0;
    const pa = pda + padded * 8;
    const pdz = pa + padded * 8;
    const k = this.reserve(pdz + padded * 8);
    if (!k) return false;
    k.heap.set(da, pda / 8);
    k.heap.set(a, pa / 8);
    if (padded > n) {
      k.heap[pda / 8 + n] = 0;
      k.heap[pa / 8 + n] = 0;
    }
    k.tanhBackward(pda, pa, pdz, padded);
    dz.set(k.heap.subarray(pdz / 8, pdz / 8 + n));
    return true;
  }

  /** The kernels on a memory of at least `bytes`, replacing the instance if it is too small; null beyond 4 GiB. */
  private reserve(bytes: number): Kernels | null {
    if (bytes > MAX_PAGES * PAGE) return null;
    const have = this.kernels.memory.buffer.byteLength;
    if (bytes > have) this.kernels = this.instantiate(Math.min(MAX_PAGES, Math.ceil(Math.max(bytes, have * 1.5) / PAGE)));
    return this.kernels;
  }

  private instantiate(pages: number): Kernels {
    const memory = new this.api.Memory({ initial: pages, maximum: MAX_PAGES });
    const exports = new this.api.Instance(this.module, { env: { memory } }).exports;
    return {
      memory,
      heap: new Float64Array(memory.buffer),
      tanh: exports.tanh as UnaryExport,
      addBias: exports.add_bias as AddBiasExport,
      tanhBackward: exports.tanh_backward as TanhBackwardExport,
    };
  }
}
