import { describe, expect, it } from 'vitest';
import { version } from '../package.json';
import { main } from './cli';

/** Runs `ann` in-process with buffered streams. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('main', () => {
  it('prints the bare version', async () => {
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help to stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('ann train');
    expect(stderr).toBe('');
  });

  it('lists the train flags in `ann train --help`', async () => {
    const { code, stdout } = await run('train', '--help');
    expect(code).toBe(0);
    for (const flag of ['--layers', '--hidden', '--lr', '--iterations', '--seed', '--init', '--init-scale', '--print-every', '--quiet', '--json']) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [[], 'ann: missing command (available: train)'],
    [['fly'], "ann: unknown command 'fly'"],
    [['train', 'extra'], "ann: unexpected argument 'extra'"],
    [['train', '--bogus'], 'ann: unknown option --bogus'],
    [['train', '--bogus-flag=1'], 'ann: unknown option --bogus-flag'],
    [['train', '--', '--lr', '3'], "ann: unexpected argument '--lr'"],
    [['train', '--lr'], 'ann: --lr: missing value'],
    [['train', '--quiet', '--json'], 'ann: --quiet and --json cannot be used together'],
  ])('usage error %j exits 2 with one line and a pointer to --help', async (args, message) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\nRun 'ann --help' for usage.\n`);
  });

  it('shows the stack of a usage error only with --verbose', async () => {
    const { code, stderr } = await run('train', '--lr', 'abc', '--verbose');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("ann: --lr: 'abc' is not a positive finite number");
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('trains and reports in the course format', async () => {
    const { code, stdout, stderr } = await run('train', '--iterations', '3', '--print-every', '1');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 3 iterations, seed 2');
    expect(lines.slice(1, 4).map((line) => line.replace(/[\d.]+$/, 'N'))).toEqual([
      'Cost after iteration 0: N',
      'Cost after iteration 1: N',
      'Cost after iteration 2: N',
    ]);
    expect(lines[1]).toBe('Cost after iteration 0: 0.693048');
    expect(lines[4]).toMatch(/^Accuracy: \d+\.\d\d%$/);
    expect(lines[5]).toMatch(/^Elapsed: \d+\.\d\d s$/);
  });
});
