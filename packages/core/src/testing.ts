/**
 * @ann/core/testing: what a backend author's tests need. `runConformance(backend, { dtype })` checks
 * every kernel of a `Backend` against naive definitions and returns the failures (`[]` when the
 * backend conforms). A separate entry, so that the main one (and a browser bundle) never carries
 * the suite.
 */
export { runConformance, type ConformanceFailure, type ConformanceOptions } from './backend/conformance';
