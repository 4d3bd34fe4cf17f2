/**
 * Issue 13, items 1, 6 and 8, through the built CLI: every bad data file ends in one line naming
 * the file and where, exit 1, before anything is trained (and before anything large is allocated).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, blobsCsv, STACK_FRAME, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('hardening-data');
const at = (name: string) => join(dir, name);

function npy(descr: string, shape: string, data: number[]): Buffer {
  const text = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`.padEnd(118, ' ') + '\n';
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]), Buffer.from(text, 'latin1'), Buffer.from(Float64Array.from(data).buffer)]);
}

beforeAll(() => {
  assertBuilt();
  writeFileSync(at('huge-label.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n2,2,50000000\n3,3,2\n');
  writeFileSync(at('one-class.csv'), 'x1,x2,y\n0,0,cat\n1,1,cat\n2,2,cat\n');
  writeFileSync(at('cp1252.csv'), Buffer.concat([Buffer.from('x1,x2,y\n0,0,caf'), Buffer.from([0xe9]), Buffer.from('\n1,1,caf'), Buffer.from([0xe8]), Buffer.from('\n')]));
  writeFileSync(at('wide-blank.csv'), `${Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',')}\n${'\n'.repeat(2_000_000)}`);
  writeFileSync(at('nan.npy'), npy('<f8', '(2, 2)', [1, 2, 3, Number.NaN]));
  writeFileSync(at('blobs.csv'), blobsCsv(30));
  writeFileSync(at('dup-columns.csv'), 'x,x,y\n0,1,0\n1,0,1\n2,2,0\n');
  writeFileSync(at('dup-keys.json'), '[{"x": 0, "z": 1, "y": 0},\n {"x": 1, "x": 5, "y": 1}]');
  writeFileSync(at('tiny.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n2,0,0\n0,2,1\n');
  writeFileSync(at('huge-values.csv'), 'x1,x2,y\n1,2,0\n3,1e300,1\n-1e300,0,0\n');
  const trained = ann(['train', '--data', at('blobs.csv'), '--label', 'species', '--iterations', '5', '--out', at('model.json'), '--quiet']);
  if (trained.status !== 0) throw new Error(trained.stderr);
});

function fails(args: string[], pattern: RegExp, cwd = dir): void {
  const { status, stdout, stderr } = ann(args, { cwd, timeout: 60_000 });
  expect(status, stderr).toBe(1);
  expect(stdout).toBe('');
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(STACK_FRAME);
}

describe('item 1: labels outside the class range', () => {
  it('a CSV label of 50000000 with --head multiclass is refused before training, naming the file, label and row', () => {
    fails(['train', '--data', 'huge-label.csv', '--label', 'y', '--head', 'multiclass', '--iterations', '5'], /^ann: error: huge-label\.csv: label 50000000 \(example 2, data row 3\) is not a class index: --head multiclass takes labels 0\.\.9999 \(at most 10000 classes\)$/);
  });
});

describe('item 6: hangs and raw internal errors', () => {
  it('a 1000-column header and 2,000,000 blank lines: the header-only error', () => {
    fails(['train', '--data', 'wide-blank.csv', '--label', 'c0'], /^ann: error: wide-blank\.csv:1:1: a header row but no data rows$/);
  });
  it('predict on NaN input names the file, the array and the element', () => {
    fails(['predict', '--model', 'model.json', '--data', 'nan.npy'], /^ann: error: nan\.npy: array "X": element \[1, 1\] \(example 1, feature 1\) is NaN; NaN and Infinity are not allowed$/);
  });
});

describe('item 5: duplicate names are refused, not resolved silently', () => {
  it('CSV column names', () => {
    fails(['train', '--data', 'dup-columns.csv', '--label', 'y', '--iterations', '5'], /^ann: error: dup-columns\.csv:1:3: duplicate column name "x": columns 1 and 2 are both named "x"; column names must be unique$/);
  });
  it('JSON keys (JSON.parse keeps the last one): both positions', () => {
    fails(['train', '--data', 'dup-keys.json', '--label', 'y', '--iterations', '5'], /^ann: error: dup-keys\.json:2:11: duplicate key "x" in one object \(first at 2:3\); keys must be unique/);
  });
});

describe('item 6: finite inputs that preprocessing overflows name the file, example and step, not "Network.fit: X[0, 1] is Infinity"', () => {
  it('train --scale 1e-310', () => {
    fails(['train', '--data', 'tiny.csv', '--label', 'y', '--scale', '1e-310', '--iterations', '5'], /^ann: error: tiny\.csv: example 1: --scale 1e-310 makes the input "x1" \(1\) Infinity; every input must stay a finite number after preprocessing$/);
  });
  it('train --normalize standard on values whose squares overflow (σ = Infinity made the feature 0)', () => {
    fails(['train', '--data', 'huge-values.csv', '--label', 'y', '--normalize', 'standard', '--iterations', '5'], /^ann: error: huge-values\.csv: --normalize standard: feature 0: its mean or standard deviation overflows float64 \(its values reach ±1\.000e\+300\); scale the inputs down first$/);
  });
  it('predict and evaluate with a model whose preprocessing overflows these inputs', () => {
    const trained = ann(['train', '--data', 'tiny.csv', '--label', 'y', '--scale', '1e-100', '--iterations', '5', '--out', 'scaled.json', '--quiet'], { cwd: dir });
    expect(trained.status, trained.stderr).toBe(0);
    const message = /^ann: error: huge-values\.csv: example 1: the model's preprocessing \(divide by 1e-100\) makes the input "x2" \(1e\+300\) Infinity; every input must stay a finite number after preprocessing$/;
    fails(['predict', '--model', 'scaled.json', '--data', 'huge-values.csv'], message);
    fails(['evaluate', '--model', 'scaled.json', '--data', 'huge-values.csv'], message);
  });
});

describe('item 8: smaller', () => {
  it('one categorical class fails before training, naming the class', () => {
    fails(['train', '--data', 'one-class.csv', '--label', 'y', '--iterations', '5', '--out', 'never.json'], /^ann: error: one-class\.csv: the label column "y" has one class \("cat"\); classification needs at least 2$/);
  });
  it('Windows-1252 text is refused at the byte, not merged into U+FFFD', () => {
    fails(['train', '--data', 'cp1252.csv', '--label', 'y', '--iterations', '5'], /^ann: error: cp1252\.csv:2:8: byte 0xe9 is not UTF-8 \(Windows-1252 or Latin-1 text\?\); save the file as UTF-8$/);
  });
  it('--resume resolves the saved relative --data against the model file, from any directory', () => {
    mkdirSync(at('project/data'), { recursive: true });
    mkdirSync(at('project/models'), { recursive: true });
    writeFileSync(at('project/data/train.csv'), blobsCsv(30));
    const first = ann(['train', '--data', 'data/train.csv', '--label', 'species', '--epochs', '4', '--batch-size', '8', '--out', 'models/run.json', '--quiet'], { cwd: at('project') });
    expect(first.status, first.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(at('project/models/run.json'), 'utf8')) as { training: { config: { data: string } } };
    expect(saved.training.config.data).toBe('../data/train.csv');
    // From the model's own directory, and from elsewhere: the same data file.
    for (const [cwd, model] of [[at('project/models'), 'run.json'], [dir, 'project/models/run.json']] as const) {
      const resumed = ann(['train', '--resume', model, '--epochs', '6', '--out', join(at('project'), `again-${cwd === dir ? 'a' : 'b'}.json`), '--quiet'], { cwd });
      expect(resumed.status, resumed.stderr).toBe(0);
    }
  });
});
