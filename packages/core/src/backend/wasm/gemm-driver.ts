import type { FloatArray, Matrix } from '../../matrix';
import type { OperandStore } from '../backend';
import { decodeBase64 } from './base64';
import { GEMM_ARGUMENTS, HelperThreads } from './helper-threads';
import type { WasmGlobal, WasmMemory, WebAssemblyApi } from './webassembly';

/**
 * The TypeScript side of the WebAssembly GEMM kernels, shared by both element types: gemm-f64.wat
 * (GemmF64, gemm-f64.ts) and gemm-f32.wat (GemmF32, gemm-f32.ts). The two modules export the same
 * `gemm` function (byte strides, caller-provided pack buffers and scratch tile) and describe their
 * blocking and register tile in exported globals (MR, NR, MC, KC, NC), so one driver sizes the memory,
 * copies operands, keeps resident operands and splits work across helper threads for both; only the
 * module bytes and the typed-array view over memory differ (a `GemmElement`).
 */

/** What distinguishes one element type's kernel: its typed array and its module (plain and shared-memory builds). */
interface GemmElement {
  /** Float64Array or Float32Array: the kernel's view of its memory. */
  readonly ArrayType: { readonly BYTES_PER_ELEMENT: number; new (buffer: ArrayBuffer): FloatArray };
  /** The module assembled from the .wat source, base64-encoded (gemm-*.wasm.generated.ts). */
  readonly moduleBase64: string;
  /** The same module importing a shared memory, for helper threads. */
  readonly sharedModuleBase64: string;
}

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
/** Each thread's scratch tile for edge tiles (both kernels need MR·NR·element = 128 bytes). */
const SCRATCH_BYTES = 256;
/**
 * Products with fewer multiply-adds than this stay on the calling thread: below it, waking a helper
 * (tens of microseconds) costs more than half the product saves.
 */
const PARALLEL_MIN_MULTIPLY_ADDS = 1 << 20;

/**
 * The wasm backend's operand store, usable with every kernel (both element types, every thread
 * count): it records the matrix its owner promised to keep unchanged, and the kernel whose resident
 * slot holds its copy (at most one: a kernel taking the store makes the previous holder forget it).
 * keep and release make that kernel forget the copy, so the next product copies the matrix afresh.
 */
export class WasmOperandStore implements OperandStore {
  /** The held matrix (null: none). */
  matrix: Matrix | null = null;
  /** The kernel whose resident slot last took a copy of it (the slot may since have gone to another store). */
  holder: Gemm | null = null;
  keep(M: Matrix): void {
    this.dropCopy();
    this.matrix = M;
  }
  release(): void {
    this.dropCopy();
    this.matrix = null;
  }
  /** Makes the holder forget the copy: the next product that uses this store copies its matrix again. */
  dropCopy(): void {
    this.holder?.forget(this);
    this.holder = null;
  }
}

/**
 * One instance of a GEMM module on its linear memory, plus optional helper threads running instances
 * of the same module on the same (shared) memory.
 *
 * Memory map: [per thread: scratch tile, packed A block, packed B block][resident operand][A][B][C].
 * Matrix data is an ordinary typed array, so operands are copied in and C copied out on each call (a
 * memcpy each), except an operand held by a WasmOperandStore (X through a forward and backward pass),
 * copied once into the resident slot and reused until its store lets it go. Memory grows to the
 * largest call seen and is reused, so a training loop allocates nothing per step (a non-shared
 * memory grows by being replaced, never detaching a buffer: see reserve).
 *
 * Every matrix passed to `gemm` must have this kernel's element type (the backend dispatches on dtype).
 */
export class Gemm {
  private readonly element: GemmElement;
  /** Bytes per element: 8 or 4. */
  private readonly bytes: number;
  /** The register tile (thread bands are whole tiles: MR rows or NR columns). */
  private readonly MR: number;
  private readonly NR: number;
  private readonly api: WebAssemblyApi;
  /** The compiled module this thread's instance runs (the shared-memory build when helpers may run). */
  private readonly module: object;
  /** True when `memory` is shared with helper threads (it then grows in place; see reserve). */
  private readonly shared: boolean;
  private memory: WasmMemory;
  private gemmExport: GemmExport;
  private readonly threadBytes: number;
  private readonly packABytes: number;
  private readonly maxThreads: number;
  private readonly helperModule: object | null;
  private helpers: HelperThreads | null = null;
  private helpersTried = false;
  private heap: FloatArray;
  private readonly args = new Int32Array(GEMM_ARGUMENTS);
  /** The resident slot: the store whose matrix it holds (null when empty) and that matrix's length. */
  private residentOwner: WasmOperandStore | null = null;
  private residentLength = 0;

  /** threads: how many threads a large product may use (1: never start helpers). */
  constructor(api: WebAssemblyApi, threads: number, element: GemmElement) {
    this.element = element;
    // Probe the module for its tile and blocking constants, then size a per-thread region from them.
    const probe = new api.Instance(new api.Module(decodeBase64(element.moduleBase64)), {
      env: { memory: new api.Memory({ initial: 1, maximum: MAX_PAGES }) },
    }).exports;
    const constant = (name: string): number => (probe[name] as WasmGlobal).value;
    this.bytes = element.ArrayType.BYTES_PER_ELEMENT;
    this.MR = constant('MR');
    this.NR = constant('NR');
    const KC = constant('KC');
    this.packABytes = Math.ceil(constant('MC') / this.MR) * this.MR * KC * this.bytes;
    this.threadBytes = SCRATCH_BYTES + this.packABytes + KC * Math.ceil(constant('NC') / this.NR) * this.NR * this.bytes;

    let shared: { memory: WasmMemory; module: object } | null = null;
    if (threads > 1 && typeof SharedArrayBuffer === 'function') {
      try {
        const module = new api.Module(decodeBase64(element.sharedModuleBase64));
        shared = { module, memory: new api.Memory({ initial: this.pagesFor(threads * this.threadBytes), maximum: MAX_PAGES, shared: true }) };
      } catch {
        shared = null; // e.g. a browser page that is not cross-origin isolated
      }
    }
    this.api = api;
    this.shared = shared !== null;
    this.maxThreads = shared ? threads : 1;
    this.helperModule = shared?.module ?? null;
    this.module = shared?.module ?? new api.Module(decodeBase64(element.moduleBase64));
    this.memory = shared?.memory ?? new api.Memory({ initial: this.pagesFor(this.threadBytes), maximum: MAX_PAGES });
    this.gemmExport = this.instantiate();
    this.heap = new element.ArrayType(this.memory.buffer);
  }

  /** How many helper threads are running and ready (0 before the first large product starts them). */
  helpersReady(): number {
    return this.helpers?.readyCount() ?? 0;
  }

  /** Empties the resident slot if `store` owns it (its matrix may change from now on). */
  forget(store: WasmOperandStore): void {
    if (this.residentOwner === store) this.residentOwner = null;
  }

  /**
   * C = op(A)·op(B), overwriting C; op(A) is (M, K), op(B) is (K, N), C is (M, N), with M, N, K ≥ 1,
   * all of this kernel's element type. An operand that `store` (a WasmOperandStore; others are ignored) holds
   * is read from the resident slot, copied there on its first use. Returns false (touching nothing)
   * when the operands do not fit in 4 GiB of wasm memory.
   */
  gemm(transA: boolean, transB: boolean, A: Matrix, B: Matrix, C: Matrix, store: OperandStore | null): boolean {
    const size = this.bytes;
    const M = C.rows;
    const N = C.cols;
    const K = transA ? A.rows : A.cols;
    const held = store instanceof WasmOperandStore && store.matrix !== null && (store.matrix === A || store.matrix === B) ? store : null;
    const heldMatrix = held?.matrix ?? null;
    const resident = this.maxThreads * this.threadBytes;
    const residentBytes = (heldMatrix ? heldMatrix.data.length : this.residentOwner ? this.residentLength : 0) * size;
    // Operands of calls that do not use the slot are laid out after it, so its holder keeps its copy.
    let next = resident + residentBytes;
    const a = A === heldMatrix ? resident : next;
    if (A !== heldMatrix) next += A.data.length * size;
    const b = B === heldMatrix ? resident : next;
    if (B !== heldMatrix) next += B.data.length * size;
    const c = next;
    const end = c + C.data.length * size;
    if (end > MAX_BYTES) return false;
    this.reserve(end);

    const heap = this.heap;
    if (held && this.residentOwner !== held) {
      if (held.holder !== this) held.dropCopy(); // a store's copy lives in one kernel at a time
      heap.set(heldMatrix!.data, resident / size);
      this.residentOwner = held;
      this.residentLength = heldMatrix!.data.length;
      held.holder = this;
    }
    if (A !== heldMatrix) heap.set(A.data, a / size);
    if (B !== heldMatrix) heap.set(B.data, b / size);
    // A is stored (M, K) or, transposed, (K, M); B is (K, N) or (N, K). Strides are in bytes.
    const aRowStride = transA ? size : K * size;
    const aDepthStride = transA ? M * size : size;
    const bDepthStride = transB ? size : N * size;
    const bColStride = transB ? K * size : size;
    this.run(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c);
    C.data.set(heap.subarray(c / size, c / size + M * N));
    return true;
  }

  /**
   * Runs the product on as many threads as are ready (for large products), each on a band of C's
   * columns (or rows, when C is taller than wide) in whole register tiles (NR columns or MR rows).
   * Every element is computed by one thread exactly as on one, so threading never changes a bit.
   */
  private run(
    M: number, N: number, K: number,
    a: number, aRowStride: number, aDepthStride: number,
    b: number, bDepthStride: number, bColStride: number,
    c: number,
  ): void {
    const ldc = N * this.bytes;
    const byColumns = N >= M;
    const extent = byColumns ? N : M;
    const unit = byColumns ? this.NR : this.MR;
    const tiles = Math.ceil(extent / unit);
    let threads = 1;
    if (this.maxThreads > 1 && M * N * K >= PARALLEL_MIN_MULTIPLY_ADDS) {
      if (!this.helpersTried) {
        this.helpersTried = true;
        this.helpers = HelperThreads.start(this.helperModule!, this.memory, this.maxThreads - 1);
      }
      threads = Math.min(1 + (this.helpers?.readyCount() ?? 0), tiles);
    }
    if (threads === 1) {
      this.gemmExport(M, N, K, a, aRowStride, aDepthStride, b, bDepthStride, bColStride, c, ldc, SCRATCH_BYTES, SCRATCH_BYTES + this.packABytes, 0);
      return;
    }
    const helpers = this.helpers!;
    const bands: number[][] = [];
    for (let t = 0; t < threads; t++) {
      const from = Math.min(extent, Math.round((tiles * t) / threads) * unit);
      const to = Math.min(extent, Math.round((tiles * (t + 1)) / threads) * unit);
      const region = t * this.threadBytes;
      const args = byColumns
        ? [M, to - from, K, a, aRowStride, aDepthStride, b + from * bColStride, bDepthStride, bColStride, c + from * this.bytes, ldc]
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

  /** This thread's instance of the module on `memory`: its gemm export. */
  private instantiate(): GemmExport {
    return new this.api.Instance(this.module, { env: { memory: this.memory } }).exports.gemm as GemmExport;
  }

  /**
   * Makes the memory at least `bytes` long and refreshes the view. A shared memory (helper threads)
   * grows in place: that never detaches its buffer. A non-shared one never grows: `memory.grow()`
   * would detach its ArrayBuffer, and the first detach anywhere in a V8 process switches off a fast
   * path of every typed-array access in it (+10% on a small network's step). A larger memory and a
   * new instance of the (compiled once) module replace it instead, and the old ones are dropped,
   * with the resident copy: the next product that uses its store copies the matrix afresh.
   */
  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) {
      // Grow geometrically so that slowly increasing batch sizes do not regrow on every call.
      const want = Math.min(MAX_BYTES, Math.max(bytes, have * 1.5));
      if (this.shared) {
        this.memory.grow(Math.ceil((want - have) / PAGE));
      } else {
        this.memory = new this.api.Memory({ initial: this.pagesFor(want), maximum: MAX_PAGES });
        this.gemmExport = this.instantiate();
        this.residentOwner = null;
      }
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new this.element.ArrayType(this.memory.buffer);
  }
}
