import type { Matrix } from '@ann/core/node';
import type { HeadName } from '../choices';

/** Integer labels 0..K-1 with K up to this are read as classes when --head is omitted; beyond, as values. */
export const MAX_INFERRED_CLASSES = 1000;

/** Labels with where they came from, for messages. */
export interface Labels {
  Y: Matrix;
  classNames?: string[];
  /** The file (or `flower`) the labels were read from. */
  source: string;
}

/**
 * The task when `--head` is omitted, from the training labels:
 *  - every label 0 or 1 → binary (sigmoid; several label rows are independent 0/1 outputs);
 *  - class names (a categorical column), or one row of integers 0..K-1 → multiclass (softmax over
 *    K classes, with core one-hot encoding the class indices);
 *  - anything else (fractions, negative numbers, more than MAX_INFERRED_CLASSES integers) → regression.
 */
export function inferHead({ Y, classNames }: Labels): HeadName {
  const values = Y.data;
  if (values.every((v) => v === 0 || v === 1)) return 'binary';
  if (classNames !== undefined && classNames.length > 0) return 'multiclass';
  if (Y.rows === 1 && values.every((v) => Number.isInteger(v) && v >= 0 && v < MAX_INFERRED_CLASSES)) return 'multiclass';
  return 'regression';
}

/** The task of a saved network, from its output head. */
export function headOfOutput(output: 'sigmoid' | 'softmax' | 'linear'): HeadName {
  return output === 'sigmoid' ? 'binary' : output === 'softmax' ? 'multiclass' : 'regression';
}

/** A runtime error about labels that do not fit the head: names the offending labels. */
export class LabelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelError';
  }
}

/**
 * Checks the labels fit `head` and returns n_L, the output layer's size: Y's rows (binary,
 * regression) or the number of classes C (multiclass). Throws a LabelError naming the labels that
 * do not fit, e.g. `--head binary needs labels 0 and 1, but iris.csv has 2 ("virginica")`.
 */
export function outputSize(head: HeadName, labels: Labels): number {
  const { Y, classNames, source } = labels;
  if (head === 'binary') {
    const bad = distinct(Y.data, (v) => v !== 0 && v !== 1);
    if (bad.length > 0) {
      throw new LabelError(`--head binary needs labels 0 and 1, but ${source} has ${describe(bad, classNames)}`);
    }
    return Y.rows;
  }
  if (head === 'multiclass') {
    if (Y.rows > 1) return Y.rows; // one-hot rows; core checks each column has a single 1
    const bad = distinct(Y.data, (v) => !Number.isInteger(v) || v < 0);
    if (bad.length > 0) {
      throw new LabelError(`--head multiclass needs class labels (integers 0, 1, … or class names), but ${source} has ${describe(bad)}`);
    }
    let C = classNames?.length ?? 0;
    for (const v of Y.data) C = Math.max(C, v + 1);
    if (C < 2) throw new LabelError(`--head multiclass needs at least 2 classes, but ${source} has only class ${describe([0], classNames)}`);
    return C;
  }
  if (classNames !== undefined && classNames.length > 0) {
    throw new LabelError(`--head regression needs numeric labels, but ${source} has class names (${classNames.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}${classNames.length > 5 ? ', …' : ''})`);
  }
  return Y.rows;
}

function distinct(values: ArrayLike<number>, keep: (v: number) => boolean): number[] {
  const found = new Set<number>();
  for (let k = 0; k < values.length && found.size <= 5; k++) if (keep(values[k]!)) found.add(values[k]!);
  return [...found].sort((a, b) => a - b);
}

/** `labels 2, 3 ("virginica", "setosa")`, up to five of them. */
function describe(values: number[], classNames?: string[]): string {
  const shown = values.slice(0, 5);
  const more = values.length > 5 ? ', …' : '';
  const names = classNames ? ` (${shown.map((v) => JSON.stringify(classNames[v] ?? String(v))).join(', ')}${more})` : '';
  return `label${values.length === 1 ? '' : 's'} ${shown.join(', ')}${more}${names}`;
}
