/**
 * The course's step-by-step functions (Course 1 week 4, "Building your Deep Neural Network: Step by
 * Step"), in camelCase, for learners who want to check each step of their own work. They return fresh
 * matrices and never mutate their inputs. `Network` runs the same math on reused buffers.
 *
 * Convention (docs/derivation.md): the 1/m lives in dA[L], so `linearBackward` computes
 * dW = dZ·A_prevᵀ and db = Σ dZ with no 1/m, and `modelBackward` starts from dZ[L] = (A[L] - Y)/m.
 */
import { assertActivation, type Activation } from './activations';
import { getBackend } from './backend/index';
import { ShapeError, ValueError } from './errors';
import { assertInitialization, drawParameters, type Initialization } from './initialization';
import { Matrix } from './matrix';
import { pairwiseSum } from './backend/pairwise-sum';
import { parameterRecord, parameterSpecs } from './parameters';
import { RandomState } from './random';
import { assertBinaryLabels, assertFinite, assertMatrix, assertShape, positiveNumber } from './validate';

/** The course's `linear_cache`: (A_prev, W, b). */
export interface LinearCache {
  A_prev: Matrix;
  W: Matrix;
  b: Matrix;
}

/** The course's `cache` of one layer: (linear_cache, activation_cache = Z). */
export interface LinearActivationCache {
  linearCache: LinearCache;
  activationCache: Matrix;
}

export interface ActivationOptions {
  /** Slope of leakyRelu for z < 0. Default 0.01. */
  leakyReluAlpha?: number;
}

/**
 * `initialize_parameters_deep(layer_dims)`: W[l] (n[l], n[l-1]) drawn W1, W2, … from numpy's legacy
 * generator seeded with `seed`, b[l] = zeros (n[l], 1). Defaults follow the course's step-by-step
 * notebook: seed 3, W = randn · 0.01. For the L-layer application use { seed: 1, init: 'xavier' }.
 */
export function initializeParameters(
  layerDims: number[],
  options: { seed?: number; init?: Initialization; initScale?: number } = {},
): Record<string, Matrix> {
  const fn = 'initializeParameters';
  if (!Array.isArray(layerDims) || layerDims.length < 2) {
    throw new ValueError(`${fn}: layerDims must list at least two layer sizes, got ${JSON.stringify(layerDims)}`);
  }
  layerDims.forEach((n, l) => {
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`${fn}: layerDims[${l}] must be a positive integer, got ${String(n)}`);
  });
  const init = options.init ?? 'random';
  assertInitialization(init, fn);
  const params = drawParameters(layerDims, init, options.initScale ?? 0.01, new RandomState(options.seed ?? 3));
  return parameterRecord(params, parameterSpecs(layerDims, false), false);
}

/** Z = W·A_prev + b. A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1) → Z (n[l], m). */
export function linearForward(A_prev: Matrix, W: Matrix, b: Matrix): { Z: Matrix; cache: LinearCache } {
  const fn = 'linearForward';
  assertMatrix(A_prev, fn, 'A_prev');
  assertMatrix(W, fn, 'W');
  assertMatrix(b, fn, 'b');
  if (W.cols !== A_prev.rows) {
    throw new ShapeError(fn, 'A_prev', `W is ${W.shapeString()} but A_prev is ${A_prev.shapeString()}: W's columns must equal A_prev's rows`);
  }
  assertShape(b, W.rows, 1, fn, 'b', `to match W ${W.shapeString()}`);
  const backend = getBackend();
  const Z = new Matrix(W.rows, A_prev.cols);
  backend.gemm(false, false, W, A_prev, Z); // Z = W·A_prev
  backend.addBias(Z, b); // Z += b, broadcast over the m columns
  return { Z, cache: { A_prev, W, b } };
}

/** A = g(Z) with Z = W·A_prev + b; the cache keeps ((A_prev, W, b), Z) for the backward pass. */
export function linearActivationForward(
  A_prev: Matrix,
  W: Matrix,
  b: Matrix,
  activation: Activation,
  options: ActivationOptions = {},
): { A: Matrix; cache: LinearActivationCache } {
  assertActivation(activation, 'linearActivationForward: activation');
  const { Z, cache: linearCache } = linearForward(A_prev, W, b);
  const A = new Matrix(Z.rows, Z.cols);
  getBackend().activate(activation, Z, A, options.leakyReluAlpha ?? 0.01); // A = g(Z)
  return { A, cache: { linearCache, activationCache: Z } };
}

/**
 * `L_model_forward`: [LINEAR → hidden]×(L-1) → LINEAR → SIGMOID. X (n_x, m) → AL (1, m) and the L
 * caches. `hidden` is one activation for every hidden layer or one per layer (default 'relu').
 */
export function modelForward(
  X: Matrix,
  parameters: Record<string, Matrix>,
  options: ActivationOptions & { hidden?: Activation | Activation[] } = {},
): { AL: Matrix; caches: LinearActivationCache[] } {
  const L = countLayers(parameters, 'modelForward');
  const hidden = hiddenList(options.hidden ?? 'relu', L, 'modelForward');
  const caches: LinearActivationCache[] = [];
  let A = X;
  for (let l = 1; l <= L; l++) {
    const step = linearActivationForward(A, parameters[`W${l}`]!, parameters[`b${l}`]!, l < L ? hidden[l - 1]! : 'sigmoid', options);
    caches.push(step.cache);
    A = step.A;
  }
  return { AL: A, caches };
}

/**
 * The cross-entropy cost J = -(1/m) Σ [y·log(a) + (1-y)·log(1-a)] of AL (1, m) against labels Y (1, m)
 * in {0, 1}. Only the term selected by each label is evaluated, so a confident correct prediction
 * (a = 1 with y = 1) costs 0 instead of numpy's nan; a confident wrong one costs log(Number.MIN_VALUE)
 * ≈ 744.4 per example instead of inf. (Network.cost, which also has Z[L], is exact there.)
 */
export function computeCost(AL: Matrix, Y: Matrix): number {
  const fn = 'computeCost';
  assertMatrix(AL, fn, 'AL');
  assertMatrix(Y, fn, 'Y');
  assertShape(AL, 1, 'm', fn, 'AL');
  assertBinaryLabels(fn, Y, AL.cols, `to match AL ${AL.shapeString()}`);
  const a = AL.data;
  const y = Y.data;
  const terms = new Float64Array(a.length);
  for (let j = 0; j < a.length; j++) {
    const p = y[j] === 1 ? a[j]! : 1 - a[j]!;
    if (p < 0 || p > 1) throw new ValueError(`${fn}: AL[0, ${j}] is ${a[j]}; probabilities must lie in [0, 1]`);
    terms[j] = p > 0 ? Math.log(p) : Math.log(Number.MIN_VALUE);
  }
  return -pairwiseSum(terms, 0, a.length) / a.length + 0; // "+ 0": a perfect fit costs 0, not -0
}

/**
 * Gradients of the linear part, given dZ (n[l], m) and the cache (A_prev, W, b):
 * dW = dZ·A_prevᵀ (n[l], n[l-1]), db = Σ_columns dZ (n[l], 1), dA_prev = Wᵀ·dZ (n[l-1], m).
 * No 1/m here: it was carried in dA[L] (docs/derivation.md).
 */
export function linearBackward(dZ: Matrix, cache: LinearCache): { dA_prev: Matrix; dW: Matrix; db: Matrix } {
  const fn = 'linearBackward';
  assertMatrix(dZ, fn, 'dZ');
  const { A_prev, W } = cache;
  assertMatrix(A_prev, fn, 'cache.A_prev');
  assertMatrix(W, fn, 'cache.W');
  assertShape(dZ, W.rows, A_prev.cols, fn, 'dZ', `to match W ${W.shapeString()} and A_prev ${A_prev.shapeString()}`);
  const backend = getBackend();
  const dW = new Matrix(W.rows, W.cols);
  const db = new Matrix(W.rows, 1);
  const dA_prev = new Matrix(A_prev.rows, A_prev.cols);
  backend.gemm(false, true, dZ, A_prev, dW); // dW = dZ·A_prevᵀ
  backend.rowSums(dZ, db); // db = Σ_j dZ[:, j], the sum over the m examples (np.sum(dZ, axis=1))
  backend.gemm(true, false, W, dZ, dA_prev); // dA_prev = Wᵀ·dZ
  return { dA_prev, dW, db };
}

/** dZ = dA ⊙ g'(Z), then `linearBackward`. dA (n[l], m) and the layer's cache → dA_prev, dW, db. */
export function linearActivationBackward(
  dA: Matrix,
  cache: LinearActivationCache,
  activation: Activation,
  options: ActivationOptions = {},
): { dA_prev: Matrix; dW: Matrix; db: Matrix } {
  const fn = 'linearActivationBackward';
  assertActivation(activation, `${fn}: activation`);
  assertMatrix(dA, fn, 'dA');
  const Z = cache.activationCache;
  assertMatrix(Z, fn, 'cache.activationCache');
  assertShape(dA, Z.rows, Z.cols, fn, 'dA', `to match Z ${Z.shapeString()}`);
  const alpha = options.leakyReluAlpha ?? 0.01;
  const backend = getBackend();
  const A = new Matrix(Z.rows, Z.cols);
  backend.activate(activation, Z, A, alpha);
  const dZ = new Matrix(Z.rows, Z.cols);
  backend.activateBackward(activation, dA, Z, A, dZ, alpha);
  return linearBackward(dZ, cache.linearCache);
}

/**
 * `L_model_backward` with the 1/m in dA[L]: dZ[L] = (AL - Y)/m (the sigmoid and cross-entropy
 * derivatives combined, which never divides by a saturated AL), then each layer's backward step.
 * Returns { dA0, …, dA(L-1), dW1, db1, …, dWL, dbL } as the course's `grads` (dA{l-1} = W[l]ᵀ·dZ[l]).
 */
export function modelBackward(
  AL: Matrix,
  Y: Matrix,
  caches: LinearActivationCache[],
  options: ActivationOptions & { hidden?: Activation | Activation[] } = {},
): Record<string, Matrix> {
  const fn = 'modelBackward';
  assertMatrix(AL, fn, 'AL');
  assertBinaryLabels(fn, Y, AL.cols, `to match AL ${AL.shapeString()}`);
  if (!Array.isArray(caches) || caches.length === 0) throw new ValueError(`${fn}: caches must be the array modelForward returned`);
  const L = caches.length;
  const hidden = hiddenList(options.hidden ?? 'relu', L, fn);
  const m = AL.cols;
  const dZL = new Matrix(1, m);
  getBackend().differenceOver(AL, Y, m, dZL); // dZ[L] = (AL - Y)/m
  const grads: Record<string, Matrix> = {};
  let step = linearBackward(dZL, caches[L - 1]!.linearCache);
  grads[`dA${L - 1}`] = step.dA_prev;
  grads[`dW${L}`] = step.dW;
  grads[`db${L}`] = step.db;
  for (let l = L - 1; l >= 1; l--) {
    step = linearActivationBackward(grads[`dA${l}`]!, caches[l - 1]!, hidden[l - 1]!, options);
    grads[`dA${l - 1}`] = step.dA_prev;
    grads[`dW${l}`] = step.dW;
    grads[`db${l}`] = step.db;
  }
  return grads;
}

/** W[l] := W[l] - α·dW[l], b[l] := b[l] - α·db[l]. Returns new parameters; the inputs are unchanged. */
export function updateParameters(
  parameters: Record<string, Matrix>,
  grads: Record<string, Matrix>,
  learningRate: number,
): Record<string, Matrix> {
  const fn = 'updateParameters';
  const alpha = positiveNumber(learningRate, fn, 'learningRate');
  const L = countLayers(parameters, fn);
  const backend = getBackend();
  const out: Record<string, Matrix> = {};
  for (let l = 1; l <= L; l++) {
    for (const name of [`W${l}`, `b${l}`]) {
      const theta = parameters[name]!;
      const grad = grads[`d${name}`];
      assertMatrix(grad, fn, `grads.d${name}`);
      assertShape(grad, theta.rows, theta.cols, fn, `grads.d${name}`, `to match ${name} ${theta.shapeString()}`);
      assertFinite(grad, fn, `grads.d${name}`);
      const next = theta.clone();
      backend.axpy(-alpha, grad, next); // θ = θ - α·dθ
      out[name] = next;
    }
  }
  return out;
}

/** `predict`: 1 where modelForward's AL > 0.5, else 0, as a (1, m) matrix. */
export function predict(
  X: Matrix,
  parameters: Record<string, Matrix>,
  options: ActivationOptions & { hidden?: Activation | Activation[] } = {},
): Matrix {
  const { AL } = modelForward(X, parameters, options);
  const p = AL.data;
  for (let j = 0; j < p.length; j++) p[j] = p[j]! > 0.5 ? 1 : 0;
  return AL;
}

/** L from a parameter dict { W1, b1, ..., WL, bL }, checking that every entry is there. */
function countLayers(parameters: Record<string, Matrix>, fn: string): number {
  if (parameters === null || typeof parameters !== 'object') throw new ValueError(`${fn}: parameters must be { W1, b1, ..., WL, bL }`);
  let L = 0;
  while (Object.prototype.hasOwnProperty.call(parameters, `W${L + 1}`)) L++;
  if (L === 0) throw new ValueError(`${fn}: parameters has no W1; expected { W1, b1, ..., WL, bL }`);
  for (let l = 1; l <= L; l++) {
    assertMatrix(parameters[`W${l}`], fn, `parameters.W${l}`);
    assertMatrix(parameters[`b${l}`], fn, `parameters.b${l}`);
  }
  return L;
}

function hiddenList(hidden: Activation | Activation[], L: number, fn: string): Activation[] {
  if (Array.isArray(hidden)) {
    if (hidden.length !== L - 1) throw new ValueError(`${fn}: hidden lists ${hidden.length} activations for ${L - 1} hidden layers`);
    hidden.forEach((a, i) => assertActivation(a, `${fn}: hidden[${i}]`));
    return hidden;
  }
  assertActivation(hidden, `${fn}: hidden`);
  return Array.from({ length: L - 1 }, () => hidden);
}
