import { datasets, type Matrix } from '@ann/core';

/** Training data with its name for the header: X is (n_x, m), Y is (n_y, m). */
export interface TrainingData {
  name: string;
  X: Matrix;
  Y: Matrix;
}

/**
 * Where `ann train` gets its data. Only the built-in flower set for now; file sources (`--data`)
 * become further members of this union.
 */
export type DataSource = { kind: 'builtin'; name: 'flower' };

export function loadTrainingData(source: DataSource): TrainingData {
  switch (source.kind) {
    case 'builtin': {
      const { X, Y } = datasets.planarFlower();
      return { name: source.name, X, Y };
    }
  }
}
