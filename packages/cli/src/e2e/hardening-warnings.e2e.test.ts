/**
 * Issue 13, item 4, through the built CLI: runs that cannot give a useful model still train and
 * exit 0, but say why, on stderr and as `warning` objects in --json (core's run diagnostics).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, blobsCsv, jsonLines, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('hardening-warnings');
const BASE = ['train', '--data', 'blobs.csv', '--label', 'species', '--layers', '4', '--iterations', '200'];

beforeAll(() => {
  assertBuilt();
  writeFileSync(join(dir, 'blobs.csv'), blobsCsv(90));
  writeFileSync(join(dir, 'one-class.csv'), 'x1,x2,y\n0,0,1\n1,1,1\n2,0,1\n0,2,1\n');
  writeFileSync(join(dir, 'one-row.csv'), 'x1,x2,y\n0.5,1,1\n');
});

/** The warning codes of a --json run (stdout), checking it exits 0 and stdout is pure JSON Lines. */
function warningCodes(args: string[]): string[] {
  const { status, stdout, stderr } = ann([...args, '--json'], { cwd: dir });
  expect(status, stderr).toBe(0);
  return jsonLines(stdout).filter((line) => line.type === 'warning').map((line) => String(line.code));
}

describe('item 4: warnings for useless models', () => {
  it('a healthy run says nothing', () => {
    expect(warningCodes(BASE)).toEqual([]);
  });

  const cases: [string, string[], string, RegExp][] = [
    ['all labels one class', ['train', '--data', 'one-class.csv', '--label', 'y', '--iterations', '20'], 'singleClass', /every training label is the same class \(1\)/],
    ['a single example', ['train', '--data', 'one-row.csv', '--label', 'y', '--iterations', '20'], 'fewExamples', /only 1 training example/],
    ['--split 0.97 (2 training examples)', [...BASE, '--split', '0.97'], 'fewExamples', /only 2 training examples \(88 more are held out/],
    ['--init zeros', [...BASE, '--init', 'zeros'], 'symmetricUnits', /all 4 units still have identical weights/],
    ['--lr 1e-12', [...BASE, '--lr', '1e-12'], 'noProgress', /The learning rate 1e-12 is too small/],
    ['--decay 1e12', [...BASE, '--decay', '1e12'], 'learningRateVanishes', /schedule takes the rate from/],
    ['--clip 1e-300', [...BASE, '--clip', '1e-300'], 'noProgress', /Gradient clipping to norm 1e-300/],
    ['--scale 1e300', [...BASE, '--scale', '1e300'], 'vanishingInputs', /every input is below 1e-100/],
  ];
  for (const [name, args, code, words] of cases) {
    it(`${name}: ${code}, on stderr and in --json`, () => {
      const plain = ann([...args, '--quiet'], { cwd: dir });
      expect(plain.status, plain.stderr).toBe(0);
      expect(plain.stderr).toMatch(new RegExp(`^warning: .*${words.source}.*\\[${code}, iteration \\d+\\]$`, 'm'));
      expect(warningCodes(args)).toContain(code);
    });
  }
});
