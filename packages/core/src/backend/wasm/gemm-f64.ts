import type { Matrix } from '../../matrix';
import type { OperandStore } from '../backend';
import { decodeBase64 } from './base64';
import { WASM_BASE64, WASM_SHARED_BASE64 } from './gemm-f64.wasm.generated';
import { GEMM_ARGUMENTS, HelperThreads } from './helper-threads';
import type { WasmGlobal, WasmMemory, WebAssemblyApi } from './webassembly';

type GemmExport = (
  M: number, N: number, K: number,
  a: number, aRowStride: number, aDepthStride: number,
  b: number, bDepthStride: number, bColStride: number,
  c: number, ldc: number, packA: number, packB: number, scratch: number,
) => void;

const PAGE = 65536;
/** wasm32 addresses at most 4 GiB; operands beyond that go to the caller's fallback. */
const MAX_PAGES = 65536;
const MAX_BYTES = MAX_PAGES * PAGE;
/** Each thread's scratch tile for edge tiles (the kernel needs 128 bytes). */
const SCRATCH_BYTES = 256;
/**
 * Products with fewer multiply-adds than this stay on the calling thread: below it, waking a helper
 * (tens of microseconds) costs more than half the product saves.
 */
export const PARALLEL_MIN_MULTIPLY_ADDS = 1 << 20;

/** An operand store of this kernel: which matrix it holds, and whether its copy is in memory yet. */
class WasmOperandStore implements OperandStore {
  matrix: Matrix | null = null;
  constructor(private readonly kernel: GemmF64) {}
  keep(M: Matrix): void {
    this.kernel.forget(this);
    this.matrix = M;
  }
  release(): void {
    this.kernel.forget(this);
    this.matrix = null;
  }
}

/**
 * One instance of the float64 GEMM module (gemm-f64.wat) on its linear memory, plus optional helper
 * threads running instances of the same module on the same (shared) memory.
 *
 * Memory map: [per thread: scratch tile, packed A block, packed B block][resident operand][A][B][C].
 * The Matrix contract keeps `data` an ordinary Float64Array, so operands are copied in and C copied
 * out on each call (a memcpy each), except an operand held by an OperandStore (X through a forward
 * and backward pass), copied once into the resident slot and reused until its store lets it go.
 * Memory grows to the largest call seen and is reused, so a training loop allocates nothing per step.
 */
export class GemmF64 {
  private readonly memory: WasmMemory;
  private readonly gemmExport: GemmExport;
  private readonly threadBytes: number;
  private readonly packABytes: number;
  private readonly maxThreads: number;
  private readonly helperModule: object | null;
  private helpers: HelperThreads | null = null;
  private helpersTried = false;
  private heap: Float64Array;
  private readonly args = new Int32Array(GEMM_ARGUMENTS);
  /** The resident slot: the store whose matrix it holds (null when empty) and that matrix's length. */
  private residentOwner: WasmOperandStore | null = null;
  private residentLength = 0;

  /** threads: how many threads a large product may use (1: never start helpers). */
  constructor(api: WebAssemblyApi, threads: number) {
    // Probe the module for its blocking constants, then size a per-thread region from them.
    const probe = new api.Instance(new api.Module(decodeBase64(WASM_BASE64)), {
      env: { memory: new api.Memory({ initial: 1, maximum: MAX_PAGES }) },
    }).exports;
    const MC = (probe.MC as WasmGlobal).value;
    const KC = (probe.KC as WasmGlobal).value;
    const NC = (probe.NC as WasmGlobal).value;
    this.packABytes = Math.ceil(MC / 4) * 4 * KC * 8;
    this.threadBytes = SCRATCH_BYTES + this.packABytes + KC * Math.ceil(NC / 4) * 4 * 8;

    let shared: { memory: WasmMemory; module: object } | null = null;
    if (threads > 1 && typeof SharedArrayBuffer === 'function') {
      try {
        const module = new api.Module(decodeBase64(WASM_SHARED_BASE64));
        shared = { module, memory: new api.Memory({ initial: this.pagesFor(threads * this.threadBytes), maximum: MAX_PAGES, shared: true }) };
      } catch {
        shared = null; // e.g. a browser page that is not cross-origin isolated
      }
    }
    this.maxThreads = shared ? threads : 1;
    this.helperModule = shared?.module ?? null;
    this.memory = shared?.memory ?? new api.Memory({ initial: this.pagesFor(this.threadBytes), maximum: MAX_PAGES });
    const module = shared?.module ?? new api.Module(decodeBase64(WASM_BASE64));
    this.gemmExport = new api.Instance(module, { env: { memory: this.memory } }).exports.gemm as GemmExport;
    this.heap = new Float64Array(this.memory.buffer);
  }

  /** How many helper threads are running and ready (0 before the first large product starts them). */
  helpersReady(): number {
    return this.helpers?.readyCount() ?? 0;
  }

  /** A new, empty operand store on this kernel. */
  createOperandStore(): OperandStore {
    return new WasmOperandStore(this);
  }

  /** Empties the resident slot if `store` owns it (its matrix may change from now on). */
  forget(store: WasmOperandStore): void {
    if (this.residentOwner === store) this.residentOwner = null;
  }

  /**
   * C = op(A)·op(B), overwriting C; op(A) is (M, K), op(B) is (K, N), C is (M, N), with M, N, K ≥ 1.
   * An operand that `store` holds is read from the resident slot (copied there on its first use).
   * Returns false (touching nothing) when the operands do not fit in 4 GiB of wasm memory.
   */
  gemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, C: Matrix, store: OperandStore | null): boolean {
    const M = C.rows;
    const N = C.cols;
    const K = transA ? A.rows : A.cols;
    const held = store instanceof WasmOperandStore && store.matrix !== null && (store.matrix === A || store.matrix === B) ? store : null;
    const heldMatrix = held?.matrix ?? null;
    const resident = this.maxThreads * this.threadBytes;
    const residentBytes = heldMatrix ? heldMatrix.data.length * 8 : this.residentOwner ? this.residentLength * 8 : 0;
    // Operands of calls that do not use the slot are laid out after it, so its holder keeps its copy.
    let next = resident + residentBytes;
    const a = A === heldMatrix ? resident : next;
    if (A !== heldMatrix) next += A.data.length * 8;
    const b = B === heldMatrix ? resident : next;
    if (B !== heldMatrix) next += B.data.length * 8;
    const c = next;
    const end = c + C.data.length * 8;
    if (end > MAX_BYTES) return false;
    this.reserve(end);

    const heap = this.heap;
    if (held && this.residentOwner !== held) {
      heap.set(heldMatrix!.data, resident / 8);
      this.residentOwner = held;
      this.residentLength = heldMatrix!.data.length;
    }
    if (A !== heldMatrix) heap.set(A.data, a / 8);
    if (B !== heldMatrix) heap.set(B.data, b / 8);
    // A is stored (M, K) or, transposed, (K, M); B is (K, N) or (N, K). Strides are in bytes.
    const aRowStride = transA ? 8 : K * 8;
    const aDepthStride = transA ? M * 8 : 8;
    const bDepthStride = transB ? 8 : N * 8;
    const bColStride = transB ? K * 8 : 8;
    this.run(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c);
    C.data.set(heap.subarray(c / 8, c / 8 + M * N));
    return true;
  }

  /**
   * Runs the product on as many threads as are ready (for large products), each on a band of C's
   * columns (or rows, when C is taller than wide) in multiples of the 4-wide register tile. Every
   * element is computed by one thread exactly as on one, so threading never changes a bit.
   */
  private run(
    M: number, N: number, K: number,
    a: number, aRowStride: number, aDepthStride: number,
    b: number, bDepthStride: number, bColStride: number,
    c: number,
  ): void {
    const ldc = N * 8;
    let threads = 1;
    if (this.maxThreads > 1 && M * N * K >= PARALLEL_MIN_MULTIPLY_ADDS) {
      if (!this.helpersTried) {
        this.helpersTried = true;
        this.helpers = HelperThreads.start(this.helperModule!, this.memory, this.maxThreads - 1);
      }
      const byColumns = N >= M;
      const tiles = Math.ceil((byColumns ? N : M) / 4);
      threads = Math.min(1 + (this.helpers?.readyCount() ?? 0), tiles);
    }
    if (threads === 1) {
      this.gemmExport(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c, ldc, SCRATCH_BYTES, SCRATCH_BYTES + this.packABytes, 0);
      return;
    }
    const helpers = this.helpers!;
    const byColumns = N >= M;
    const tiles = Math.ceil((byColumns ? N : M) / 4);
    const bands: number[][] = [];
    for (let t = 0; t < threads; t++) {
      const from = Math.min(byColumns ? N : M, Math.round((tiles * t) / threads) * 4);
      const to = Math.min(byColumns ? N : M, Math.round((tiles * (t + 1)) / threads) * 4);
      const region = t * this.threadBytes;
      const args = byColumns
        ? [M, to - from, K, a, aRowStride, aDepthStride, b + from * bColStride, bDepthStride, bColStride, c + from * 8, ldc]
        : [to - from, N, K, a + from * aRowStride, aRowStride, aDepthStride, b, bDepthStride, bColStride, c + from * ldc, ldc];
      args.push(region + SCRATCH_BYTES, region + SCRATCH_BYTES + this.packABytes, region);
      bands.push(args);
    }
    for (let t = 1; t < threads; t++) {
      this.args.set(bands[t]!);
      helpers.post(t - 1, this.args);
    }
    const started = Date.now();
    this.runBand(bands[0]!);
    // The helpers' bands are as large as ours; allow them far longer than ours took before calling
    // a helper dead (a stall would otherwise block this thread forever).
    const timeoutMs = Math.max(30_000, 50 * (Date.now() - started));
    for (let t = 1; t < threads; t++) {
      if (!helpers.wait(t - 1, timeoutMs)) this.runBand(bands[t]!); // a helper's failure costs time, never a result
    }
  }

  private runBand(args: number[]): void {
    if (args[0]! > 0 && args[1]! > 0) {
      this.gemmExport(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!, args[6]!, args[7]!, args[8]!, args[9]!, args[10]!, args[11]!, args[12]!, args[13]!);
    }
  }

  private pagesFor(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / PAGE));
  }

  /** Grows the memory to at least `bytes` and refreshes the view (growing detaches or outgrows the old buffer). */
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
