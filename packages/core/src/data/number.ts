import { quoteCell } from './errors';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * The value of a cell holding a plain decimal number (surrounding spaces allowed), else NaN.
 * Stricter than `Number(cell)`, which reads `''` as 0 and accepts `0x1f`, `0b1`, `Infinity`.
 * The common case (a nonzero finite number without leading space) costs one `Number` call.
 */
export function parseNumberCell(cell: string): number {
  const v = +cell;
  if (v - v === 0 && v !== 0) {
    const c0 = cell.charCodeAt(0);
    if (c0 > 32 && !(c0 === 48 && cell.length > 1 && ((cell.charCodeAt(1) | 32) === 120 || (cell.charCodeAt(1) | 32) === 98 || (cell.charCodeAt(1) | 32) === 111))) {
      return v;
    }
  }
  const trimmed = cell.trim();
  if (!DECIMAL.test(trimmed)) return NaN;
  const w = Number(trimmed);
  return Number.isFinite(w) ? w : NaN;
}

/** Why `cell` is not a number, for messages: `'abc' is not a number`. */
export function describeBadNumber(cell: string): string {
  const trimmed = cell.trim();
  if (trimmed === '') return 'empty cell; missing values are not allowed';
  if (NON_FINITE.test(trimmed)) return `${quoteCell(cell)} is not a finite number; NaN and Infinity are not allowed`;
  if (DECIMAL.test(trimmed)) return `${quoteCell(cell)} overflows a float64`;
  return `${quoteCell(cell)} is not a number`;
}
