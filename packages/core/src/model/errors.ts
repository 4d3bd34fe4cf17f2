import { ValueError } from '../errors';

/**
 * A model document (a file, a JSON value, a TF.js model) is malformed or cannot be represented.
 * The message starts with where it came from (the file name, or the function that read it), then
 * the path of the bad field in the document:
 * `model.json: parameters.W2: expected (7, 20), got (7, 19)`. JSON syntax errors give the line and
 * column instead: `model.json:3:14: invalid JSON (ValueExpected)`.
 */
export class ModelFileError extends ValueError {
  /** The file name, or the reading function (`Model.fromJSON`) for in-memory documents. */
  readonly source: string;
  /** Dotted path of the bad field (`parameters.W2`, `preprocessing[0].mean`); '' for the whole document. */
  readonly path: string;
  /** 1-based line and column, for JSON syntax errors. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The message without the source and path. */
  readonly detail: string;

  constructor(source: string, path: string, detail: string, position?: { line: number; column: number }) {
    const where = position ? `${source}:${position.line}:${position.column}` : source;
    super(`${where}: ${path ? `${path}: ` : ''}${detail}`);
    this.source = source;
    this.path = path;
    this.line = position?.line;
    this.column = position?.column;
    this.detail = detail;
  }
}

/** A path inside a document, as keys and array indices. */
export type DocumentPath = readonly (string | number)[];

/** `parameters.W2`, `preprocessing[0].mean`, `(document)` for the root. */
export function pathText(path: DocumentPath): string {
  if (path.length === 0) return '(document)';
  return path.map((part, k) => (typeof part === 'number' ? `[${part}]` : k === 0 ? part : `.${part}`)).join('');
}
