import { ValueError } from '../errors';
import { ModelFileError, pathText, type DocumentPath } from './errors';

/** Free-form JSON data (training configuration, metrics). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Copies user data (a training configuration, metrics) into plain JSON for the model file, as
 * JSON.stringify would see it: NaN and ±Infinity become null (a linear head's accuracy is NaN),
 * undefined object entries are dropped. Anything JSON cannot hold faithfully is refused with its
 * path (`training.config.shuffleSeed: a function cannot be stored in a model file`), rather than
 * silently lost: functions, class instances such as Matrix or AbortSignal, typed arrays, cycles.
 */
export function toJsonData(value: unknown, path: DocumentPath, fn: string, seen = new Set<object>()): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const where = `${fn}: ${pathText(path)}`;
  if (typeof value === 'function') throw new ValueError(`${where}: a function cannot be stored in a model file`);
  if (typeof value !== 'object') throw new ValueError(`${where}: a ${typeof value} cannot be stored in a model file`);
  if (seen.has(value)) throw new ValueError(`${where}: a circular reference cannot be stored in a model file`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, k) => (item === undefined ? null : toJsonData(item, [...path, k], fn, seen)));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new ValueError(`${where}: a ${name} cannot be stored in a model file; store plain data (numbers, strings, arrays, objects)`);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw new ValueError(`${where}: the key "__proto__" cannot be stored in a model file`);
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = toJsonData(item, [...path, key], fn, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Reads free-form data from a parsed document into fresh objects. A `__proto__` key (which
 * JSON.parse keeps as an own property) is refused: copying it by assignment would replace the
 * copy's prototype.
 */
export function readJsonData(value: unknown, path: DocumentPath, source: string): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ModelFileError(source, pathText(path), `expected a finite number, got ${String(value)}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, k) => readJsonData(item, [...path, k], source));
  if (typeof value !== 'object') throw new ModelFileError(source, pathText(path), `expected JSON data, got a ${typeof value}`);
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw new ModelFileError(source, pathText([...path, key]), 'unexpected key');
    out[key] = readJsonData((value as Record<string, unknown>)[key], [...path, key], source);
  }
  return out;
}

/**
 * The model file's text: objects indented by two spaces, arrays of numbers or strings kept on one
 * line (so a parameter matrix is one line, not one line per entry). Numbers are written by
 * JSON.stringify, the shortest text that parses back to the same float64.
 */
export function formatJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => JSON.stringify(item) ?? 'null').join(', ')}]`;
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${inner}${JSON.stringify(key)}: ${formatJson((value as Record<string, unknown>)[key], inner)}`);
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
}
