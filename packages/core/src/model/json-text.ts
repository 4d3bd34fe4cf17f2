import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ModelFileError } from './errors';

/**
 * JSON.parse with an error that names the file, line and column. JSON.parse alone makes the
 * document (it is fast and creates `__proto__` keys as plain own properties, never prototypes);
 * jsonc-parser runs only on the way to an error, to find where the text went wrong, since V8's
 * messages do not always carry a position (`Unexpected end of JSON input`).
 */
export function parseJsonText(text: string, source: string): unknown {
  if (typeof text !== 'string') {
    throw new ModelFileError(source, '', `expected the text of a model file (a string), got ${text === null ? 'null' : typeof text}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    if (text.trim() === '') throw new ModelFileError(source, '', 'the file is empty', { line: 1, column: 1 });
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const code = first === undefined ? 'SyntaxError' : printParseErrorCode(first.error);
    const truncated = first !== undefined && offset >= text.trimEnd().length;
    const detail = `invalid JSON (${code})${truncated ? '; the file ends early (was it truncated?)' : ''}`;
    throw new ModelFileError(source, '', detail, lineColumn(text, offset));
  }
}

/** 1-based line and column (UTF-16 code units) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let p = text.indexOf('\n'); p !== -1 && p < offset; p = text.indexOf('\n', p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
