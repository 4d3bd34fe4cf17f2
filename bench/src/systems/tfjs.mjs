import { makeData, examplesInRows } from '../workloads.mjs';

/**
 * TF.js with examples in rows (X is (m, n_x)), as TF.js users write it: dense layers as matMul + bias,
 * one SGD `minimize` per step inside `tidy`. The cpu and wasm backends execute synchronously, so a
 * returned step has finished; webgl queues its work on the GPU, and `settle` reads the last updated
 * variable back, which waits for every queued step.
 * @param {import('@ann/core')} ann
 * @param {'cpu' | 'wasm' | 'webgl'} backend
 */
export async function tfjsSystem(ann, tf, backend) {
  await tf.setBackend(backend);
  await tf.ready();
  const threads = backend === 'wasm' && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'multi' : 1;
  const simd = backend === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : false;
  return {
    id: `tfjs-${backend}`,
    label: `TF.js ${tf.version.tfjs}, ${backend} backend${simd ? ' (SIMD)' : ''}`,
    precision: 'float32',
    threads,
    async before() {
      await tf.setBackend(backend);
    },
    setup(workload) {
      const { layers, hidden, head, m, lr } = workload;
      const { X, Y } = makeData(ann, workload);
      const x = tf.tensor2d(examplesInRows(X), [m, layers[0]]);
      const y = tf.tensor2d(examplesInRows(Y), [m, layers.at(-1)]);
      const vars = [];
      for (let l = 1; l < layers.length; l++) {
        vars.push(tf.variable(tf.randomNormal([layers[l - 1], layers[l]], 0, 1 / Math.sqrt(layers[l - 1]), 'float32', l)));
        vars.push(tf.variable(tf.zeros([layers[l]])));
      }
      const act = hidden === 'relu' ? tf.relu : tf.tanh;
      const optimizer = tf.train.sgd(lr);
      const loss = () => {
        let A = x;
        for (let l = 0; l < vars.length; l += 2) {
          const Z = tf.add(tf.matMul(A, vars[l]), vars[l + 1]);
          A = l + 2 < vars.length ? act(Z) : Z;
        }
        return head === 'softmax' ? tf.losses.softmaxCrossEntropy(y, A) : tf.losses.sigmoidCrossEntropy(y, A);
      };
      return {
        variant: workload.name,
        run(k) {
          for (let i = 0; i < k; i++) tf.tidy(() => optimizer.minimize(loss, false, vars));
        },
        ...(backend === 'webgl' ? { settle: () => vars.at(-1).data() } : {}),
      };
    },
  };
}
