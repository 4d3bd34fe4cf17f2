import { makeData, examplesInRows } from '../workloads.mjs';

/**
 * jax-js (`@jax-js/jax`) written as its users write JAX: examples in rows (X is (m, n_x), W is
 * (n_in, n_out)), a pure loss of a parameter tree, and one `jit`-compiled update that takes
 * `grad(loss)` and returns the new parameters, called once per step. jax-js counts references:
 * every argument is consumed, so arrays used again are passed as `.ref`.
 *
 * The network starts from ann's float32 initial parameters (transposed into rows), so its cost after
 * k steps can be checked against ann's: the two compute the same thing.
 * @param {import('@ann/core')} ann
 * @param {typeof import('@jax-js/jax')} jax
 * @param {'wasm' | 'webgpu'} device
 * @param {'float32' | 'float64'} dtype
 * @param {{ version: string, threads: number | string }} info the package's version and how many
 *   threads the device uses here (for the table)
 */
export function jaxSystem(ann, jax, device, dtype, info) {
  return {
    id: `jaxjs-${device}${dtype === 'float32' ? '' : `-${dtype}`}`,
    label: `jax-js ${info.version}, ${device} device`,
    precision: dtype,
    threads: info.threads,
    before() {
      jax.defaultDevice(device);
    },
    setup(workload) {
      jax.defaultDevice(device);
      const trainer = jaxTrainer(ann, jax, workload, dtype);
      return {
        variant: workload.name,
        run: trainer.run,
        settle: trainer.settle,
        cost: trainer.cost,
      };
    },
  };
}

/**
 * The training state of one workload in jax-js: `run(k)` dispatches k steps, `settle()` waits until
 * they have run (the webgpu device queues work), `cost()` is the cost of the current parameters.
 */
export function jaxTrainer(ann, jax, workload, dtype = 'float32') {
  const { numpy: np, nn, jit, grad, tree } = jax;
  const { layers, hidden, head, m, lr } = workload;
  const { X, Y } = makeData(ann, workload);
  const ArrayType = dtype === 'float64' ? Float64Array : Float32Array;
  const array = (values, shape) => np.array(values).reshape(shape);
  const x = array(examplesInRows(X, ArrayType), [m, layers[0]]);
  const y = array(examplesInRows(Y, ArrayType), [m, layers.at(-1)]);
  let params = initialParameters(ann, array, ArrayType, workload, dtype);
  const activation = hidden === 'relu' ? nn.relu : np.tanh;

  /** Cross-entropy of the logits Z (m, n_y) against Y, averaged over the m examples. */
  const loss = (p, X, Y) => {
    let A = X;
    for (let l = 0; l < p.W.length; l++) {
      const Z = np.matmul(A, p.W[l]).add(p.b[l]);
      A = l + 1 < p.W.length ? activation(Z) : Z;
    }
    // sigmoid: -[y log σ(z) + (1 - y) log(1 - σ(z))] = softplus(z) - y z; softmax: -Σ y log softmax(z)
    if (head === 'softmax') return nn.logSoftmax(A, -1).mul(Y).sum().mul(-1 / m);
    return nn.softplus(A.ref).sub(Y.mul(A)).mean();
  };
  const update = jit((p, X, Y) => {
    const g = grad(loss)(tree.ref(p), X, Y);
    return tree.map((w, dw) => w.sub(dw.mul(lr)), p, g);
  });
  return {
    run(k) {
      for (let i = 0; i < k; i++) params = update(params, x.ref, y.ref);
    },
    async settle() {
      await jax.blockUntilReady(params);
    },
    async cost() {
      const value = loss(tree.ref(params), x.ref, y.ref);
      return (await value.data())[0];
    },
  };
}

/** ann's network for the workload (seed 1) in `dtype`, as the suite's ann systems build it. */
function annNetwork(ann, workload, dtype) {
  return new ann.Network({ layers: workload.layers, hidden: workload.hidden, output: workload.head, seed: 1, ...(dtype === 'float64' ? {} : { dtype }) });
}

/** ann's initial parameters of the workload's network, W transposed to (n_in, n_out), b as (n_out,). */
function initialParameters(ann, array, ArrayType, workload, dtype) {
  const parameters = annNetwork(ann, workload, dtype).getParameters();
  const { layers } = workload;
  const W = [];
  const b = [];
  for (let l = 1; l < layers.length; l++) {
    W.push(array(examplesInRows(parameters[`W${l}`], ArrayType), [layers[l - 1], layers[l]]));
    b.push(array(ArrayType.from(parameters[`b${l}`].data), [layers[l]]));
  }
  return { W, b };
}

/** The largest relative difference between jax-js's and ann's cost after the same steps that counts as agreement in float32. */
export const AGREEMENT_TOLERANCE = 1e-4;

/**
 * Trains the workload `steps` steps in jax-js and in ann (its current backend) from the same start
 * and compares the costs: evidence that the jax-js program computes what ann computes.
 */
export async function jaxAgreement(ann, jax, workload, dtype = 'float32', steps = 10) {
  const trainer = jaxTrainer(ann, jax, workload, dtype);
  trainer.run(steps);
  const jaxCost = await trainer.cost();
  const net = annNetwork(ann, workload, dtype);
  const { X, Y } = makeData(ann, workload);
  net.fit(X, Y, { learningRate: workload.lr, iterations: steps });
  const annCost = net.cost(X, Y);
  const relativeDifference = Math.abs(jaxCost - annCost) / Math.abs(annCost);
  return { workload: workload.name, dtype, steps, jaxCost, annCost, relativeDifference, agrees: relativeDifference <= AGREEMENT_TOLERANCE };
}

/**
 * Why jax-js cannot run float64 here, or undefined if it can: jax-js 0.1.25 checks
 * `data instanceof Float16Array` before Float64Array in `np.array`, so on a host without the
 * Float16Array global (Node 20) building any float64 array from data throws.
 */
export function jaxFloat64Missing(jax) {
  try {
    jax.numpy.array(new Float64Array([0.5, 0.25])).dispose();
    return undefined;
  } catch (error) {
    return `np.array(new Float64Array(...)) throws "${error.message}" (typeof Float16Array here: ${typeof globalThis.Float16Array})`;
  }
}
