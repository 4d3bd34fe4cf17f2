import { jsonSyntaxError } from '../json-syntax';
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
    const { code, offset, line, column } = jsonSyntaxError(text);
    const truncated = code !== 'SyntaxError' && offset >= text.trimEnd().length;
    const detail = `invalid JSON (${code})${truncated ? '; the file ends early (was it truncated?)' : ''}`;
    throw new ModelFileError(source, '', detail, { line, column });
  }
}
