/** The README's main command, `ann train` on the built-in flower, and the binary's basics. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann as run, assertBuilt, bin, costLines, STACK_FRAME } from './helpers';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const ann = (...args: string[]) => run(args);

beforeAll(assertBuilt);

describe('ann (built binary)', () => {
  it('starts with a node shebang', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version prints the bare version number', () => {
    const { status, stdout, stderr } = ann('--version');
    expect(status).toBe(0);
    expect(stdout).toBe(`${packageJson.version}\n`);
    expect(stderr).toBe('');
  });

  it('--help exits 0 and lists the commands', () => {
    const { status, stdout } = ann('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/ann train/);
  });

  it('train --help lists the flags', () => {
    const { status, stdout } = ann('train', '--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/--layers/);
    expect(stdout).toMatch(/--print-every/);
  });

  it("default train: the course's planar run, costs falling from 0.693048, accuracy at least 85%", () => {
    const { status, stdout, stderr } = ann('train', '--iterations', '2000');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Training [2, 4, 1] tanh/sigmoid on flower (m = 400), lr 1.2, 2000 iterations, seed 2');
    // numpy's values for the C1W3 experiment (packages/core/fixtures/planar-experiment.json).
    expect(costLines(stdout)).toEqual([
      { iteration: 0, cost: '0.693048' },
      { iteration: 1000, cost: '0.288083' },
    ]);
    const accuracy = /^Accuracy: (\d+\.\d\d)%$/m.exec(stdout);
    expect(accuracy, stdout).not.toBeNull();
    expect(Number(accuracy![1])).toBeGreaterThanOrEqual(85);
    expect(lines.at(-1)).toMatch(/^Elapsed: \d+\.\d\d s$/);
  });

  it('prints a cost line every --print-every iterations, falling', () => {
    const { status, stdout } = ann('train', '--iterations', '1000', '--print-every', '100');
    expect(status).toBe(0);
    const costs = costLines(stdout);
    expect(costs.map((line) => line.iteration)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(Number(costs.at(-1)!.cost)).toBeLessThan(Number(costs[0]!.cost));
  });

  it('--json prints only JSON lines, progress then a result', () => {
    const { status, stdout, stderr } = ann('train', '--iterations', '2000', '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; iteration?: number; cost?: number; train?: { cost: number; accuracy: number } });
    expect(records.map((record) => record.type)).toEqual(['progress', 'progress', 'result']);
    expect(records[0]).toEqual({ type: 'progress', iteration: 0, cost: expect.closeTo(0.693048, 6) });
    expect(records[1]).toMatchObject({ type: 'progress', iteration: 1000 });
    const result = records[2]!.train!;
    expect(result.cost).toBeLessThan(records[1]!.cost!);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.accuracy).toBeLessThanOrEqual(1);
  });

  it('--quiet prints only the accuracy line', () => {
    const { status, stdout, stderr } = ann('train', '--iterations', '2000', '--quiet');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Accuracy: \d+\.\d\d%\n$/);
  });

  it('trains a deeper network with per-layer activations', () => {
    const { status, stdout, stderr } = ann(
      'train', '--layers', '8,5', '--hidden', 'relu,tanh', '--init', 'he', '--lr', '0.3', '--iterations', '500', '--print-every', '250',
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Training [2, 8, 5, 1] relu,tanh/sigmoid on flower (m = 400), lr 0.3, 500 iterations, seed 2');
    expect(costLines(stdout).map((line) => line.iteration)).toEqual([0, 250]);
  });

  describe('usage errors exit 2 with one line naming the flag', () => {
    it.each([
      [['train', '--bogus'], '--bogus'],
      [['train', '--layers', '4,x'], '--layers'],
      [['train', '--lr', '-1'], '--lr'],
      [['train', '--lr', 'abc'], '--lr'],
      [['train', '--iterations', '0'], '--iterations'],
      [['train', '--hidden', 'relu,tanh', '--layers', '4'], '--hidden'],
      [['train', '--hidden', 'nope'], '--hidden'],
      [['train', '--seed', '-3'], '--seed'],
      [['train', '--seed', '4294967296'], '--seed'],
      [['train', '--init', 'glorot'], '--init'],
      [['train', '--layers'], '--layers'],
    ])('ann %j', (args, flag) => {
      const { status, stdout, stderr } = ann(...args);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^ann: /);
      expect(lines[0]).toContain(flag);
      expect(lines[1]).toBe("Run 'ann --help' for usage.");
      expect(stderr).not.toMatch(STACK_FRAME);
    });

    it('names the bad value', () => {
      expect(ann('train', '--layers', '4,x').stderr).toBe("ann: --layers: 'x' is not a positive integer\nRun 'ann --help' for usage.\n");
    });

    it('a missing command is a usage error too', () => {
      const { status, stderr } = ann();
      expect(status).toBe(2);
      expect(stderr).toMatch(/^ann: missing command/);
    });
  });

  describe('divergence exits 1 naming the learning rate, without a stack trace', () => {
    const DIVERGING = ['train', '--hidden', 'relu', '--lr', '1e6', '--init-scale', '10'];

    it(`ann ${DIVERGING.join(' ')}`, () => {
      const { status, stderr } = ann(...DIVERGING);
      expect(status).toBe(1);
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^ann: error: training diverged: .*learning rate \(--lr 1000000\)/);
      expect(stderr).not.toMatch(STACK_FRAME);
    });

    it('--verbose adds the stack trace', () => {
      const { status, stderr } = ann(...DIVERGING, '--verbose');
      expect(status).toBe(1);
      expect(stderr).toMatch(STACK_FRAME);
    });
  });
});
