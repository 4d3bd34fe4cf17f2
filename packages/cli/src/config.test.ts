import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { camelCase, kebabCase, mergeLayers, readConfigFile } from './config';

const dir = mkdtempSync(join(tmpdir(), 'ann-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ALLOWED = ['data', 'lr', 'layers', 'printEvery', 'batchNorm'];

describe('config files', () => {
  it('reads flags by kebab or camel name, lists as arrays, paths relative to the file', async () => {
    const path = file('train.json', JSON.stringify({ lr: 0.0075, layers: [20, 7, 5], 'print-every': 100, batchNorm: true, data: 'cat.h5' }));
    expect(await readConfigFile(path, ALLOWED)).toEqual({
      values: { lr: 0.0075, layers: '20,7,5', printEvery: 100, batchNorm: true, data: join(dir, 'cat.h5') },
      origin: path,
    });
  });

  it('names the file and the key on errors', async () => {
    await expect(readConfigFile(file('a.json', '{"lrr": 1}'), ALLOWED)).rejects.toThrow(`${join(dir, 'a.json')}: unknown key "lrr"`);
    await expect(readConfigFile(file('b.json', '{"lr": {"x": 1}}'), ALLOWED)).rejects.toThrow('"lr" must be a string, a number, true/false or a list of them');
    await expect(readConfigFile(file('c.json', '[1]'), ALLOWED)).rejects.toThrow('expected a JSON object of flags');
    await expect(readConfigFile(file('d.json', '{"lr": '), ALLOWED)).rejects.toThrow(/d\.json: invalid JSON/);
    await expect(readConfigFile(join(dir, 'missing.json'), ALLOWED)).rejects.toThrow(/missing\.json: cannot read the config file: ENOENT/);
  });

  it('lets earlier layers win and remembers where each value came from', () => {
    const { values, origins } = mergeLayers([
      { values: { lr: '0.5', layers: undefined } },
      { values: { lr: 0.1, layers: '3' }, origin: 'train.json' },
      { values: { layers: '9', seed: 1 }, origin: 'model.json' },
    ]);
    expect(values).toEqual({ lr: '0.5', layers: '3', seed: 1 });
    expect(origins).toEqual({ lr: undefined, layers: 'train.json', seed: 'model.json' });
  });

  it('converts flag names', () => {
    expect(camelCase('print-every')).toBe('printEvery');
    expect(kebabCase('testX')).toBe('test-x');
  });
});
