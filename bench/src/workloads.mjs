// The workloads of ../../shared performance notes (W1 "cat", W2 "playground", W3 "mnist-like") and their
// seeded random data. Data is made once in ann's layout (X is (n_x, m), one example per column) and
// converted for the peers, so every system trains on identical numbers.

/** @typedef {{ name: string, layers: number[], hidden: string, head: 'sigmoid' | 'softmax', m: number, lr: number }} Workload */

/** @type {Record<string, Workload>} */
export const WORKLOADS = {
  W1: { name: 'W1', layers: [12288, 20, 7, 5, 1], hidden: 'relu', head: 'sigmoid', m: 209, lr: 0.0075 },
  W2: { name: 'W2', layers: [2, 8, 8, 1], hidden: 'tanh', head: 'sigmoid', m: 500, lr: 0.1 },
  W3: { name: 'W3', layers: [784, 128, 64, 10], hidden: 'relu', head: 'softmax', m: 128, lr: 0.01 },
};


/** Multiply-add count ×2 of one forward + backward step (dA[0] is not computed). */
export function flopsPerStep(workload) {
  const { layers, m } = workload;
  let flops = 0;
  for (let l = 1; l < layers.length; l++) {
    const mac = layers[l] * layers[l - 1] * m;
    flops += 2 * mac * (l > 1 ? 3 : 2); // W·A, dZ·Aᵀ, and Wᵀ·dZ except for the first layer
  }
  return flops;
}

/**
 * X (n_x, m) uniform in [0, 1) like scaled pixels, Y (n_y, m): 0/1 labels, or one-hot for softmax.
 * The first min(m, baseColumns) columns are drawn; the rest repeat them (W1 "replicated to m").
 * @param {import('@ann/core')} ann
 */
export function makeData(ann, workload, m = workload.m, baseColumns = workload.m) {
  const { Matrix, RandomState } = ann;
  const rng = new RandomState(1);
  const nx = workload.layers[0];
  const ny = workload.layers.at(-1);
  const cols = Math.min(m, baseColumns);
  const base = rng.rand(nx, cols).data;
  const X = new Matrix(nx, m);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < m; j += cols) {
      const w = Math.min(cols, m - j);
      X.data.set(base.subarray(i * cols, i * cols + w), i * m + j);
    }
  }
  const Y = new Matrix(ny, m);
  const draws = rng.rand(1, m).data;
  for (let j = 0; j < m; j++) {
    if (ny === 1) Y.data[j] = draws[j] > 0.5 ? 1 : 0;
    else Y.data[Math.floor(draws[j] * ny) * m + j] = 1;
  }
  return { X, Y };
}

/** Row-major (m, n) copy of an (n, m) matrix (float32 unless told): examples in rows, as TF.js and brain.js want. */
export function examplesInRows(M, ArrayType = Float32Array) {
  const out = new ArrayType(M.rows * M.cols);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j * M.rows + i] = M.data[i * M.cols + j];
  return out;
}
