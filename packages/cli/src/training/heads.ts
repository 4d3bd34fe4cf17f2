import { classCountProblem, classIndexProblem, dataFormatOf, type Matrix } from '@ann/core/node';
import type { HeadName } from '../choices';

/** Integer labels 0..K-1 with K up to this are read as classes when --head is omitted; beyond, as values. */
const MAX_INFERRED_CLASSES = 1000;

/** Labels with where they came from, for messages. */
export interface Labels {
  Y: Matrix;
  classNames?: string[];
  /** The file (or `flower`) the labels were read from. */
  source: string;
  /** The label column or dataset, for messages. */
  labelName?: string;
}

/**
 * Where label j of `source` is, before any split reorders the examples: `(example 2, data row 3)` in
 * a CSV file (.csv, .tsv, .txt; rows counted after the header), `(example 2, record 3)` in a JSON file, and
 * `(example 2)` in an array file (.npy, .npz, .h5), where the example index is the position.
 */
function whereLabel(j: number, source: string): string {
  const format = source === '<stdin>' ? 'csv' : dataFormatOf(source);
  if (format === 'csv') return `(example ${j}, data row ${j + 1})`;
  if (format === 'json') return `(example ${j}, record ${j + 1})`;
  return `(example ${j})`;
}

/**
 * Integer labels read as classes (`--head multiclass` without class names) make one output per
 * class up to the largest label: a label past core's class bound (classIndexProblem) is refused,
 * naming it and its example, before anything sized by the number of classes is allocated. Call
 * before splitting the data.
 */
export function checkClassBound(head: HeadName | undefined, { Y, classNames, source }: Labels): void {
  if (head !== 'multiclass' || Y.rows !== 1 || classNames !== undefined) return;
  const problem = classIndexProblem(Y.data);
  if (problem !== undefined) {
    throw new LabelError(`${source}: label ${problem.label} ${whereLabel(problem.j, source)} is not a class index: --head multiclass ${problem.detail}`);
  }
}

/** A categorical label with a single class cannot be learned (and a model cannot name it): refused before training. */
function checkSeveralClasses({ classNames, source, labelName }: Labels): void {
  if (classNames === undefined || classNames.length !== 1) return;
  const column = labelName !== undefined ? `the label column ${JSON.stringify(labelName)}` : 'the label';
  throw new LabelError(`${source}: ${column} has one class (${JSON.stringify(classNames[0])}); classification needs at least 2`);
}

/**
 * The task when `--head` is omitted, from the training labels:
 *  - every label 0 or 1 → binary (sigmoid; several label rows are independent 0/1 outputs);
 *  - class names (a categorical column), or one row of integers 0..K-1 → multiclass (softmax over
 *    K classes, with core one-hot encoding the class indices);
 *  - anything else (fractions, negative numbers, more than MAX_INFERRED_CLASSES integers) → regression.
 */
export function inferHead(labels: Labels): HeadName {
  const { Y, classNames } = labels;
  checkSeveralClasses(labels);
  const values = Y.data;
  if ((classNames === undefined || classNames.length === 2) && values.every((v) => v === 0 || v === 1)) return 'binary';
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
  if (head !== 'regression') checkSeveralClasses(labels);
  if (head === 'binary') {
    const bad = distinct(Y.data, (v) => v !== 0 && v !== 1);
    if (bad.length > 0) {
      throw new LabelError(`--head binary needs labels 0 and 1, but ${source} has ${describe(bad, classNames)}`);
    }
    if (classNames !== undefined && classNames.length !== 2) {
      throw new LabelError(`--head binary needs 2 classes, but ${source} lists ${classNames.length} (${classNames.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}${classNames.length > 5 ? ', …' : ''})`);
    }
    return Y.rows;
  }
  if (head === 'multiclass') {
    if (Y.rows > 1) return Y.rows; // one-hot rows; core checks each column has a single 1
    const bad = distinct(Y.data, (v) => !Number.isInteger(v) || v < 0);
    if (bad.length > 0) {
      throw new LabelError(`--head multiclass needs class labels (integers 0, 1, … or class names), but ${source} has ${describe(bad)}`);
    }
    if (classNames !== undefined) {
      const j = Y.data.findIndex((v) => v >= classNames.length);
      if (j >= 0) {
        const shown = classNames.slice(0, 5).map((n) => JSON.stringify(n)).join(', ') + (classNames.length > 5 ? ', …' : '');
        throw new LabelError(`${source}: label ${Y.data[j]} ${whereLabel(j, source)} is not one of the ${classNames.length} classes (${shown})`);
      }
      const tooMany = classCountProblem(classNames.length, 'the data');
      if (tooMany !== undefined) throw new LabelError(`${source}: ${tooMany}`);
    }
    checkClassBound(head, labels);
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
