// The one place that turns the playground's config into @ann/core calls: which generator, which
// split, which NetworkOptions and FitOptions. The worker runs these; unit tests check them in Node.
import { datasets, trainTestSplit, type Dataset, type FitOptions, type Matrix, type NetworkOptions } from '@ann/core';
import type { DataConfig, ModelConfig, OptimizationConfig } from './config';

/** The training examples, and the held-out test examples when the split is not 0%. */
export interface PreparedData {
  /** The whole dataset, X (2, m) and Y (1, m), in the generator's order. */
  all: Dataset;
  train: Dataset;
  test: Dataset | null;
  /** For each column of `all`: true when it is in the test set. */
  isTest: boolean[];
}

/**
 * Generates the dataset with core's built-in generator and splits off the test set with core's
 * `trainTestSplit`, seeded with the data seed: the same controls always give the same points and split.
 */
export function prepareData(data: DataConfig): PreparedData {
  // Every catalogue generator takes { seed } and, when its catalogue defaults list one, { noise };
  // `datasets[name]` is a union of generators, so it is called through this common signature.
  const generate = datasets[data.name] as (options: { seed: number; noise?: number }) => Dataset;
  const all = generate(data.noise === null ? { seed: data.seed } : { seed: data.seed, noise: data.noise });
  const m = all.X.cols;
  if (data.testFraction === 0) {
    return { all, train: all, test: null, isTest: new Array<boolean>(m).fill(false) };
  }
  const split = trainTestSplit(all.X, all.Y, { testFraction: data.testFraction, seed: data.seed });
  const isTest = new Array<boolean>(m).fill(false);
  for (const k of split.testIndices) isTest[k] = true;
  return { all, train: { X: split.XTrain, Y: split.YTrain }, test: { X: split.XTest, Y: split.YTest }, isTest };
}

/** A binary classifier with 2 inputs and one sigmoid output. */
export function networkOptions(model: ModelConfig, inputs: number): NetworkOptions {
  return {
    layers: [inputs, ...model.hiddenLayerSizes, 1],
    hidden: model.hiddenActivation,
    output: 'sigmoid',
    init: model.init,
    initScale: model.initScale,
    batchNorm: model.batchNorm,
    seed: model.seed,
  };
}

/** FitOptions for `net.trainer(X, Y, …)`: the test set rides along as validation data, so each record carries its cost. */
export function fitOptions(
  training: OptimizationConfig,
  extra: { test: Dataset | null } & Pick<FitOptions, 'signal' | 'onRecord' | 'onDiagnostic'>,
): FitOptions {
  const { schedule } = training;
  return {
    learningRate: training.learningRate,
    optimizer: training.optimizer,
    ...(schedule.mode === 'iterations'
      ? { iterations: schedule.iterations }
      : { epochs: schedule.epochs, batchSize: schedule.batchSize }),
    l2: training.l2,
    keepProb: training.keepProb,
    recordEvery: training.recordEvery,
    ...(extra.test === null ? {} : { validationData: { X: extra.test.X, Y: extra.test.Y } }),
    ...(extra.signal === undefined ? {} : { signal: extra.signal }),
    ...(extra.onRecord === undefined ? {} : { onRecord: extra.onRecord }),
    ...(extra.onDiagnostic === undefined ? {} : { onDiagnostic: extra.onDiagnostic }),
  };
}

/** The rows of a (2, m) X as plain arrays, for posting to the page. */
export function coordinates(X: Matrix): [number[], number[]] {
  const [xs, ys] = X.toArray() as [number[], number[]];
  return [xs, ys];
}
