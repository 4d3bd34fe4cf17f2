import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { tanh } from '../math/tanh';
import { Network } from '../network';
import { randomizedTanhInputs } from '../test-support/tanh-inputs';
import { Model } from './model';
import { exportStandalone, STANDALONE_TANH } from './standalone';
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

  it('computes tanh as @ann/core does (fdlibm’s method), bit for bit, on 1,000,000 inputs across its ranges', () => {
    const moduleTanh = new Function(`${STANDALONE_TANH}\nreturn tanh;`)() as (x: number) => number;
    const z = randomizedTanhInputs();
    let wrong = 0;
    for (let i = 0; i < z.length; i++) if (!Object.is(moduleTanh(z[i]!), tanh(z[i]!))) wrong++;
    expect(wrong).toBe(0);
  });

  it('a tanh network’s module gives predictProba’s bits, whatever the engine’s Math.tanh', async () => {
    // Z1 = (x1, x2, x1 + x2, -x1) reaches every range of tanh: below 2^-28, below 1, up to 22, beyond.
    const network = new Network({ layers: [2, 4, 2, 1], hidden: 'tanh', seed: 4 });
    const params = network.getParameters();
    params.W1 = Matrix.from([[1, 0], [0, 1], [1, 1], [-1, 0]]);
    params.b1 = new Matrix(4, 1);
    network.setParameters(params);
    const model = new Model({ network });
    const xs = [1e-10, -3e-9, 2 ** -28, 0.3, -0.99, 1, 1.5, -7.2, 19.5, 21.9, 22, -30, 1e3];
    const samples = xs.flatMap((x1) => xs.map((x2) => [x1, x2]));
    const expected = model.predictProba(Matrix.fromSamples(samples));
    const mod = await load(model, 'tanh-ranges');
    const realTanh = Math.tanh;
    Math.tanh = (x: number) => realTanh(x) * (1 + 2 ** -50); // an engine whose tanh differs in the last bits
    let actual: number[][];
    try {
      actual = mod.predictProba(samples);
    } finally {
      Math.tanh = realTanh;
    }
    expect(actual.map((row) => row[0])).toEqual(Array.from(expected.data));
    expect(exportStandalone(model)).not.toMatch(/Math\.tanh\(/);
  });
});
