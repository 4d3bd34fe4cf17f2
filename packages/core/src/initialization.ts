import { ValueError } from './errors';
import { type DType, Matrix } from './matrix';
import type { ParameterSet } from './propagation';
import type { RandomState } from './random';

/** How W[l] is drawn. Biases always start at zero. */
export type Initialization = 'zeros' | 'random' | 'xavier' | 'he';

export const INITIALIZATIONS: readonly Initialization[] = ['zeros', 'random', 'xavier', 'he'];

export function assertInitialization(name: unknown, where: string): asserts name is Initialization {
  if (typeof name !== 'string' || !(INITIALIZATIONS as readonly string[]).includes(name)) {
    throw new ValueError(`${where}: unknown init ${JSON.stringify(name)}; expected one of ${INITIALIZATIONS.join(', ')}`);
  }
}

/**
 * Draws W[1], then W[2], …, W[L] from `rng` in row-major order, as the course's
 * `initialize_parameters` functions do after `np.random.seed(seed)`:
 *   zeros:  W[l] = 0 (no draws)
 *   random: W[l] = randn(n[l], n[l-1]) · scale                  (course: × 0.01, or × 10)
 *   xavier: W[l] = randn(n[l], n[l-1]) / √n[l-1]                 (C1W4's L-layer model: a division)
 *   he:     W[l] = randn(n[l], n[l-1]) · √(2 / n[l-1])           (C2W1)
 * and b[l] = zeros(n[l], 1), or, on batch-normalized hidden layers, γ[l] = ones and β[l] = zeros
 * (n[l], 1) instead of b[l]. Draws are made in float64 and rounded once to `dtype` (numpy's
 * `astype(np.float32)` for float32). Returns arrays indexed 1..L (index 0 is unused).
 */
export function drawParameters(
  layers: readonly number[],
  init: Initialization,
  scale: number,
  rng: RandomState,
  batchNorm = false,
  dtype: DType = 'float64',
): ParameterSet {
  const L = layers.length - 1;
  const W: Matrix[] = [new Matrix(0, 0)];
  const b: (Matrix | null)[] = [null];
  const gamma: (Matrix | null)[] = [null];
  const beta: (Matrix | null)[] = [null];
  for (let l = 1; l < layers.length; l++) {
    const rows = layers[l]!;
    const cols = layers[l - 1]!;
    let Wl: Matrix;
    if (init === 'zeros') {
      Wl = new Matrix(rows, cols);
    } else {
      Wl = rng.randn(rows, cols);
      const d = Wl.data;
      if (init === 'random') {
        for (let k = 0; k < d.length; k++) d[k] = d[k]! * scale;
      } else if (init === 'xavier') {
        const root = Math.sqrt(cols);
        for (let k = 0; k < d.length; k++) d[k] = d[k]! / root;
      } else {
        const factor = Math.sqrt(2 / cols);
        for (let k = 0; k < d.length; k++) d[k] = d[k]! * factor;
      }
    }
    W.push(Wl.astype(dtype));
    const normalized = batchNorm && l < L;
    b.push(normalized ? null : new Matrix(rows, 1, dtype));
    gamma.push(normalized ? Matrix.full(rows, 1, 1, dtype) : null);
    beta.push(normalized ? new Matrix(rows, 1, dtype) : null);
  }
  return { W, b, gamma, beta };
}
