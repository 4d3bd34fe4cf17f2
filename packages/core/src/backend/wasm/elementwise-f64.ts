import { decodeBase64 } from './base64';
import { WASM_BASE64 } from './elementwise-f64.wasm.generated';
import type { WasmMemory, WebAssemblyApi } from './webassembly';

const PAGE = 65536;
const MAX_PAGES = 65536;

type TanhExport = (src: number, dst: number, n: number, scratch: number) => void;
type AddBiasExport = (z: number, b: number, rows: number, cols: number) => void;
type AddBiasF32Export = (z: number, b: number, w: number, rows: number, cols: number) => void;
type ConvertExport = (src: number, dst: number, n: number) => void;
type TanhBackwardExport = (da: number, a: number, dz: number, n: number) => void;

interface Kernels {
  readonly memory: WasmMemory;
  readonly heap: Float64Array;
  readonly heap32: Float32Array;
  readonly tanh: TanhExport;
  readonly addBias: AddBiasExport;
  readonly tanhBackward: TanhBackwardExport;
  readonly widenF32: ConvertExport;
  readonly narrowF64: ConvertExport;
  readonly addBiasF32: AddBiasF32Export;
  readonly tanhBackwardF32: TanhBackwardExport;
}

/** The tanh kernel's scratch area, at the start of the memory (see elementwise-f64.wat). */
const SCRATCH = 0;
const SCRATCH_BYTES = 10240;

/** `bytes` rounded up to a multiple of 16, so the next operand starts 16-byte aligned. */
const align16 = (bytes: number): number => (bytes + 15) & ~15;

/**
 * The element-wise kernels of elementwise-f64.wat on a memory of their own (single-threaded: these
 * passes are memory-bound and short). Inputs are copied in and results out, like the GEMM's.
 * Float32 data is widened to float64 in wasm, computed on as the reference computes it (in
 * doubles) and rounded once on the way back: bit-identical to the reference in both precisions.
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
    const src = SCRATCH + SCRATCH_BYTES;
    const dst = src + padded * 8;
    const k = this.reserve(dst + padded * 8);
    if (!k) return false;
    k.heap.set(z, src / 8);
    if (padded > n) k.heap[src / 8 + n] = 0;
    k.tanh(src, dst, padded, SCRATCH);
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
    const src = SCRATCH + SCRATCH_BYTES;
    const dst = src + padded * 8;
    const bias = dst + padded * 8;
    const k = this.reserve(bias + rows * 8);
    if (!k) return false;
    k.heap.set(z, src / 8);
    if (padded > n) k.heap[src / 8 + n] = 0;
    k.heap.set(b.subarray(0, rows), bias / 8);
    k.addBias(src, bias, rows, cols);
    k.tanh(src, dst, padded, SCRATCH);
    z.set(k.heap.subarray(src / 8, src / 8 + n));
    a.set(k.heap.subarray(dst / 8, dst / 8 + n));
    return true;
  }

  /** dz[i] = da[i]·(1 - a[i]²), bit-identical to the reference; dz may be da. False if it does not fit. */
  tanhBackward(da: Float64Array, a: Float64Array, dz: Float64Array): boolean {
    return this.backward(da, a, dz, (k) => k.tanhBackward);
  }

  /**
   * Float32 a[i] = fround(tanh(z[i])), the reference's float32 tanh bit for bit (z widened exactly,
   * the float64 kernel, one rounding); a may be z. False if it does not fit.
   */
  tanhF32(z: Float32Array, a: Float32Array): boolean {
    const n = z.length;
    const padded = n + (n & 1);
    const src = SCRATCH + SCRATCH_BYTES; // float32 in, and float32 out in the same place
    const wide = align16(src + padded * 4);
    const k = this.reserve(wide + padded * 8);
    if (!k) return false;
    k.heap32.set(z, src / 4);
    if (padded > n) k.heap32[src / 4 + n] = 0;
    k.widenF32(src, wide, padded);
    k.tanh(wide, wide, padded, SCRATCH);
    k.narrowF64(wide, src, padded);
    a.set(k.heap32.subarray(src / 4, src / 4 + n));
    return true;
  }

  /**
   * Float32 z[i, j] = fround(z[i, j] + b[i]) and a = fround(tanh(z[i, j] + b[i])) with the sum in
   * float64, as the reference's `a[k] = tanh((z[k] += b[i]))` computes on float32 arrays: bit for bit.
   * a may not be z. False (nothing done) if it does not fit.
   */
  addBiasTanhF32(z: Float32Array, b: Float32Array, a: Float32Array, rows: number, cols: number): boolean {
    const n = z.length;
    const padded = n + (n & 1);
    const src = SCRATCH + SCRATCH_BYTES; // float32 z in and out, then a out in the same place
    const wide = align16(src + padded * 4);
    const bias = wide + padded * 8;
    const k = this.reserve(bias + rows * 4);
    if (!k) return false;
    k.heap32.set(z, src / 4);
    k.heap32.set(b.subarray(0, rows), bias / 4);
    if (padded > n) k.heap[wide / 8 + n] = 0;
    k.addBiasF32(src, bias, wide, rows, cols);
    z.set(k.heap32.subarray(src / 4, src / 4 + n));
    k.tanh(wide, wide, padded, SCRATCH);
    k.narrowF64(wide, src, padded);
    a.set(k.heap32.subarray(src / 4, src / 4 + n));
    return true;
  }

  /** Float32 dz[i] = fround(da[i]·(1 - a[i]²)) computed in float64, the reference's bits; dz may be da. False if it does not fit. */
  tanhBackwardF32(da: Float32Array, a: Float32Array, dz: Float32Array): boolean {
    return this.backward(da, a, dz, (k) => k.tanhBackwardF32);
  }

  /** dz = da·(1 - a²) by `kernel`, on copies of da and a in the memory (an odd length padded by a zero pair). */
  private backward<T extends Float64Array | Float32Array>(da: T, a: T, dz: T, kernel: (k: Kernels) => TanhBackwardExport): boolean {
    const n = da.length;
    const padded = n + (n & 1);
    const size = da.BYTES_PER_ELEMENT;
    const pda = SCRATCH + SCRATCH_BYTES;
    const pa = align16(pda + padded * size);
    const pdz = align16(pa + padded * size);
    const k = this.reserve(pdz + padded * size);
    if (!k) return false;
    const heap = size === 8 ? k.heap : k.heap32;
    heap.set(da, pda / size);
    heap.set(a, pa / size);
    if (padded > n) {
      heap[pda / size + n] = 0;
      heap[pa / size + n] = 0;
    }
    kernel(k)(pda, pa, pdz, padded);
    dz.set(heap.subarray(pdz / size, pdz / size + n));
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
      heap32: new Float32Array(memory.buffer),
      tanh: exports.tanh as TanhExport,
      addBias: exports.add_bias as AddBiasExport,
      tanhBackward: exports.tanh_backward as TanhBackwardExport,
      widenF32: exports.widen_f32 as ConvertExport,
      narrowF64: exports.narrow_f64 as ConvertExport,
      addBiasF32: exports.add_bias_f32 as AddBiasF32Export,
      tanhBackwardF32: exports.tanh_backward_f32 as TanhBackwardExport,
    };
  }
}
