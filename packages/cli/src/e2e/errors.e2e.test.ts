/**
 * A corpus of bad inputs with their exit codes: usage errors exit 2 with one line and a pointer to
 * --help; runtime errors exit 1 with one line saying what and where; never a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ann, assertBuilt, blobsCsv, STACK_FRAME, temporaryDirectory } from './helpers';

const dir = temporaryDirectory('errors');
const at = (name: string) => join(dir, name);

beforeAll(() => {
  assertBuilt();
  writeFileSync(at('blobs.csv'), blobsCsv(30));
  writeFileSync(at('bad-cell.csv'), 'x1,x2,y\n1,2,0\n3,abc,1\n');
  writeFileSync(at('ragged.csv'), 'x1,x2,y\n1,2,0\n3,1\n');
  writeFileSync(at('empty.csv'), '');
  writeFileSync(at('three-features.csv'), 'a,b,c\n1,2,3\n');
  writeFileSync(at('labels-012.csv'), 'x1,x2,y\n0,0,0\n1,1,1\n2,2,2\n3,3,2\n');
  writeFileSync(at('broken-model.json'), '{\n  "format": "ann-model",\n  "version": 2,\n  oops\n}\n');
  const trained = ann(['train', '--data', at('blobs.csv'), '--label', 'species', '--iterations', '5', '--out', at('model.json'), '--quiet']);
  if (trained.status !== 0) throw new Error(trained.stderr);
  const document = JSON.parse(readFileSync(at('model.json'), 'utf8')) as { parameters: { W2: { shape: number[] } }; training: { checkpoint?: unknown } };
  document.parameters.W2.shape = [3, 5];
  writeFileSync(at('bad-shape-model.json'), JSON.stringify(document));
  const noCheckpoint = JSON.parse(readFileSync(at('model.json'), 'utf8')) as { training: { checkpoint?: unknown } };
  delete noCheckpoint.training.checkpoint;
  writeFileSync(at('no-checkpoint.json'), JSON.stringify(noCheckpoint));
});

describe('usage errors: exit 2, one line naming the flag, then a pointer to --help', () => {
  it.each([
    [['train', '--bogus'], 'unknown option --bogus'],
    [['train', '--layers', '4,x'], "--layers: 'x' is not a positive integer"],
    [['train', '--lr', '-1'], "--lr: '-1' is not a positive finite number"],
    [['train', '--lr'], '--lr: missing value'],
    [['train', '--head', 'softmax'], "--head: 'softmax' is not one of binary, multiclass, regression"],
    [['train', '--dtype', 'float16'], "--dtype: 'float16' is not one of float64, float32"],
    [['train', '--split', '2'], "--split: '2' is not a number strictly between 0 and 1"],
    [['train', '--epochs', '5', '--iterations', '5'], '--iterations and --epochs cannot be used together'],
    [['train', '--early-stopping', '3'], '--early-stopping needs validation data'],
    [['train', '--x', 'X'], '--x needs --data FILE'],
    [['train', '--data', 'blobs.csv', '--x', 'X'], '--x names an array in an HDF5 or .npz file, but blobs.csv is not one'],
    [['evaluate', '--model', 'model.json'], '--data: missing (required)'],
    [['predict', '--model', 'model.json', '--data', '-', '--format', 'xml'], "--format: 'xml' is not one of csv, json, npy, npz, hdf5"],
    [['info'], 'missing argument: ann info <model>'],
    [['export', 'model.json', '--out', 'x'], '--format: missing (required)'],
    [['datasets', 'generate'], 'missing dataset name'],
    [['gradcheck', '--m', '0'], "--m: '0' is not a positive integer"],
    [['fly'], "unknown command 'fly'"],
  ])('ann %j', (args, message) => {
    const { status, stdout, stderr } = ann(args, { cwd: dir });
    expect(stdout).toBe('');
    expect(status, stderr).toBe(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`ann: ${message}`);
    expect(lines[1]).toBe("Run 'ann --help' for usage.");
  });
});

describe('runtime errors: exit 1, one line saying what and where', () => {
  it.each([
    [['train', '--data', 'missing.csv', '--label', 'y'], /^ann: error: missing\.csv: cannot read the file: .*ENOENT/],
    [['train', '--data', 'bad-cell.csv', '--label', 'y'], /^ann: error: bad-cell\.csv:3:3: 'abc' is not a number \(column "x2"\)$/],
    [['train', '--data', 'ragged.csv', '--label', 'y'], /^ann: error: ragged\.csv:3:\d+: row has 2 fields but the header has 3$/],
    [['train', '--data', 'empty.csv', '--label', 'y'], /^ann: error: empty\.csv:1:1: the file is empty/],
    [['train', '--data', 'blobs.csv', '--label', 'kind'], /^ann: error: blobs\.csv:1:1: no column named "kind" for the label; the columns are "x1", "x2", "species"$/],
    [['train', '--data', 'blobs.csv', '--label', 'species', '--head', 'binary'], /^ann: error: --head binary needs labels 0 and 1, but blobs\.csv has label 2 \("virginica"\)$/],
    [['train', '--data', 'labels-012.csv', '--label', 'y', '--head', 'binary'], /^ann: error: --head binary needs labels 0 and 1, but labels-012\.csv has label 2$/],
    [['train', '--data', 'blobs.csv', '--label', 'species', '--head', 'regression'], /^ann: error: --head regression needs numeric labels, but blobs\.csv has class names/],
    [['train', '--hidden', 'relu', '--lr', '1e6', '--init-scale', '10'], /^ann: error: training diverged: .*NaN or Infinity.*\(--lr 1000000\).*no model was written$/],
    [['train', '--lr', '1e9', '--iterations', '2000'], /^ann: error: training diverged: the cost climbed to .*more than 10× its first value.*\(--lr 1000000000\)/],
    [['train', '--resume', 'no-checkpoint.json'], /^ann: error: no-checkpoint\.json: training\.checkpoint: missing/],
    [['train', '--resume', 'broken-model.json'], /^ann: error: broken-model\.json:4:3: /],
    [['evaluate', '--model', 'model.json', '--data', 'three-features.csv', '--label', 'c'], /^ann: error: three-features\.csv: no column "x1"; the model takes "x1", "x2"$/],
    [['evaluate', '--model', 'bad-shape-model.json', '--data', 'blobs.csv'], /^ann: error: bad-shape-model\.json: parameters\.W2/],
    [['predict', '--model', 'missing-model.json', '--data', 'blobs.csv'], /^ann: error: missing-model\.json: cannot read the file/],
    [['gradcheck', '--epsilon', '0.5'], /^ann: error: gradient check failed/],
  ])('ann %j', (args, pattern) => {
    const { status, stderr } = ann(args, { cwd: dir });
    expect(status, stderr).toBe(1);
    const lines = stderr.trimEnd().split('\n').filter((line) => !line.startsWith('warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('standard input errors name <stdin> with line and column', () => {
    const { status, stderr } = ann(['predict', '--model', 'model.json', '--data', '-'], { cwd: dir, input: 'x1,x2\n1,oops\n' });
    expect(status).toBe(1);
    expect(stderr).toBe("ann: error: <stdin>:2:3: 'oops' is not a number (column \"x2\")\n");
  });

  it('a model that does not match the data names both feature counts', () => {
    const { status, stderr } = ann(['predict', '--model', 'model.json', '--data', '-'], { cwd: dir, input: '1,2,3\n4,5,6\n' });
    expect(status).toBe(1);
    expect(stderr).toBe('ann: error: <stdin>: has 3 features per example but the model takes 2 (x1, x2)\n');
  });

  it('--version prints the bare version; --verbose adds stack traces', () => {
    expect(ann(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(ann(['train', '--data', 'missing.csv', '--verbose'], { cwd: dir }).stderr).toMatch(STACK_FRAME);
  });
});
