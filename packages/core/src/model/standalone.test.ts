import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { Network } from '../network';
import { Model } from './model';
import { exportStandalone } from './standalone';
import { modelCases } from './test-models';

const dir = mkdtempSync(join(tmpdir(), 'ann-standalone-'));

interface StandaloneModule {
  predictProba(X: number[][]): number[][];
  predict(X: number[][]): number[][];
  predictClassNames(X: number[][]): string[];
  inputSize: number;
  classNames: string[] | null;
  featureNames: string[] | null;
}

async function load(model: Model, name: string): Promise<StandaloneModule> {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, exportStandalone(model));
  return (await import(/* @vite-ignore */ pathToFileURL(path).href)) as StandaloneModule;
}

function rows(X: Matrix): number[][] {
  return Array.from({ length: X.cols }, (_, j) => Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]!));
}

describe('exportStandalone', () => {
  modelCases().forEach(({ name, model, Xraw }, index) => {
    it(`${name}: the generated module predicts what the model predicts (1e-12)`, async () => {
      const mod = await load(model, `case${index}`);
      const expected = rows(model.predictProba(Xraw));
      const actual = mod.predictProba(rows(Xraw));
      let worst = 0;
      actual.forEach((row, j) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[j]![i]!) / Math.max(Math.abs(expected[j]![i]!), 1e-300)))));
      expect(worst).toBeLessThanOrEqual(1e-12);
      expect(mod.predict(rows(Xraw))).toEqual(rows(model.predict(Xraw)));
      if (model.classNames) expect(mod.predictClassNames(rows(Xraw))).toEqual(model.predictClassNames(Xraw));
      expect(mod.featureNames).toEqual(model.featureNames ?? null);
    });
  });

  it('has no imports and checks its input', async () => {
    const model = new Model({ network: new Network({ layers: [3, 2, 1] }) });
    const source = exportStandalone(model);
    expect(source).not.toMatch(/^\s*import\b/m);
    expect(source).not.toMatch(/\brequire\(/);
    const mod = await load(model, 'checks');
    expect(() => mod.predictProba([[1, 2]])).toThrow('predict: sample 0 must be an array of 3 numbers, got 2 values');
    expect(() => mod.predictProba([[1, 2, Number.NaN]])).toThrow('predict: X[0][2] is NaN; expected a finite number');
    expect(() => mod.predictClassNames([[1, 2, 3]])).toThrow('no class names');
  });
});
