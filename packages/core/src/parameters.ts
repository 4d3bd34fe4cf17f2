import { ShapeError, ValueError } from './errors';
import { Matrix } from './matrix';
import type { ParameterSet } from './propagation';
import { assertFinite } from './validate';

/** One parameter's course name and expected shape. */
export interface ParameterSpec {
  name: string;
  rows: number;
  cols: number;
  layer: number;
  kind: 'W' | 'b' | 'gamma' | 'beta';
}

/**
 * The parameters of a network in the course's order: W1, b1, W2, b2, …; a batch-normalized hidden
 * layer has gamma{l}, beta{l} (n[l], 1) instead of b{l}.
 */
export function parameterSpecs(layers: readonly number[], batchNorm: boolean): ParameterSpec[] {
  const L = layers.length - 1;
  const specs: ParameterSpec[] = [];
  for (let l = 1; l <= L; l++) {
    const n = layers[l]!;
    specs.push({ name: `W${l}`, rows: n, cols: layers[l - 1]!, layer: l, kind: 'W' });
    if (batchNorm && l < L) {
      specs.push({ name: `gamma${l}`, rows: n, cols: 1, layer: l, kind: 'gamma' });
      specs.push({ name: `beta${l}`, rows: n, cols: 1, layer: l, kind: 'beta' });
    } else {
      specs.push({ name: `b${l}`, rows: n, cols: 1, layer: l, kind: 'b' });
    }
  }
  return specs;
}

/** The matrix a spec names within a parameter set. */
export function parameterOf(params: ParameterSet, spec: ParameterSpec): Matrix {
  return (spec.kind === 'W' ? params.W : spec.kind === 'b' ? params.b : spec.kind === 'gamma' ? params.gamma : params.beta)[spec.layer]!;
}

/** { W1, b1, ..., WL, bL } (with gamma/beta on batch-normalized layers); copies when `copy` is set. */
export function parameterRecord(params: ParameterSet, specs: readonly ParameterSpec[], copy: boolean): Record<string, Matrix> {
  const out: Record<string, Matrix> = {};
  for (const spec of specs) {
    const M = parameterOf(params, spec);
    out[spec.name] = copy ? M.clone() : M;
  }
  return out;
}

/** An empty parameter set for L layers, filled in by the caller. */
function emptyParameterSet(L: number): ParameterSet {
  const nulls = (): null[] => Array.from({ length: L + 1 }, () => null);
  return { W: Array.from({ length: L + 1 }, () => new Matrix(0, 0)), b: nulls(), gamma: nulls(), beta: nulls() };
}

/**
 * Reads and checks a course-style parameter dict against `specs`: every named matrix present, of the
 * right shape, finite, and no other keys. Only own properties are read, so a key such as `__proto__`
 * can neither supply a parameter nor slip through.
 */
export function readParameterRecord(parameters: unknown, specs: readonly ParameterSpec[], layers: readonly number[], fn: string): ParameterSet {
  if (parameters === null || typeof parameters !== 'object') {
    throw new ValueError(`${fn}: expected a parameter object { W1, b1, ..., WL, bL }`);
  }
  const record = parameters as Record<string, unknown>;
  const set = emptyParameterSet(layers.length - 1);
  const expected = new Set<string>();
  for (const spec of specs) {
    const { name, rows, cols } = spec;
    expected.add(name);
    const value = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
    if (value === undefined) throw new ValueError(`${fn}: parameter ${name} is missing`);
    if (!(value instanceof Matrix)) throw new ValueError(`${fn}: parameter ${name} must be a Matrix`);
    if (value.rows !== rows || value.cols !== cols) {
      throw new ShapeError(fn, name, `${name} is ${value.shapeString()} but layers ${JSON.stringify(layers)} need (${rows}, ${cols})`);
    }
    assertFinite(value, fn, name);
    const target = spec.kind === 'W' ? set.W : spec.kind === 'b' ? set.b : spec.kind === 'gamma' ? set.gamma : set.beta;
    target[spec.layer] = value;
  }
  for (const key of Object.keys(record)) {
    if (!expected.has(key)) throw new ValueError(`${fn}: unexpected parameter ${JSON.stringify(key)} for this architecture`);
  }
  return set;
}
