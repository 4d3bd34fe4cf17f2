/**
 * The few WebAssembly APIs the backend uses, typed here because core compiles against plain ES2022
 * (no DOM or Node typings), and looked up on globalThis so a runtime without WebAssembly is detected
 * rather than crashing at import.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmGlobal {
  readonly value: number;
}

export interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** The host's WebAssembly namespace, or undefined where there is none. */
export function webAssemblyApi(): WebAssemblyApi | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  return typeof api === 'object' && api !== null && typeof api.validate === 'function' ? api : undefined;
}

/**
 * True when the host validates a module using a 128-bit SIMD instruction: (func (result v128)
 * (v128.const i32x4 0 0 0 0)). Every browser since 2021 and Node ≥ 16 do.
 */
export function hasWasmSimd(api: WebAssemblyApi | undefined = webAssemblyApi()): boolean {
  if (api === undefined) return false;
  const probe = Uint8Array.of(
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
    0x03, 0x02, 0x01, 0x00, // function section
    0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: v128.const
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0b, // end
  );
  try {
    return api.validate(probe);
  } catch {
    return false;
  }
}
