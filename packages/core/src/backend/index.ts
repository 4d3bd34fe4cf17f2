import type { Backend } from './backend';
import { referenceBackend } from './reference';
import { ValueError } from '../errors';
import { createWasmBackend } from './wasm/wasm-backend';

export type { Backend, OperandStore } from './backend';
export { referenceBackend } from './reference';
export { createWasmBackend, defaultWasmThreads, WASM_MIN_MULTIPLY_ADDS, type WasmBackendOptions } from './wasm/wasm-backend';

/** The names `useBackend` accepts. */
export type BackendName = 'reference' | 'wasm';

// Chosen on first use rather than at import, so importing core has no side effects (and does not
// compile WebAssembly that a caller who forces the reference never needs).
let current: Backend | undefined;
let wasm: Backend | undefined | null = null; // null: not tried yet; undefined: unavailable here

function wasmBackend(): Backend | undefined {
  if (wasm === null) wasm = createWasmBackend();
  return wasm;
}

/**
 * The backend new computations use: unless one was chosen with `setBackend` or `useBackend`, the
 * WebAssembly SIMD backend where the host supports it, else the pure-TypeScript reference.
 */
export function getBackend(): Backend {
  current ??= wasmBackend() ?? referenceBackend;
  return current;
}

/** Replaces the backend for every later computation (faster backends plug in here). */
export function setBackend(backend: Backend): void {
  current = backend;
}

/**
 * Forces a built-in backend by name: `useBackend('reference')` for the pure-TypeScript loops,
 * `useBackend('wasm')` for WebAssembly SIMD (throws where the host lacks it). Returns the backend.
 */
export function useBackend(name: BackendName): Backend {
  if (name === 'reference') {
    current = referenceBackend;
  } else if (name === 'wasm') {
    const backend = wasmBackend();
    if (backend === undefined) throw new ValueError("useBackend('wasm'): this runtime has no WebAssembly SIMD support");
    current = backend;
  } else {
    throw new ValueError(`useBackend: unknown backend '${String(name)}' (expected 'reference' or 'wasm')`);
  }
  return current;
}
