// Issue 13, item 8: bytes that are not UTF-8 (Windows-1252 or Latin-1 text) used to become U+FFFD
// silently, so "café" and "cafè" merged into one class. They are refused with the line and column.
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvChunks, LineBreakCounter } from './csv';
import { parseJson } from './json';
import { dataError } from '../test-support/data-error';

const cp1252 = (text: string) => Uint8Array.from(Array.from(text, (c) => c.charCodeAt(0)));

describe('text that is not UTF-8', () => {
  it('CSV: the first bad byte, its line and column', () => {
    const bytes = cp1252('x,y\n1,caf\u00e9\n2,caf\u00e8\n');
    const error = dataError(() => parseCsv(bytes, { fileName: 'w.csv', label: 'y' }));
    expect(error.message).toBe('w.csv:2:6: byte 0xe9 is not UTF-8 (Windows-1252 or Latin-1 text?); save the file as UTF-8');
    expect([error.line, error.column]).toEqual([2, 6]);
  });
  it('CSV streamed in chunks: positions count across chunk boundaries and split sequences', () => {
    const good = new TextEncoder().encode('x,y\n1,\u00e9t\u00e9\n2,\u20ac\u20ac');
    const bytes = new Uint8Array([...good, 0x80, 0x0a]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const counter = new LineBreakCounter();
      counter.add(bytes);
      const error = dataError(() => parseCsvChunks([bytes.subarray(0, cut), bytes.subarray(cut)], counter, { fileName: 's.csv', label: 'y' }));
      expect(error.message, `cut ${cut}`).toBe('s.csv:3:5: byte 0x80 is not UTF-8 (Windows-1252 or Latin-1 text?); save the file as UTF-8');
    }
  });
  it('a file ending inside a multi-byte character', () => {
    expect(dataError(() => parseCsv(new Uint8Array([0x61, 0x0a, 0x62, 0xe2, 0x82]), { fileName: 't.csv' })).message).toBe(
      't.csv:2:2: the file ends inside a UTF-8 character (bytes 0xe2 0x82); save the file as UTF-8',
    );
  });
  it('JSON', () => {
    expect(dataError(() => parseJson(cp1252('[{"x": 1, "y": "caf\u00e9"}]'), { fileName: 'w.json', label: 'y' })).message).toBe(
      'w.json:1:20: byte 0xe9 is not UTF-8 (Windows-1252 or Latin-1 text?); save the file as UTF-8',
    );
  });
  it('valid UTF-8, a BOM and a genuine U+FFFD still load', () => {
    const text = '\ufeffx,y\n1,caf\u00e9\n2,\ufffd\n3,\u{1f431}\n';
    expect(parseCsv(new TextEncoder().encode(text), { label: 'y' }).classNames).toEqual(['caf\u00e9', '\u{1f431}', '\ufffd']);
  });
});
