import { getBackend } from './backend/index';
import { ValueError } from './errors';
import type { Matrix } from './matrix';
import type { Network } from './network';
import { type Architecture, binaryCrossEntropy, backwardPass, forwardPass, Workspace } from './propagation';
import { assertBinaryData, positiveNumber } from './validate';
import { readParameterRecord } from './parameters';

export interface GradientCheckResult {
  /** ‖grad - gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂) over every parameter. */
  difference: number;
  /** difference < threshold (default 2e-7, the course's bar). */
  passed: boolean;
  /** The same difference per parameter matrix: { W1, b1, ... }. */
  perParameter: Record<string, number>;
}

/**
 * Compares backpropagation's gradients with two-sided finite differences, as the course's
 * `gradient_check_n` does: for every parameter θᵢ, gradapproxᵢ = (J(θᵢ + ε) - J(θᵢ - ε)) / 2ε, then
 * difference = ‖grad - gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂). The network is not modified: the
 * check perturbs copies of its parameters. Cost is O(number of parameters) forward passes, so it is
 * meant for small networks and small batches.
 */
export function gradientCheck(
  net: Network,
  X: Matrix,
  Y: Matrix,
  options: { epsilon?: number; threshold?: number } = {},
): GradientCheckResult {
  const fn = 'gradientCheck';
  const epsilon = positiveNumber(options.epsilon ?? 1e-7, fn, 'epsilon');
  const threshold = positiveNumber(options.threshold ?? 2e-7, fn, 'threshold');
  assertBinaryData(fn, X, net.layers[0]!, Y);
  const backend = getBackend();
  const arch: Architecture = {
    layers: net.layers,
    activations: ['linear', ...net.hidden, net.output],
    leakyReluAlpha: net.leakyReluAlpha,
  };
  const record = net.getParameters();
  const params = readParameterRecord(record, net.layers, fn);
  const ws = new Workspace(net.layers, X.cols);
  const scratch = new Float64Array(X.cols);
  const L = net.layers.length - 1;

  forwardPass(backend, arch, params, X, ws);
  backwardPass(backend, arch, params, Y, ws);
  const grads: Float64Array[] = [];
  for (let l = 1; l <= L; l++) grads.push(ws.dW[l]!.data.slice(), ws.db[l]!.data.slice());

  const J = (): number => binaryCrossEntropy(forwardPass(backend, arch, params, X, ws), ws.Z[L]!, Y, scratch);

  let diffSq = 0;
  let gradSq = 0;
  let approxSq = 0;
  const perParameter: Record<string, number> = {};
  let index = 0;
  for (let l = 1; l <= L; l++) {
    for (const [name, theta] of [
      [`W${l}`, params.W[l]!],
      [`b${l}`, params.b[l]!],
    ] as const) {
      const grad = grads[index++]!;
      const d = theta.data;
      let pDiff = 0;
      let pGrad = 0;
      let pApprox = 0;
      for (let i = 0; i < d.length; i++) {
        const original = d[i]!;
        d[i] = original + epsilon;
        const plus = J();
        d[i] = original - epsilon;
        const minus = J();
        d[i] = original;
        const approx = (plus - minus) / (2 * epsilon);
        const g = grad[i]!;
        pDiff += (g - approx) ** 2;
        pGrad += g * g;
        pApprox += approx * approx;
      }
      perParameter[name] = relativeDifference(pDiff, pGrad, pApprox);
      diffSq += pDiff;
      gradSq += pGrad;
      approxSq += pApprox;
    }
  }
  const difference = relativeDifference(diffSq, gradSq, approxSq);
  if (Number.isNaN(difference)) throw new ValueError(`${fn}: the cost or a gradient is not finite`);
  return { difference, passed: difference < threshold, perParameter };
}

function relativeDifference(diffSq: number, gradSq: number, approxSq: number): number {
  const denominator = Math.sqrt(gradSq) + Math.sqrt(approxSq);
  return denominator === 0 ? 0 : Math.sqrt(diffSq) / denominator;
}
