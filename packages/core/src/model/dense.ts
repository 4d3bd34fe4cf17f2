import type { Activation, OutputHead } from '../activations';
import type { TransformerJSON } from '../data/preprocess';
import { ValueError } from '../errors';
import type { Model } from './model';

/** One fully-connected layer at inference: Z = W·A_prev + b, A = g(Z). W is (n_out, n_in), row-major. */
interface DenseLayer {
  W: Float64Array;
  b: Float64Array;
  nIn: number;
  nOut: number;
  activation: Activation | OutputHead;
}

/**
 * The preprocessing steps composed into one per-feature affine map x' = a ⊙ x + c:
 *   scale(f):           x' = f·x
 *   divide(d):          x' = x/d
 *   standardize(μ, σ):  x' = (x − μ)/σ
 *   minmax(min, range): x' = (x − min)/range
 * Each is affine per feature, so their composition is too. Throws for a kind that is not.
 */
function composeAffine(preprocessing: readonly TransformerJSON[], nx: number, fn: string): { a: Float64Array; c: Float64Array } {
  const a = new Float64Array(nx).fill(1);
  const c = new Float64Array(nx);
  for (const t of preprocessing) {
    if (t.kind === 'scale') {
      for (let k = 0; k < nx; k++) {
        a[k] = a[k]! * t.factor;
        c[k] = c[k]! * t.factor;
      }
    } else if (t.kind === 'divide') {
      for (let k = 0; k < nx; k++) {
        a[k] = a[k]! / t.divisor;
        c[k] = c[k]! / t.divisor;
      }
    } else if (t.kind === 'standardize' || t.kind === 'minmax') {
      const shift = t.kind === 'standardize' ? t.mean : t.min;
      const divisor = t.kind === 'standardize' ? t.std : t.range;
      for (let k = 0; k < nx; k++) {
        a[k] = a[k]! / divisor[k]!;
        c[k] = (c[k]! - shift[k]!) / divisor[k]!;
      }
    } else {
      throw new ValueError(`${fn}: preprocessing of kind ${JSON.stringify((t as { kind: string }).kind)} is not affine and cannot be folded into the first layer`);
    }
  }
  return { a, c };
}

/**
 * The model as plain dense layers that take raw inputs, for formats with no batch norm or
 * preprocessing of their own (TF.js Dense layers):
 * - batch norm at inference is affine, so it folds into its layer: with s = γ/√(σ²_run + ε),
 *   W' = diag(s)·W and b' = β − s·μ_run;
 * - the preprocessing x' = a ⊙ x + c folds into the first layer: W1' = W1·diag(a), b1' = b1 + W1·c.
 * Computed in float64; the result equals the model's forward pass up to rounding.
 */
export function foldedDenseLayers(model: Model, fn: string): DenseLayer[] {
  const expansion = model.preprocessing.findIndex((t) => t.kind === 'features');
  if (expansion >= 0) {
    // Squares, products and sines are not affine; a Dense stack cannot compute them, and a custom
    // layer would need code on the loading side. The standalone module computes them itself.
    const json = model.preprocessing[expansion]!.toJSON() as { terms: string[] };
    throw new ValueError(
      `${fn}: the model expands its raw inputs into features (preprocessing[${expansion}]: ${json.terms.join(', ')}), which TF.js Dense layers cannot compute without custom layers; export it as a standalone JavaScript module instead (exportStandalone, or ann export --format js)`,
    );
  }
  const net = model.network;
  const params = net.getParameters();
  const stats = net.getBatchNormStatistics();
  const L = net.depth;
  const layers: DenseLayer[] = [];
  for (let l = 1; l <= L; l++) {
    const nIn = net.layers[l - 1]!;
    const nOut = net.layers[l]!;
    const W = Float64Array.from(params[`W${l}`]!.data);
    let b: Float64Array;
    if (net.batchNorm && l < L) {
      const gamma = params[`gamma${l}`]!.data;
      const beta = params[`beta${l}`]!.data;
      const mean = stats[`mean${l}`]!.data;
      const variance = stats[`variance${l}`]!.data;
      b = new Float64Array(nOut);
      for (let i = 0; i < nOut; i++) {
        const s = gamma[i]! / Math.sqrt(variance[i]! + net.batchNormEpsilon);
        for (let k = 0; k < nIn; k++) W[i * nIn + k] = W[i * nIn + k]! * s;
        b[i] = beta[i]! - s * mean[i]!;
      }
    } else {
      b = Float64Array.from(params[`b${l}`]!.data);
    }
    layers.push({ W, b, nIn, nOut, activation: l < L ? net.hidden[l - 1]! : net.output });
  }
  const first = layers[0]!;
  const { a, c } = composeAffine(model.preprocessing.map((t) => t.toJSON()), first.nIn, fn);
  for (let i = 0; i < first.nOut; i++) {
    let shift = 0;
    for (let k = 0; k < first.nIn; k++) {
      const w = first.W[i * first.nIn + k]!;
      shift += w * c[k]!;
      first.W[i * first.nIn + k] = w * a[k]!;
    }
    first.b[i] = first.b[i]! + shift;
  }
  return layers;
}
