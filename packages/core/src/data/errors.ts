import { AnnError } from '../errors';

/** Where bad input was found: a text position (1-based line and column) or a binary array. */
export interface DataLocation {
  /** The file name (or the name given for in-memory input, `<input>` by default). */
  file: string;
  /** 1-based physical line, as an editor shows it (the header, if any, is line 1). */
  line?: number;
  /** 1-based column in that line, in characters (UTF-16 code units). */
  column?: number;
  /** The array or dataset inside a binary file (`.npy`, `.npz`, HDF5). */
  dataset?: string;
}

/** The kinds of DataError a caller may act on (see `DataError.code`). */
export type DataErrorCode = 'labelNotFound';

/**
 * Input data could not be read. The message starts with the location in the form editors and
 * terminals link, `train.csv:14:3: 'abc' is not a number (column "x2")`, or names the array for a
 * binary file, `images.npz: array "x" declares shape (1000, 784) float64 …`.
 */
export class DataError extends AnnError {
  /**
   * What kind of problem, for a caller that acts on it (read this, never the message): only
   * 'labelNotFound' so far (no column or key of the label's name: a file may hold inputs alone).
   */
  readonly code: DataErrorCode | undefined;
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly dataset: string | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(location: DataLocation, detail: string, code?: DataErrorCode) {
    const where =
      location.line !== undefined ? `${location.file}:${location.line}:${location.column ?? 1}` : location.file;
    super(`${where}: ${detail}`);
    this.file = location.file;
    this.line = location.line;
    this.column = location.line !== undefined ? (location.column ?? 1) : undefined;
    this.dataset = location.dataset;
    this.detail = detail;
    this.code = code;
  }
}

/** `'abc'` for messages, shortened when long. */
export function quoteCell(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return `'${short}'`;
}
