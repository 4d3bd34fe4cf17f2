/**
 * `--config train.json`: any `ann train` flag as a JSON key (`"lr": 0.0075`, `"print-every": 100` or
 * `"printEvery": 100`, lists as arrays or strings: `"layers": [20, 7, 5]`). Flags on the command line
 * override the file. Paths in the file (`data`, `test`, `out`, `resume`) are relative to the file.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

/** Flag values by camelCase key, as yargs gives them, and where each came from. */
export interface FlagLayer {
  values: Record<string, unknown>;
  /** Shown after the flag in messages about a value from here: `--lr (train.json)`. */
  origin?: string;
}

const PATH_KEYS = new Set(['data', 'test', 'out', 'resume']);

export function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

export function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * Reads a config file into flag values. `allowed` are the camelCase keys of the command's flags.
 * A malformed file, an unknown key or a nested value is an error naming the file and the key.
 */
export async function readConfigFile(path: string, allowed: readonly string[]): Promise<FlagLayer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new Error(`${path}: expected a JSON object of flags, such as {"lr": 0.0075, "iterations": 2500}`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(document as Record<string, unknown>)) {
    const key = camelCase(name.replace(/^--/, ''));
    if (!allowed.includes(key)) {
      throw new Error(`${path}: unknown key "${name}"; keys are the flags of the command (${allowed.map(kebabCase).join(', ')})`);
    }
    values[key] = configValue(path, name, value);
    if (PATH_KEYS.has(key) && typeof values[key] === 'string') values[key] = relativeTo(path, values[key] as string);
  }
  return { values, origin: path };
}

function configValue(path: string, name: string, value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join(',');
  }
  throw new Error(`${path}: "${name}" must be a string, a number, true/false or a list of them`);
}

function relativeTo(configPath: string, path: string): string {
  return path === '-' || isAbsolute(path) ? path : join(dirname(configPath), path);
}

/**
 * Merges layers, earlier layers winning (command line first, then the config file, then a resumed
 * model's saved configuration). Returns the values and, per key, the origin of the winning layer.
 */
export function mergeLayers(layers: readonly FlagLayer[]): { values: Record<string, unknown>; origins: Record<string, string | undefined> } {
  const values: Record<string, unknown> = {};
  const origins: Record<string, string | undefined> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values)) {
      if (value === undefined || key in values) continue;
      values[key] = value;
      origins[key] = layer.origin;
    }
  }
  return { values, origins };
}
