// The syntax of feature-expansion terms. Imports only the error classes (errors.ts imports
// nothing): `@ann/core/constants` re-exports FEATURE_TERMS and featureLabel from here, and that
// entry must stay free of the engine.
import { ValueError } from '../errors';

/**
 * TensorFlow Playground's seven input features for 2-D data, as `featureExpansion` terms:
 * x₁, x₂, x₁², x₂², x₁·x₂, sin x₁, sin x₂.
 */
export const FEATURE_TERMS = ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)'] as const;

/**
 * One term, parsed. `i` and `j` are 0-based row indices into the raw X (the term names them
 * 1-based, `x1` being row 0). `op`: identity xI, square xI², product xI·xJ (i < j), sin xI, cos xI.
 */
export type FeatureOp =
  | { op: 'identity'; i: number }
  | { op: 'square'; i: number }
  | { op: 'product'; i: number; j: number }
  | { op: 'sin'; i: number }
  | { op: 'cos'; i: number };

/** What a term can be, for messages. */
const FEATURE_TERM_SYNTAX = "xI, xI^2, xI*xJ (I < J), sin(xI) or cos(xI), with I, J the 1-based raw features (x1 is X's first row)";

// One feature index: a positive integer without leading zeros, so that each term has one spelling
// (`x01` and `x1` would otherwise be two terms computing the same row).
const INDEX = '([1-9]\\d*)';
const PATTERNS: [RegExp, (a: number, b: number) => FeatureOp | string][] = [
  [new RegExp(`^x${INDEX}$`), (a) => ({ op: 'identity', i: a - 1 })],
  [new RegExp(`^x${INDEX}\\^2$`), (a) => ({ op: 'square', i: a - 1 })],
  [
    new RegExp(`^x${INDEX}\\*x${INDEX}$`),
    (a, b) => (a < b ? { op: 'product', i: a - 1, j: b - 1 } : a === b ? `write x${a}^2 for the square` : `write x${b}*x${a}, the lower index first`),
  ],
  [new RegExp(`^sin\\(x${INDEX}\\)$`), (a) => ({ op: 'sin', i: a - 1 })],
  [new RegExp(`^cos\\(x${INDEX}\\)$`), (a) => ({ op: 'cos', i: a - 1 })],
];

/**
 * Parses one term; returns the operation, or a string saying what is wrong with it (the caller
 * puts it in a message of its own: `featureExpansion: terms[2] …`, `--features: …`).
 */
export function parseFeatureTerm(term: unknown): FeatureOp | string {
  if (typeof term !== 'string') return `expected a string such as 'x1^2', got ${term === null ? 'null' : typeof term}`;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(term);
    if (match) {
      const a = Number(match[1]);
      const b = Number(match[2] ?? 0);
      if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) return `'${term}' names a feature index too large to be a row of X`;
      const result = build(a, b);
      return typeof result === 'string' ? `'${term}' is not a term: ${result}` : result;
    }
  }
  return `'${term}' is not a term; a term is ${FEATURE_TERM_SYNTAX}`;
}

/** The term's text, the inverse of parseFeatureTerm: { op: 'product', i: 0, j: 1 } → 'x1*x2'. */
export function featureTerm(op: FeatureOp): string {
  const x = (k: number) => `x${k + 1}`;
  switch (op.op) {
    case 'identity':
      return x(op.i);
    case 'square':
      return `${x(op.i)}^2`;
    case 'product':
      return `${x(op.i)}*${x(op.j)}`;
    case 'sin':
    case 'cos':
      return `${op.op}(${x(op.i)})`;
  }
}

/** The highest 1-based raw feature a parsed term reads: the n_x it needs at least. */
export function featureOpNeeds(op: FeatureOp): number {
  return (op.op === 'product' ? op.j : op.i) + 1;
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

/**
 * A term's display form, with subscripts and the usual signs: 'x1' → 'x₁', 'x1^2' → 'x₁²',
 * 'x1*x2' → 'x₁·x₂', 'sin(x1)' → 'sin x₁', 'cos(x12)' → 'cos x₁₂'. Throws a ValueError naming the
 * term when it is not one (see FEATURE_TERM_SYNTAX).
 */
export function featureLabel(term: string): string {
  const op = parseFeatureTerm(term);
  if (typeof op === 'string') throw new ValueError(`featureLabel: ${op}`);
  const x = (i: number) => `x${String(i + 1).replace(/\d/g, (d) => SUBSCRIPT[Number(d)]!)}`;
  switch (op.op) {
    case 'identity':
      return x(op.i);
    case 'square':
      return `${x(op.i)}²`;
    case 'product':
      return `${x(op.i)}·${x(op.j)}`;
    case 'sin':
      return `sin ${x(op.i)}`;
    case 'cos':
      return `cos ${x(op.i)}`;
  }
}
