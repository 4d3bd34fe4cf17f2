import { DataError } from './errors';

/** Binary input accepted by every parser. */
export type ByteInput = ArrayBuffer | Uint8Array;

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

/**
 * The platform's TextDecoder (browsers and Node both have one); core's lib types stop at ES2022.
 * Fatal: a byte that is not UTF-8 (Windows-1252 or Latin-1 text) must not silently become U+FFFD,
 * which would merge "café" and "cafè"; it is reported with its line and column instead.
 */
function textDecoder(fatal: boolean): TextDecoderLike {
  const Decoder = (globalThis as unknown as { TextDecoder?: TextDecoderConstructor }).TextDecoder;
  if (Decoder === undefined) throw new Error('@ann/core: this platform has no TextDecoder');
  return new Decoder('utf-8', { fatal, ignoreBOM: false });
}

/** Views an ArrayBuffer or Uint8Array as bytes (no copy). */
export function toBytes(input: unknown, file: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const got = input === null ? 'null' : typeof input;
  throw new DataError({ file }, `expected a string, an ArrayBuffer or a Uint8Array, got ${got}`);
}

/** UTF-8 text of `bytes` (a leading BOM dropped); bytes that are not UTF-8 are a DataError with their line and column. */
export function decodeText(bytes: Uint8Array, file = '<input>'): string {
  try {
    return textDecoder(true).decode(bytes);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw notUtf8(bytes, { line: 0, column: 0 }, file, true);
  }
}

/** Decodes byte chunks as one UTF-8 stream (characters split across chunks are joined). */
export function* decodeChunks(chunks: Iterable<Uint8Array>, file = '<input>'): Generator<string> {
  const decoder = textDecoder(true);
  /** Line breaks and characters since the last one, in the text decoded so far. */
  const before = { line: 0, column: 0 };
  /** The bytes of a character the previous chunk ended inside (held back by the decoder). */
  let carry: Uint8Array = new Uint8Array(0);
  const advance = (text: string) => {
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    before.line += Math.max(countOf(text, '\n'), countOf(text, '\r'));
    before.column = lastBreak === -1 ? before.column + text.length : text.length - lastBreak - 1;
  };
  for (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const joined = new Uint8Array(carry.length + chunk.length);
      joined.set(carry);
      joined.set(chunk, carry.length);
      throw notUtf8(joined, before, file, false);
    }
    carry = incompleteTail(carry, chunk);
    advance(text);
    yield text;
  }
  try {
    yield decoder.decode();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw notUtf8(carry, before, file, true);
  }
}

function countOf(text: string, mark: string): number {
  let count = 0;
  for (let p = text.indexOf(mark); p !== -1; p = text.indexOf(mark, p + 1)) count++;
  return count;
}

/** The trailing bytes of `previous + chunk` that start a character not yet complete (at most 3). */
function incompleteTail(previous: Uint8Array, chunk: Uint8Array): Uint8Array {
  const joined = chunk.length >= 4 ? chunk : new Uint8Array([...previous, ...chunk]);
  for (let back = 1; back <= Math.min(3, joined.length); back++) {
    const b = joined[joined.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? joined.slice(joined.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/**
 * The DataError for the first byte of `bytes` that does not start a valid UTF-8 sequence; `before`
 * is the line count and column reached before `bytes` (whose first bytes may finish nothing yet).
 */
function notUtf8(bytes: Uint8Array, before: { line: number; column: number }, file: string, final: boolean): DataError {
  const { offset, incomplete } = firstInvalid(bytes, final);
  const prefix = textDecoder(false).decode(bytes.subarray(0, offset));
  const lastBreak = Math.max(prefix.lastIndexOf('\n'), prefix.lastIndexOf('\r'));
  const line = before.line + Math.max(countOf(prefix, '\n'), countOf(prefix, '\r')) + 1;
  const column = (lastBreak === -1 ? before.column + prefix.length : prefix.length - lastBreak - 1) + 1;
  const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
  if (incomplete) {
    const rest = Array.from(bytes.subarray(offset), hex).join(' ');
    return new DataError({ file, line, column }, `the file ends inside a UTF-8 character (bytes ${rest}); save the file as UTF-8`);
  }
  return new DataError({ file, line, column }, `byte ${hex(bytes[offset]!)} is not UTF-8 (Windows-1252 or Latin-1 text?); save the file as UTF-8`);
}

/** Where the first invalid UTF-8 sequence starts (the WHATWG decoder's rules: no overlongs, surrogates or code points past U+10FFFF). */
function firstInvalid(bytes: Uint8Array, final: boolean): { offset: number; incomplete: boolean } {
  let p = 0;
  while (p < bytes.length) {
    const b = bytes[p]!;
    if (b < 0x80) {
      p++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return { offset: p, incomplete: false };
    for (let k = 1; k <= need; k++) {
      if (p + k >= bytes.length) return { offset: p, incomplete: final };
      const c = bytes[p + k]!;
      if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return { offset: p, incomplete: false };
    }
    p += need + 1;
  }
  return { offset: bytes.length, incomplete: final };
}
