import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * Where JSON text first goes wrong, for an error message: jsonc-parser's first error (its code, such
 * as `InvalidSymbol`, and offset), with the offset as a 1-based line and column. Only called on the
 * way to an error, once JSON.parse has failed: V8's own messages do not always carry a position.
 */
export function jsonSyntaxError(text: string): { code: string; offset: number; line: number; column: number } {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  const offset = first?.offset ?? 0;
  const code = first === undefined ? 'SyntaxError' : printParseErrorCode(first.error);
  return { code, offset, ...lineColumn(text, offset) };
}

/** 1-based line and column (UTF-16 code units) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let p = text.indexOf('\n'); p !== -1 && p < offset; p = text.indexOf('\n', p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
