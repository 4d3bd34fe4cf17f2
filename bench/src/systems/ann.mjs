import { makeData } from '../workloads.mjs';

/**
 * ann through its public API: `Network.fit` with `iterations: k` is k full-batch steps (forward,
 * cost, backward, the finiteness check, update), reusing one workspace, as a user trains.
 * @param {import('@ann/core')} ann
 * @param {'reference' | 'wasm'} backend
 * @param {'float64' | 'float32'} dtype the network's `dtype` option
 * @param {import('@ann/core').Backend} [instance] a backend built here (e.g. `createWasmBackend({ threads: 1 })`)
 *   to use instead of the built-in one named `backend`
 */
export function annSystem(ann, backend, dtype = 'float64', instance = undefined) {
  const select = instance ? () => ann.setBackend(instance) : () => ann.useBackend(backend);
  return {
    id: `ann-${backend}${dtype === 'float64' ? '' : `-${dtype}`}`,
    label: `ann, ${backend} backend`,
    precision: dtype,
    // The wasm backend's large products use helper threads (defaultWasmThreads(): the cores, up to 4).
    threads: backend === 'wasm' ? (ann.defaultWasmThreads?.() ?? 1) : 1, // older builds (ANN_CORE_ENTRY) had one thread
    setup(workload) {
      const spec = workload;
      const { X, Y } = makeData(ann, spec);
      select();
      const net = new ann.Network({ layers: spec.layers, hidden: spec.hidden, output: spec.head, seed: 1, ...(dtype === 'float64' ? {} : { dtype }) });
      return {
        variant: spec.name,
        run(k) {
          select();
          net.fit(X, Y, { learningRate: spec.lr, iterations: k });
        },
      };
    },
  };
}
