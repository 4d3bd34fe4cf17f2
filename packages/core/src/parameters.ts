import { ShapeError, ValueError } from './errors';
import { Matrix } from './matrix';
import type { ParameterSet } from './propagation';
import { assertFinite } from './validate';

/** { W1, b1, ..., WL, bL } from arrays indexed 1..L; copies the matrices when `copy` is set. */
export function parameterRecord(params: ParameterSet, copy: boolean): Record<string, Matrix> {
  const out: Record<string, Matrix> = {};
  for (let l = 1; l < params.W.length; l++) {
    out[`W${l}`] = copy ? params.W[l]!.clone() : params.W[l]!;
    out[`b${l}`] = copy ? params.b[l]!.clone() : params.b[l]!;
  }
  return out;
}

/**
 * Reads and checks a course-style parameter dict for `layers`: W[l] must be (n[l], n[l-1]) and b[l]
 * (n[l], 1), every entry finite, and no other keys. Only own properties are read, so a key such as
 * `__proto__` can neither supply a parameter nor slip through.
 */
export function readParameterRecord(parameters: unknown, layers: readonly number[], fn: string): ParameterSet {
  if (parameters === null || typeof parameters !== 'object') {
    throw new ValueError(`${fn}: expected a parameter object { W1, b1, ..., WL, bL }`);
  }
  const record = parameters as Record<string, unknown>;
  const L = layers.length - 1;
  const W: Matrix[] = [new Matrix(0, 0)];
  const b: Matrix[] = [new Matrix(0, 0)];
  const expected = new Set<string>();
  for (let l = 1; l <= L; l++) {
    const shapes: [string, number, number][] = [
      [`W${l}`, layers[l]!, layers[l - 1]!],
      [`b${l}`, layers[l]!, 1],
    ];
    for (const [key, rows, cols] of shapes) {
      expected.add(key);
      const value = Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
      if (value === undefined) throw new ValueError(`${fn}: parameter ${key} is missing`);
      if (!(value instanceof Matrix)) throw new ValueError(`${fn}: parameter ${key} must be a Matrix`);
      if (value.rows !== rows || value.cols !== cols) {
        throw new ShapeError(fn, key, `${key} is ${value.shapeString()} but layers ${JSON.stringify(layers)} need (${rows}, ${cols})`);
      }
      assertFinite(value, fn, key);
      (key.startsWith('W') ? W : b).push(value);
    }
  }
  for (const key of Object.keys(record)) {
    if (!expected.has(key)) throw new ValueError(`${fn}: unexpected parameter ${JSON.stringify(key)} for ${L} layers`);
  }
  return { W, b };
}
