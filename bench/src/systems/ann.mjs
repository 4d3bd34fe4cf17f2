import { makeData } from '../workloads.mjs';

/**
 * ann through its public API: `Network.fit` with `iterations: k` is k full-batch steps (forward,
 * cost, backward, the finiteness check, update), reusing one workspace, as a user trains.
 * @param {import('@ann/core')} ann
 * @param {'reference' | 'wasm'} backend
 */
export function annSystem(ann, backend) {
  return {
    id: `ann-${backend}`,
    label: `ann, ${backend} backend`,
    precision: 'float64',
    // The wasm backend's large products use helper threads (defaultWasmThreads(): the cores, up to 4).
    threads: backend === 'wasm' ? (ann.defaultWasmThreads?.() ?? 1) : 1, // older builds (ANN_CORE_ENTRY) had one thread
    setup(workload) {
      const spec = workload;
      const { X, Y } = makeData(ann, spec);
      ann.useBackend(backend);
      const net = new ann.Network({ layers: spec.layers, hidden: spec.hidden, output: spec.head, seed: 1 });
      return {
        variant: spec.name,
        run(k) {
          ann.useBackend(backend);
          net.fit(X, Y, { learningRate: spec.lr, iterations: k });
        },
      };
    },
  };
}
