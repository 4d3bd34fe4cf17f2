import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Model, Network, standardize, trainTestSplit, loadDataset, saveModel, loadModel } from '../node';

it('the example in docs/model-file.md runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ann-doc-'));
  const rows = ['sepal_length,sepal_width,petal_length,petal_width,species'];
  for (let k = 0; k < 60; k++) {
    const c = k % 3;
    rows.push([5 + c + Math.sin(k), 3 + 0.3 * c + Math.cos(k) * 0.2, 1.4 + 2 * c + Math.sin(3 * k) * 0.3, 0.2 + c * 0.8, ['setosa', 'versicolor', 'virginica'][c]].join(','));
  }
  writeFileSync(join(dir, 'iris.csv'), `${rows.join('\n')}\n`);
  const data = await loadDataset(join(dir, 'iris.csv'), { label: 'species' });
  const split = trainTestSplit(data.X, data.Y!, { testFraction: 0.2, seed: 1, stratify: true });
  const scaler = standardize().fit(split.XTrain);
  const network = new Network({ layers: [4, 8, 3], output: 'softmax', seed: 1 });
  const config = { learningRate: 0.01, epochs: 200, batchSize: 16, optimizer: 'adam' } as const;
  network.fit(scaler.transform(split.XTrain), split.YTrain, config);
  const model = new Model({ network, preprocessing: [scaler], classNames: data.classNames, featureNames: data.featureNames, labelName: data.labelName, training: { config, seed: 1 } });
  model.metrics = { test: model.evaluate(split.XTest, split.YTest) };
  await saveModel(join(dir, 'iris.model.json'), model);
  const again = await loadModel(join(dir, 'iris.model.json'));
  expect(again.predictClassNames(split.XTest)).toEqual(model.predictClassNames(split.XTest));
  expect((again.metrics!.test as { accuracy: number }).accuracy).toBeGreaterThan(0.8);
});
