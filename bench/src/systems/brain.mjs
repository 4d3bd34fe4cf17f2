import { makeData, examplesInRows } from '../workloads.mjs';

/**
 * brain.js's CPU NeuralNetwork. It trains one example at a time (per-example updates, float32), so one
 * "step" here is one epoch over the m examples, the work of one full-batch step of the others. Its
 * activation applies to every layer including the output: tanh for W2, sigmoid (its default) for W1
 * and W3, whose hidden layers use relu elsewhere; brain.js has no softmax output.
 * @param {import('@ann/core')} ann
 */
export function brainSystem(ann, brain) {
  return {
    id: 'brain',
    label: 'brain.js 2.0.0-beta.24, NeuralNetwork (CPU)',
    precision: 'float32',
    threads: 1,
    setup(workload) {
      const { layers, hidden, m, lr } = workload;
      const { X, Y } = makeData(ann, workload);
      const x = examplesInRows(X);
      const y = examplesInRows(Y);
      const nx = layers[0];
      const ny = layers.at(-1);
      const data = Array.from({ length: m }, (_, j) => ({
        input: x.subarray(j * nx, (j + 1) * nx),
        output: y.subarray(j * ny, (j + 1) * ny),
      }));
      const net = new brain.NeuralNetwork({
        hiddenLayers: layers.slice(1, -1),
        activation: hidden === 'tanh' ? 'tanh' : 'sigmoid',
        learningRate: lr,
      });
      return {
        variant: `${workload.name} (${hidden === 'tanh' ? 'tanh' : 'sigmoid'} everywhere)`,
        run(k) {
          net.train(data, { iterations: k, errorThresh: 1e-12, log: false });
        },
      };
    },
  };
}
