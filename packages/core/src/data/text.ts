import { DataError } from './errors';

/** Binary input accepted by every parser. */
export type ByteInput = ArrayBuffer | Uint8Array;

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderConstructor = new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

/** The platform's TextDecoder (browsers and Node both have one); core's lib types stop at ES2022. */
function textDecoder(): TextDecoderLike {
  const Decoder = (globalThis as unknown as { TextDecoder?: TextDecoderConstructor }).TextDecoder;
  if (Decoder === undefined) throw new Error('@ann/core: this platform has no TextDecoder');
  // Not fatal: a bad byte becomes U+FFFD and is then reported with its line and column.
  return new Decoder('utf-8', { fatal: false, ignoreBOM: false });
}

/** Views an ArrayBuffer or Uint8Array as bytes (no copy). */
export function toBytes(input: unknown, file: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const got = input === null ? 'null' : typeof input;
  throw new DataError({ file }, `expected a string, an ArrayBuffer or a Uint8Array, got ${got}`);
}

/** UTF-8 text of `bytes` (a leading BOM dropped). */
export function decodeText(bytes: Uint8Array): string {
  return textDecoder().decode(bytes);
}

/** Decodes byte chunks as one UTF-8 stream (characters split across chunks are joined). */
export function* decodeChunks(chunks: Iterable<Uint8Array>): Generator<string> {
  const decoder = textDecoder();
  for (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}
