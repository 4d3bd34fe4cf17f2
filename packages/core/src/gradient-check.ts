import { getBackend } from './backend/index';
import { ValueError } from './errors';
import { encodeTargets } from './heads';
import type { Matrix } from './matrix';
import type { Network } from './network';
import { parameterOf, parameterSpecs, readParameterRecord } from './parameters';
import { type Architecture, backwardPass, type ForwardMode, forwardPass, l2Penalty, lossSum, type ParameterSet, Workspace } from './propagation';
import { assertInputs, positiveNumber } from './validate';

export interface GradientCheckResult {
  /** ‖grad - gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂) over every parameter. */
  difference: number;
  /** difference < threshold (default 2e-7, the course's bar). */
  passed: boolean;
  /** The same difference per parameter matrix: { W1, b1, ... }. */
  perParameter: Record<string, number>;
  /** The same difference per layer over all of its parameters (W[l], b[l], and γ[l], β[l] with batch norm): perLayer[l - 1] is layer l's. */
  perLayer: number[];
}

/**
 * Compares backpropagation's gradients with two-sided finite differences, as the course's
 * `gradient_check_n` does: for every parameter θᵢ, gradapproxᵢ = (J(θᵢ + ε) - J(θᵢ - ε)) / 2ε, then
 * difference = ‖grad - gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂). J is the training cost without
 * dropout: batch normalization uses the batch's statistics, and `l2` adds (λ/2m)·Σ‖W‖². The network is
 * not modified: the check perturbs copies of its parameters. It costs two forward passes per
 * parameter, so it is meant for small networks and small batches.
 */
export function gradientCheck(
  net: Network,
  X: Matrix,
  Y: Matrix,
  options: { epsilon?: number; threshold?: number; l2?: number } = {},
): GradientCheckResult {
  const fn = 'gradientCheck';
  const epsilon = positiveNumber(options.epsilon ?? 1e-7, fn, 'epsilon');
  const threshold = positiveNumber(options.threshold ?? 2e-7, fn, 'threshold');
  const l2 = options.l2 ?? 0;
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) throw new ValueError(`${fn}: l2 must be a non-negative finite number`);
  assertInputs(X, net.layers[0]!, fn);
  X = X.astype('float64');
  const L = net.layers.length - 1;
  const T = encodeTargets(net.output, Y, net.layers[L]!, X.cols, fn);
  const backend = getBackend();
  const arch: Architecture = {
    layers: net.layers,
    activations: ['linear', ...net.hidden, 'linear'],
    output: net.output,
    batchNorm: net.batchNorm,
    batchNormEpsilon: net.batchNormEpsilon,
    leakyReluAlpha: net.leakyReluAlpha,
    // Finite differences need float64 whatever the network's dtype: a float32 cost moves by its own
    // rounding (~1e-7 relative) under a 1e-7 nudge.
    dtype: 'float64',
  };
  const specs = parameterSpecs(net.layers, net.batchNorm);
  const float64 = Object.fromEntries(Object.entries(net.getParameters()).map(([name, M]) => [name, M.astype('float64')]));
  const params: ParameterSet = readParameterRecord(float64, specs, net.layers, fn);
  const ws = new Workspace(arch, X.cols);
  const m = X.cols;
  const training: ForwardMode = { pass: 'train', statistics: null };
  const J = (): number => {
    forwardPass(backend, arch, params, X, ws, training);
    return lossSum(arch, ws, T) / m + l2Penalty(l2, m, params);
  };

  forwardPass(backend, arch, params, X, ws, training);
  backwardPass(backend, arch, params, T, ws, l2);
  const grads = specs.map((spec) => {
    const source = spec.kind === 'W' ? ws.dW : spec.kind === 'b' ? ws.db : spec.kind === 'gamma' ? ws.dgamma : ws.dbeta;
    return source[spec.layer]!.data.slice();
  });

  let diffSq = 0;
  let gradSq = 0;
  let approxSq = 0;
  const perParameter: Record<string, number> = {};
  const layerSq = Array.from({ length: L }, () => ({ diff: 0, grad: 0, approx: 0 }));
  specs.forEach((spec, index) => {
    const grad = grads[index]!;
    const d = parameterOf(params, spec).data;
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
    perParameter[spec.name] = relativeDifference(pDiff, pGrad, pApprox);
    const layer = layerSq[spec.layer - 1]!;
    layer.diff += pDiff;
    layer.grad += pGrad;
    layer.approx += pApprox;
    diffSq += pDiff;
    gradSq += pGrad;
    approxSq += pApprox;
  });
  const difference = relativeDifference(diffSq, gradSq, approxSq);
  if (Number.isNaN(difference)) throw new ValueError(`${fn}: the cost or a gradient is not finite`);
  const perLayer = layerSq.map(({ diff, grad, approx }) => relativeDifference(diff, grad, approx));
  return { difference, passed: difference < threshold, perParameter, perLayer };
}

function relativeDifference(diffSq: number, gradSq: number, approxSq: number): number {
  const denominator = Math.sqrt(gradSq) + Math.sqrt(approxSq);
  return denominator === 0 ? 0 : Math.sqrt(diffSq) / denominator;
}
