import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataError, loadDataset } from './node';
import { itWithSharedData, readFootballCsv } from './test-support/shared-datasets';

const tmp = mkdtempSync(join(tmpdir(), 'ann-load-'));
const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
const fixtures = fileURLToPath(new URL('../fixtures/data/', import.meta.url));

async function loadError(path: string, options = {}): Promise<DataError> {
  try {
    await loadDataset(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('loadDataset', () => {
  it('picks the format from the extension, or from `format`', async () => {
    const csv = await loadDataset(write('a.csv', 'x1,x2,y\n1,2,cat\n3,4,dog\n'), { label: 'y' });
    expect(csv.X.toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(csv.classNames).toEqual(['cat', 'dog']);
    expect((await loadDataset(write('a.tsv', 'a\tb\n1\t2\n'))).X.shape).toEqual([2, 1]);
    expect((await loadDataset(write('a.json', '{"X": [[1, 2]]}'))).X.shape).toEqual([2, 1]);
    expect((await loadDataset(write('data.dat', '1;2\n3;4\n'), { format: 'csv' })).X.shape).toEqual([2, 2]);
    expect((await loadDataset(join(fixtures, 'u1_4d_fortran.npy'))).X.shape).toEqual([12, 4]);
    expect((await loadDataset(join(fixtures, 'compressed.npz'))).Y!.shape).toEqual([1, 6]);
    expect((await loadDataset(join(fixtures, 'chunked.h5'))).X.shape).toEqual([6, 6]);
  });

  it('puts the path in every error', async () => {
    const bad = write('bad.csv', 'x1,x2\n1,2\n3,abc\n');
    expect((await loadError(bad)).message).toBe(`${bad}:3:3: 'abc' is not a number (column "x2")`);
    expect((await loadError(join(tmp, 'missing.csv'))).message).toMatch(/missing\.csv: cannot read the file: ENOENT/);
    expect((await loadError(write('x.xyz', ''))).message).toMatch(/x\.xyz: cannot tell the format from the extension "\.xyz"/);
    expect((await loadError(join(fixtures, 'truncated.npy'))).message).toBe(
      `${join(fixtures, 'truncated.npy')}: array "X": declares shape (1000, 3) <f8 = 24000 bytes of data but the file holds only 120`,
    );
  });

  it('streams a CSV larger than one read chunk, with exact locations', async () => {
    const lines = ['a,b,c'];
    for (let k = 0; k < 250_000; k++) lines.push(`${k},${k / 7},${k % 3}`);
    const good = write('big.csv', lines.join('\r\n') + '\r\n');
    const { X, Y } = await loadDataset(good, { label: 'c' });
    expect(X.shape).toEqual([2, 250_000]);
    expect(X.get(1, 123_456)).toBe(123_456 / 7);
    expect(Y!.get(0, 249_999)).toBe(249_999 % 3);
    lines[200_001] = '1,2,3,4';
    const bad = write('bad-big.csv', lines.join('\n'));
    expect((await loadError(bad)).message).toBe(`${bad}:200002:7: row has 4 fields but the header has 3`);
  });

  it('reads UTF-8 split across chunk boundaries', async () => {
    const name = 'é'.repeat(3_000_000); // 6 MB of two-byte characters in the header
    const { featureNames } = await loadDataset(write('utf8.csv', `${name},b\n1,2\n`));
    expect(featureNames![0]).toBe(name);
  });
});

describe('loadDataset on the course files', () => {
  itWithSharedData('football_train.csv gives the same doubles as the reference reader', async (shared) => {
    const path = join(shared, 'football_train.csv');
    const { X, Y, featureNames } = await loadDataset(path, { label: 'y' });
    const want = readFootballCsv(path);
    expect(X.toArray()).toEqual(want.X);
    expect(Y!.toArray()).toEqual(want.Y);
    expect(featureNames).toEqual(['x1', 'x2']);
  });

  itWithSharedData('the cat .h5 files load through loadDataset, scaled later by 1/255', async (shared) => {
    const copy = join(tmp, 'train.h5');
    copyFileSync(join(shared, 'train_catvnoncat.h5'), copy);
    const train = await loadDataset(copy);
    expect(train.X.shape).toEqual([12288, 209]);
    expect(train.Y!.shape).toEqual([1, 209]);
    const test = await loadDataset(join(shared, 'test_catvnoncat.h5'));
    expect(test.X.shape).toEqual([12288, 50]);
    expect(test.classNames).toEqual(['non-cat', 'cat']);
  });
});

describe('@ann/core/node model files', () => {
  it('exports saveModel and loadModel', async () => {
    const { Model, Network, saveModel, loadModel } = await import('./node');
    const model = new Model({ network: new Network({ layers: [2, 3, 1], seed: 5 }), classNames: ['no', 'yes'] });
    const path = join(tmp, 'model.json');
    await saveModel(path, model);
    const back = await loadModel(path);
    expect(back.serialize()).toBe(model.serialize());
    expect(back.classNames).toEqual(['no', 'yes']);
  });
});
