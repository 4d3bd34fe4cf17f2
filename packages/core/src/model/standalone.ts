import { parseFeatureTerm } from '../data/feature-terms';
import { ValueError } from '../errors';
import { HALF_LN2_BOUND, INV_LN2, LN2_HI, LN2_LO, Q1, Q2, Q3, Q4, Q5, THREE_HALVES_LN2_BOUND, TINY } from '../math/tanh';
import { Model } from './model';

/**
 * The module's tanh: fdlibm's method, the operations of math/tanh.ts in the same order (its
 * constants written as the shortest decimals that read back as the same doubles), so a module
 * computes what `predictProba` does on every JavaScript engine. Math.tanh is whatever the engine
 * links, and engines differ in the last bit.
 */
export const STANDALONE_TANH = `// tanh by fdlibm's method, the operations of @ann/core's own tanh in the same order: the same bits
// on every engine (Math.tanh differs between engines in the last bit).
function tanh(x) {
  const ax = Math.abs(x);
  if (!(ax < 22)) return ax === ax ? (x > 0 ? 1 : -1) : x; // ±1, or NaN
  if (ax < ${TINY}) return x; // 2^-28
  const big = ax >= 1;
  const t = expm1(big ? 2 * ax : -2 * ax);
  const z = big ? 1 - 2 / (t + 2) : -t / (t + 2);
  return x < 0 ? -z : z;
}

// e^u - 1 by fdlibm's expm1, for the u tanh asks (-2 < u <= -2^-27, 2 <= u < 44): u = k·ln2 + r,
// ln2 = hi + lo, c the rounding of r, a rational fit in r, then 2^k·(expm1(r) + 1) - 1 arranged by k.
function expm1(u) {
  const au = Math.abs(u);
  const k = au < ${HALF_LN2_BOUND} ? 0 : au < ${THREE_HALVES_LN2_BOUND} ? (u > 0 ? 1 : -1) : Math.trunc(${INV_LN2} * u + (u > 0 ? 0.5 : -0.5));
  const hi = u - k * ${LN2_HI};
  const lo = k * ${LN2_LO};
  const r = hi - lo;
  const c = hi - r - lo;
  const hfx = 0.5 * r;
  const hxs = r * hfx;
  const R1 = 1 + hxs * (${Q1} + hxs * (${Q2} + hxs * (${Q3} + hxs * (${Q4} + hxs * ${Q5}))));
  const t = 3 - R1 * hfx;
  let e = hxs * ((R1 - t) / (6 - r * t));
  if (k === 0) return r - (r * e - hxs);
  e = r * (e - c) - c - hxs;
  if (k === -1) return 0.5 * (r - e) - 0.5;
  const twoToK = powerOfTwo(k);
  if (k <= -2 || k > 56) return (1 - (e - r)) * twoToK - 1;
  if (k < 20) return (1 - powerOfTwo(-k) - (e - r)) * twoToK;
  return (r - (e + powerOfTwo(-k)) + 1) * twoToK;
}

// 2^k, exact (|k| <= 64 here)
function powerOfTwo(k) {
  let p = 1;
  for (; k > 0; k--) p *= 2;
  for (; k < 0; k++) p /= 2;
  return p;
}
`;

/**
 * A dependency-free ES module that computes the model's predictions: the weights embedded as JSON
 * numbers (exact float64), the stored preprocessing, and the forward pass as plain loops in the
 * same operation order as @ann/core's reference backend (so its numbers match `model.predictProba`
 * to the last bit or very nearly). Batch norm stays as written (running statistics), not folded.
 *
 * The module's API takes samples as rows, the way JavaScript data usually arrives:
 *   predictProba(X: number[][]): number[][]   X is samples × n_x raw features; returns samples × n_L
 *   predict(X: number[][]): number[][]        0/1 (sigmoid), [class index] (softmax), values (linear)
 *   predictClassNames(X): string[]            with classNames (softmax, or binary sigmoid)
 * plus the constants inputSize, outputSize, output, featureNames, classNames and labelName.
 * inputSize is the raw n_x: a feature expansion in the preprocessing is computed by the module
 * (x·x, x·y, Math.sin, Math.cos, as featureExpansion computes them, so bit for bit). tanh is
 * @ann/core's own (STANDALONE_TANH), not the engine's Math.tanh.
 */
export function exportStandalone(model: Model): string {
  const fn = 'exportStandalone';
  if (!(model instanceof Model)) throw new ValueError(`${fn}: expected a Model`);
  const net = model.network;
  const params = net.getParameters();
  const stats = net.getBatchNormStatistics();
  const L = net.depth;
  const layers = [];
  for (let l = 1; l <= L; l++) {
    const bn = net.batchNorm && l < L;
    layers.push({
      nIn: net.layers[l - 1]!,
      nOut: net.layers[l]!,
      activation: l < L ? net.hidden[l - 1]! : net.output,
      W: Array.from(params[`W${l}`]!.data),
      b: bn ? null : Array.from(params[`b${l}`]!.data),
      batchNorm: bn
        ? {
            gamma: Array.from(params[`gamma${l}`]!.data),
            beta: Array.from(params[`beta${l}`]!.data),
            mean: Array.from(stats[`mean${l}`]!.data),
            variance: Array.from(stats[`variance${l}`]!.data),
          }
        : null,
    });
  }
  // Each step as the module runs it on one sample `a`: per-element scale or divide, a per-feature
  // affine map (standardize, minmax), or a feature expansion given as [op, i, j] (0-based rows).
  const preprocessing = model.preprocessing.map((t) => {
    const json = t.toJSON();
    if (json.kind === 'scale' || json.kind === 'divide') return json;
    if (json.kind === 'standardize') return { kind: 'affine', shift: json.mean, divisor: json.std };
    if (json.kind === 'minmax') return { kind: 'affine', shift: json.min, divisor: json.range };
    if (json.kind === 'features') {
      const ops = json.terms.map((term) => {
        const op = parseFeatureTerm(term);
        if (typeof op === 'string') throw new ValueError(`${fn}: ${op}`);
        return op.op === 'product' ? [op.op, op.i, op.j] : [op.op, op.i];
      });
      return { kind: 'features', terms: json.terms, ops };
    }
    throw new ValueError(`${fn}: preprocessing of kind ${JSON.stringify((json as { kind: string }).kind)} has no standalone form`);
  });
  const classNames = model.classNames && (net.output === 'softmax' || net.layers[L] === 1) ? model.classNames : null;
  const constant = (name: string, value: unknown): string => `export const ${name} = ${JSON.stringify(value ?? null)};`;
  return `// Standalone predict module generated by @ann/core: no dependencies, weights embedded as exact float64.
// X is an array of samples, each an array of the ${model.inputSize} raw feature values (the preprocessing is applied here).
${constant('inputSize', model.inputSize)}
${constant('outputSize', net.layers[L])}
${constant('output', net.output)}
${constant('featureNames', model.featureNames)}
${constant('classNames', classNames)}
${constant('labelName', model.labelName)}
const leakyReluAlpha = ${JSON.stringify(net.leakyReluAlpha)};
const batchNormEpsilon = ${JSON.stringify(net.batchNormEpsilon)};
const preprocessing = ${JSON.stringify(preprocessing)};
const layers = ${JSON.stringify(layers)};

function activate(kind, z) {
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    if (kind === 'sigmoid') z[i] = 1 / (1 + Math.exp(-v));
    else if (kind === 'tanh') z[i] = tanh(v);
    else if (kind === 'relu') z[i] = v > 0 ? v : 0;
    else if (kind === 'leakyRelu') z[i] = v > 0 ? v : leakyReluAlpha * v;
  }
  if (kind === 'softmax') {
    let max = -Infinity;
    for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]);
    let sum = 0;
    for (let i = 0; i < z.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    for (let i = 0; i < z.length; i++) z[i] = z[i] / sum;
  }
  return z;
}

${STANDALONE_TANH}
// A feature expansion: one output per term, [op, i, j] on the 0-based raw features.
function expand(ops, x) {
  const out = new Float64Array(ops.length);
  for (let t = 0; t < ops.length; t++) {
    const [op, i, j] = ops[t];
    if (op === 'identity') out[t] = x[i];
    else if (op === 'square') out[t] = x[i] * x[i];
    else if (op === 'product') out[t] = x[i] * x[j];
    else if (op === 'sin') out[t] = Math.sin(x[i]);
    else out[t] = Math.cos(x[i]);
  }
  return out;
}

function forward(x, row) {
  if (!Array.isArray(x) || x.length !== inputSize) {
    throw new RangeError(\`predict: sample \${row} must be an array of \${inputSize} numbers, got \${Array.isArray(x) ? x.length + ' values' : typeof x}\`);
  }
  let a = new Float64Array(inputSize);
  for (let k = 0; k < inputSize; k++) {
    const v = x[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(\`predict: X[\${row}][\${k}] is \${v}; expected a finite number\`);
    a[k] = v;
  }
  for (const p of preprocessing) {
    if (p.kind === 'features') a = expand(p.ops, a);
    else if (p.kind === 'scale') for (let k = 0; k < a.length; k++) a[k] = a[k] * p.factor;
    else if (p.kind === 'divide') for (let k = 0; k < a.length; k++) a[k] = a[k] / p.divisor;
    else for (let k = 0; k < a.length; k++) a[k] = (a[k] - p.shift[k]) / p.divisor[k];
  }
  for (const layer of layers) {
    const { nIn, nOut, W, b, batchNorm } = layer;
    const z = new Float64Array(nOut);
    for (let i = 0; i < nOut; i++) {
      let sum = 0;
      for (let k = 0; k < nIn; k++) sum += W[i * nIn + k] * a[k];
      if (batchNorm) {
        const s = Math.sqrt(batchNorm.variance[i] + batchNormEpsilon);
        z[i] = batchNorm.gamma[i] * ((sum - batchNorm.mean[i]) / s) + batchNorm.beta[i];
      } else {
        z[i] = sum + b[i];
      }
    }
    a = activate(layer.activation, z);
  }
  return a;
}

function samples(X) {
  if (!Array.isArray(X)) throw new TypeError('predict: X must be an array of samples (arrays of ' + inputSize + ' numbers)');
  return X;
}

/** A[L] for each sample: probabilities (sigmoid, softmax) or values (linear); samples × ${net.layers[L]}. */
export function predictProba(X) {
  return samples(X).map((x, row) => Array.from(forward(x, row)));
}

/** 0/1 per output (sigmoid), [class index] (softmax), or values (linear), per sample. */
export function predict(X) {
  return predictProba(X).map((p) => {
    if (output === 'linear') return p;
    if (output === 'sigmoid') return p.map((v) => (v > 0.5 ? 1 : 0));
    let best = 0;
    for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
    return [best];
  });
}

/** The predicted class name of each sample (softmax, or a single sigmoid output). */
export function predictClassNames(X) {
  if (classNames === null) throw new Error('predictClassNames: this model has no class names');
  return predict(X).map((y) => classNames[y[0]]);
}
`;
}
