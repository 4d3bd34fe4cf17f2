import { Matrix } from '../matrix';
import type { RandomState } from '../random';
import type { Dataset } from './planar';

/**
 * The tail that scikit-learn's `make_moons` / `make_circles` run after placing the points, shared by
 * every classification generator here:
 *
 *   idx = arange(m); rng.shuffle(idx); X = X[idx]; y = y[idx]     (sklearn.utils.shuffle, a gather)
 *   X += rng.normal(scale=noise, size=(m, 2))                       (drawn row-major: x0, y0, x1, …)
 *
 * `points` holds the noise-free samples row-major as numpy's (m, 2) array (sample j at 2j, 2j + 1),
 * `labels` their classes. Returns the course's shapes: X (2, m) with examples in columns, Y (1, m).
 * The noise is drawn even when `noise` is 0, as numpy does, so the generator ends in the same state.
 */
export function shuffleAndAddNoise(points: Float64Array, labels: Float64Array, noise: number, rng: RandomState): Dataset {
  const m = labels.length;
  const idx = Array.from({ length: m }, (_, i) => i);
  rng.shuffle(idx);
  const X = new Matrix(2, m);
  const Y = new Matrix(1, m);
  for (let j = 0; j < m; j++) {
    const src = idx[j]!;
    // numpy's normal(loc=0, scale) is 0 + scale·gauss; adding 0 changes nothing.
    X.data[j] = points[2 * src]! + noise * rng.nextGaussian();
    X.data[m + j] = points[2 * src + 1]! + noise * rng.nextGaussian();
    Y.data[j] = labels[src]!;
  }
  return { X, Y };
}
