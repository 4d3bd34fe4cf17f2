// Small trained models shared by the model tests (not exported from the package).
import { FEATURE_TERMS } from '../data/feature-terms';
import { divide, featureExpansion, minmax, scale, standardize, type Preprocessor } from '../data/preprocess';
import { datasets } from '../datasets/index';
import { Matrix } from '../matrix';
import { Network, type NetworkOptions } from '../network';
import type { FitOptions } from '../trainer';
import { Model } from './model';

/**
 * Raw inputs far from unit scale, so that folding the preprocessing matters: pixel-like x·50 + 128
 * and small x·0.02 + 0.1. (Not a huge offset over a tiny spread: a float32 model that takes raw
 * inputs loses about (mean/std)·2⁻²⁴ relative precision on such a feature, whatever the weights.)
 */
export function rawInputs(X: Matrix): Matrix {
  return new Matrix(X.rows, X.cols, X.data.map((v, k) => (k < X.data.length / 2 ? v * 50 + 128 : v * 0.02 + 0.1)));
}

interface Case {
  name: string;
  model: Model;
  Xraw: Matrix;
  Y: Matrix;
}

/** Trains `options` on raw data through the given preprocessing and wraps it in a Model. */
export function trainedModel(
  options: NetworkOptions,
  data: { X: Matrix; Y: Matrix },
  preprocessing: ('scale' | 'standardize' | 'minmax')[],
  fit: FitOptions,
  extra: Partial<ConstructorParameters<typeof Model>[0]> = {},
  raw = true,
): { model: Model; Xraw: Matrix; Y: Matrix } {
  const Xraw = raw ? rawInputs(data.X) : data.X;
  let X = Xraw;
  const transformers = preprocessing.map((kind) => {
    const t = (kind === 'scale' ? scale(1 / 255) : kind === 'standardize' ? standardize() : minmax()).fit(X);
    X = t.transform(X);
    return t;
  });
  const network = new Network(options);
  network.fit(X, data.Y, fit);
  return { model: new Model({ network, preprocessing: transformers, ...extra }), Xraw, Y: data.Y };
}

/** One of each: heads, hidden activations, batch norm, chained preprocessing. */
export function modelCases(): Case[] {
  const moons = datasets.moons({ m: 120, noise: 0.2, seed: 3 });
  const threeClass = threeClassMoons();
  const regression = { X: moons.X, Y: new Matrix(2, moons.X.cols, Float64Array.from({ length: 2 * moons.X.cols }, (_, k) => Math.sin(k / 7) * 3)) };
  const cases: Case[] = [];
  const add = (name: string, r: { model: Model; Xraw: Matrix; Y: Matrix }): void => {
    cases.push({ name, ...r });
  };
  add(
    'relu → sigmoid, standardize',
    trainedModel({ layers: [2, 6, 4, 1], hidden: 'relu', init: 'he', seed: 3 }, moons, ['standardize'], { learningRate: 0.1, iterations: 300 }, { classNames: ['no', 'yes'] }),
  );
  add(
    'tanh, sigmoid → softmax, scale then minmax',
    trainedModel({ layers: [2, 5, 4, 3], hidden: ['tanh', 'sigmoid'], output: 'softmax', seed: 4 }, threeClass, ['scale', 'minmax'], {
      learningRate: 0.05,
      epochs: 20,
      batchSize: 32,
      optimizer: 'adam',
    }, { classNames: ['a', 'b', 'c'], featureNames: ['x1', 'x2'], labelName: 'kind' }),
  );
  add(
    'leakyRelu with batch norm → softmax, minmax',
    trainedModel({ layers: [2, 8, 6, 3], hidden: 'leakyRelu', leakyReluAlpha: 0.05, output: 'softmax', batchNorm: true, seed: 5 }, threeClass, ['minmax'], {
      learningRate: 0.01,
      epochs: 15,
      batchSize: 30,
      optimizer: 'adam',
    }),
  );
  add(
    'relu with batch norm → linear (2 outputs), standardize then scale',
    trainedModel({ layers: [2, 7, 2], hidden: 'relu', output: 'linear', batchNorm: true, seed: 6 }, regression, ['standardize', 'scale'], {
      learningRate: 0.01,
      epochs: 10,
      batchSize: 40,
      optimizer: 'momentum',
    }),
  );
  add('linear hidden → sigmoid, no preprocessing', trainedModel({ layers: [2, 3, 1], hidden: 'linear', seed: 7 }, moons, [], { learningRate: 0.01, iterations: 50 }, {}, false));
  return cases;
}

/**
 * Models whose preprocessing expands the raw inputs (kept apart from modelCases: the TF.js export
 * refuses them). Circles, where x1² + x2² separates the classes.
 */
export function featureCases(): Case[] {
  const circles = datasets.circles({ m: 200, noise: 0.05, factor: 0.5, seed: 4 });
  const fitChain = (steps: Preprocessor[], X: Matrix) => {
    let current = X;
    return steps.map((step) => {
      const t = step.fit(current);
      current = t.transform(current);
      return { t, X: current };
    });
  };
  const cases: Case[] = [];
  {
    const chain = fitChain([featureExpansion(FEATURE_TERMS), standardize()], circles.X);
    const network = new Network({ layers: [7, 4, 1], hidden: 'tanh', seed: 9 });
    network.fit(chain[1]!.X, circles.Y, { learningRate: 0.5, iterations: 200 });
    const model = new Model({ network, preprocessing: chain.map((c) => c.t), featureNames: ['u', 'v'], classNames: ['outer', 'inner'] });
    cases.push({ name: "TF Playground's seven features then standardize → tanh → sigmoid", model, Xraw: circles.X, Y: circles.Y });
  }
  {
    const chain = fitChain([divide(2), featureExpansion(['x1^2', 'x2^2', 'cos(x1)', 'x1*x2']), minmax()], circles.X);
    const network = new Network({ layers: [4, 3, 2], hidden: 'relu', init: 'he', output: 'softmax', batchNorm: true, seed: 10 });
    network.fit(chain[2]!.X, circles.Y, { learningRate: 0.05, epochs: 5, batchSize: 50, optimizer: 'adam' });
    cases.push({ name: 'divide, then x1^2, x2^2, cos(x1), x1*x2, then minmax → relu with batch norm → softmax', model: new Model({ network, preprocessing: chain.map((c) => c.t) }), Xraw: circles.X, Y: circles.Y });
  }
  return cases;
}

function threeClassMoons(): { X: Matrix; Y: Matrix } {
  const moons = datasets.moons({ m: 150, noise: 0.2, seed: 8 });
  const m = moons.X.cols;
  const Y = new Matrix(1, m, Float64Array.from({ length: m }, (_, j) => (moons.Y.data[j] === 1 ? 1 : moons.X.data[j]! > 0.5 ? 2 : 0)));
  return { X: moons.X, Y };
}
