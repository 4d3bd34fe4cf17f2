import type { Backend } from './backend';
import { referenceBackend } from './reference';

export type { Backend } from './backend';
export { referenceBackend } from './reference';

let current: Backend = referenceBackend;

/** The backend new computations use. */
export function getBackend(): Backend {
  return current;
}

/** Replaces the backend for every later computation (faster backends plug in here). */
export function setBackend(backend: Backend): void {
  current = backend;
}
