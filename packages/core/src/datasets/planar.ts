import { ValueError } from '../errors';
import { Matrix } from '../matrix';
import { RandomState } from '../random';
import { linspace } from './linspace';

/** A labelled binary dataset: X (n_x, m), Y (1, m). */
export interface Dataset {
  X: Matrix;
  Y: Matrix;
}

/**
 * The planar "flower" of Course 1 week 3 (`load_planar_dataset`), exactly: with numpy's legacy
 * generator seeded with `seed`, for class j = 0, 1 (columns j·N … j·N + N - 1, N = m/2):
 *   t = linspace(3.12·j, 3.12·(j+1), N) + 0.2·randn(N)
 *   r = 4·sin(4t) + 0.2·randn(N)
 *   X[:, cols] = (r·sin t, r·cos t), Y[:, cols] = j
 * X is (2, m), Y is (1, m). Defaults m = 400, seed = 1: the course's data.
 */
export function planarFlower(options: { m?: number; seed?: number } = {}): Dataset {
  const m = options.m ?? 400;
  if (!Number.isInteger(m) || m < 2 || m % 2 !== 0) {
    throw ValueError.about('datasets.planarFlower', 'm', `m must be an even integer ≥ 2, got ${String(m)}`);
  }
  const rng = new RandomState(options.seed ?? 1);
  const N = m / 2;
  const a = 4;
  const X = new Matrix(2, m);
  const Y = new Matrix(1, m);
  for (let j = 0; j < 2; j++) {
    const t = linspace(j * 3.12, (j + 1) * 3.12, N);
    for (let i = 0; i < N; i++) t[i] = t[i]! + rng.nextGaussian() * 0.2;
    const r = new Float64Array(N);
    for (let i = 0; i < N; i++) r[i] = a * Math.sin(4 * t[i]!);
    for (let i = 0; i < N; i++) r[i] = r[i]! + rng.nextGaussian() * 0.2;
    for (let i = 0; i < N; i++) {
      const col = j * N + i;
      X.data[col] = r[i]! * Math.sin(t[i]!);
      X.data[m + col] = r[i]! * Math.cos(t[i]!);
      Y.data[col] = j;
    }
  }
  return { X, Y };
}
