/**
 * Runs the built binary, dist/ann.js, as a user would: a separate node process, real exit codes and
 * streams. Build first (`pnpm --filter @ann/cli build`; turbo runs build before test).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../dist/ann.js', import.meta.url));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  cwd?: string;
  input?: string;
  /** Extra environment; ANN_FORCE_TTY=0 and NO_COLOR are cleared unless given here. */
  env?: Record<string, string>;
  timeout?: number;
}

/** Plain output by default, whatever the terminal running the tests is. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ANN_FORCE_TTY: '0', ...extra };
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  return env;
}

export function ann(args: string[], options: RunOptions = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
    cwd: options.cwd,
    input: options.input,
    env: environment(options.env),
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `ann` without waiting: for Ctrl-C tests. */
export function startAnn(args: string[], options: RunOptions = {}) {
  return spawn(process.execPath, [bin, ...args], { cwd: options.cwd, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function assertBuilt(): void {
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: build the CLI first with \`pnpm --filter @ann/cli build\` (turbo runs build before test)`);
  }
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ann-${prefix}-`));
}

/** A stack trace line such as `    at main (file:///…)`. */
export const STACK_FRAME = /^\s+at /m;

/** `Cost after iteration N: 0.693048` lines. */
export function costLines(stdout: string): { iteration: number; cost: string }[] {
  return [...stdout.matchAll(/^Cost after iteration (\d+): (\d+\.\d{6})/gm)].map((match) => ({ iteration: Number(match[1]), cost: match[2]! }));
}

/** Parses JSON Lines; throws (failing the test) on any line that is not JSON. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A minimal `.npy` (format 1.0, little-endian float64, C order). */
export function npy(shape: number[], data: number[]): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length * 8);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  data.forEach((v, k) => view.setFloat64(k * 8, v, true));
  return out;
}

/** Three well-separated 2-D clusters with string class names, as a CSV text (seeded). */
export function blobsCsv(m = 150): string {
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const names = ['setosa', 'versicolor', 'virginica'];
  const centres = [[0, 0], [3, 0], [0, 3]];
  let text = 'x1,x2,species\n';
  for (let i = 0; i < m; i++) {
    const c = i % 3;
    text += `${(centres[c]![0]! + random() - 0.5).toFixed(4)},${(centres[c]![1]! + random() - 0.5).toFixed(4)},${names[c]}\n`;
  }
  return text;
}

