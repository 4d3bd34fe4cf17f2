import { transformerFromJSON, type Transformer, type TransformerJSON } from '../data/preprocess';
import { ShapeError, ValueError } from '../errors';
import { Matrix } from '../matrix';
import { Network, type Evaluation } from '../network';
import { assertInputs, assertMatrix } from '../validate';
import {
  checkCheckpointValue,
  checkModelFields,
  checkpointToJSON,
  readModelDocument,
  type ModelFileJSON,
  type TrainingInfo,
} from './document';
import { pathText } from './errors';
import { parseJsonText } from './json-text';
import { formatJson, toJsonData, type JsonValue } from './json-value';

export interface ModelInit {
  network: Network;
  /**
   * Fitted transformers (data/preprocess.ts), applied in order to raw X by transform, predict and
   * evaluate. A feature expansion changes the row count: raw n_x in, one row per term out.
   */
  preprocessing?: Transformer[];
  /** `classNames[k]` names class index k (softmax), or the labels of 0 and 1 (binary sigmoid). */
  classNames?: string[];
  /** One name per raw input feature (row of raw X, before any feature expansion). */
  featureNames?: string[];
  labelName?: string;
  training?: TrainingInfo;
  /** Final metrics, any plain JSON data (NaN and ±Infinity are stored as null). */
  metrics?: Record<string, unknown>;
}

/**
 * A trained model as one unit: the network, the preprocessing fitted on its training data, the
 * names of its features and classes, how it was trained and how well it did. It takes raw inputs:
 * `predict(Xraw)` is `network.predict(transform(Xraw))`, so the preprocessing can never be
 * forgotten or applied twice. `serialize()` / `Model.parse()` write and read the model file
 * (docs/model-file.md); `saveModel` / `loadModel` in @ann/core/node do it atomically on disk.
 *
 * ```ts
 * const scaler = standardize().fit(split.train.X);
 * const net = new Network({ layers: [n_x, 8, 1] });
 * net.fit(scaler.transform(split.train.X), split.train.Y, { learningRate: 0.1, iterations: 2000 });
 * const model = new Model({ network: net, preprocessing: [scaler], classNames: ['no', 'yes'] });
 * model.predict(newRawX);
 * ```
 */
export class Model {
  readonly network: Network;
  readonly preprocessing: Transformer[];
  /**
   * n_x: the number of raw input features (rows of the X that predict takes). layers[0] unless the
   * preprocessing expands features, when it is the first expansion's input count.
   */
  readonly inputSize: number;
  classNames?: string[];
  featureNames?: string[];
  labelName?: string;
  training?: TrainingInfo;
  metrics?: Record<string, unknown>;

  constructor(init: ModelInit) {
    const fn = 'new Model';
    if (init === null || typeof init !== 'object') throw new ValueError(`${fn}: expected { network, preprocessing?, classNames?, … }`);
    const { network, preprocessing = [], classNames, featureNames, labelName, training, metrics } = init;
    if (!(network instanceof Network)) throw new ValueError(`${fn}: network must be a Network`);
    if (!Array.isArray(preprocessing)) throw new ValueError(`${fn}: preprocessing must be an array of fitted transformers`);
    preprocessing.forEach((t, k) => {
      if (t === null || typeof t !== 'object' || typeof t.transform !== 'function' || typeof t.toJSON !== 'function') {
        throw new ValueError(`${fn}: preprocessing[${k}] must be a fitted transformer (scale(…).fit(X), standardize().fit(X), minmax().fit(X), featureExpansion(…).fit(X))`);
      }
    });
    for (const [name, list] of [['classNames', classNames], ['featureNames', featureNames]] as const) {
      if (list !== undefined && (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))) {
        throw new ValueError(`${fn}: ${name} must be an array of strings`);
      }
    }
    if (labelName !== undefined && typeof labelName !== 'string') throw new ValueError(`${fn}: labelName must be a string`);
    const problem = checkModelFields(network.layers, network.output, preprocessing.map((t) => t.toJSON()), featureNames, classNames);
    if (problem) throw new ValueError(`${fn}: ${pathText(problem.path)}: ${problem.detail}`);
    if (training !== undefined) {
      if (training === null || typeof training !== 'object' || training.config === null || typeof training.config !== 'object') {
        throw new ValueError(`${fn}: training must be { config, seed?, checkpoint? }`);
      }
      if (training.seed !== undefined && (!Number.isInteger(training.seed) || training.seed < 0 || training.seed > 0xffffffff)) {
        throw new ValueError(`${fn}: training.seed must be an integer between 0 and 2**32 - 1`);
      }
      if (training.checkpoint !== undefined) {
        const sizes = Object.entries(network.getParameters()).map(([name, M]) => [name, M.size] as [string, number]);
        const bad = checkCheckpointValue(training.checkpoint, sizes);
        if (bad) throw new ValueError(`${fn}: ${pathText(['training', 'checkpoint', ...bad.path])}: ${bad.detail}`);
      }
    }
    this.network = network;
    this.preprocessing = [...preprocessing];
    this.inputSize = rawInputSize(network, this.preprocessing);
    if (classNames !== undefined) this.classNames = [...classNames];
    if (featureNames !== undefined) this.featureNames = [...featureNames];
    if (labelName !== undefined) this.labelName = labelName;
    if (training !== undefined) this.training = training;
    if (metrics !== undefined) this.metrics = metrics;
  }

  /** The stored preprocessing applied in order to raw X (n_x, m); X itself (not a copy) when there is none. */
  transform(Xraw: Matrix): Matrix {
    this.checkX('Model.transform', Xraw);
    let X = Xraw;
    for (const t of this.preprocessing) X = t.transform(X);
    return X;
  }

  /** A[L] (n_L, m) for raw X (n_x, m): probabilities (sigmoid, softmax) or values (linear). */
  predictProba(Xraw: Matrix): Matrix {
    return this.network.predictProba(this.transform(Xraw));
  }

  /** 0/1 (sigmoid), class indices (1, m) (softmax) or values (linear) for raw X (n_x, m). */
  predict(Xraw: Matrix): Matrix {
    return this.network.predict(this.transform(Xraw));
  }

  /**
   * The predicted class name of each example (length m), for softmax and single-output sigmoid
   * models with classNames.
   */
  predictClassNames(Xraw: Matrix): string[] {
    const names = this.classNames;
    const { output, layers } = this.network;
    if (names === undefined || output === 'linear' || (output === 'sigmoid' && layers[layers.length - 1] !== 1)) {
      throw new ValueError('Model.predictClassNames: needs classNames and a softmax or single-output sigmoid model');
    }
    return Array.from(this.predict(Xraw).data, (k) => names[k]!);
  }

  /** The cost and accuracy (or MSE, MAE, R²) on raw X (n_x, m) and labels Y. */
  evaluate(Xraw: Matrix, Y: Matrix): Evaluation {
    return this.network.evaluate(this.transform(Xraw), Y);
  }

  /** The model file as plain JSON data (format 'ann-model', version 2). */
  toJSON(): ModelFileJSON {
    const fn = 'Model.toJSON';
    const doc = this.network.toJSON();
    doc.preprocessing = this.preprocessing.map((t) => t.toJSON());
    if (this.featureNames !== undefined) doc.featureNames = [...this.featureNames];
    if (this.labelName !== undefined) doc.labelName = this.labelName;
    if (this.classNames !== undefined) doc.classNames = [...this.classNames];
    const problem = checkModelFields(this.network.layers, this.network.output, doc.preprocessing, this.featureNames, this.classNames);
    if (problem) throw new ValueError(`${fn}: ${pathText(problem.path)}: ${problem.detail}`);
    if (this.training !== undefined) {
      const { config, seed, checkpoint } = this.training;
      doc.training.config = toJsonData(config ?? {}, ['training', 'config'], fn) as Record<string, JsonValue>;
      if (seed !== undefined) doc.training.seed = seed;
      if (checkpoint !== undefined) doc.training.checkpoint = checkpointToJSON(checkpoint);
    }
    if (this.metrics !== undefined) doc.metrics = toJsonData(this.metrics, ['metrics'], fn) as Record<string, JsonValue>;
    // Reorder so the small, readable fields come first and the parameters last.
    const { format, version, architecture, initialization, preprocessing, featureNames, labelName, classNames, training, metrics, parameters, batchNormStatistics } = doc;
    const ordered = { format, version, architecture, initialization, preprocessing, featureNames, labelName, classNames, training, metrics, parameters, batchNormStatistics };
    for (const key of Object.keys(ordered) as (keyof ModelFileJSON)[]) if (ordered[key] === undefined) delete ordered[key];
    return ordered;
  }

  /**
   * Builds a model from a model document: version 2, or version 1 (a bare network document as
   * Network.toJSON wrote it). Validated strictly; errors name the bad field's path
   * (`Model.fromJSON: parameters.W2: expected (7, 20), got (7, 19)`).
   */
  static fromJSON(json: unknown, source = 'Model.fromJSON'): Model {
    const parts = readModelDocument(json, source);
    const init: ModelInit = { network: Network.fromParts(parts), preprocessing: parts.preprocessing.map(transformerFromJSON) };
    if (parts.classNames) init.classNames = parts.classNames;
    if (parts.featureNames) init.featureNames = parts.featureNames;
    if (parts.labelName !== undefined) init.labelName = parts.labelName;
    if (parts.training) init.training = parts.training;
    if (parts.metrics) init.metrics = parts.metrics;
    return new Model(init);
  }

  /** The model file's text: pretty JSON, one line per matrix, numbers exact to the last bit of float64. */
  serialize(): string {
    return `${formatJson(this.toJSON())}\n`;
  }

  /** Reads a model file's text; `source` (a file name) starts every error message. */
  static parse(text: string, source = 'Model.parse'): Model {
    return Model.fromJSON(parseJsonText(text, source), source);
  }

  private checkX(fn: string, X: unknown): asserts X is Matrix {
    assertMatrix(X, fn, 'X');
    const nx = this.inputSize;
    if (X.rows !== nx) {
      const names = this.featureNames ? ` (${this.featureNames.slice(0, 5).join(', ')}${nx > 5 ? ', …' : ''})` : '';
      throw new ShapeError(fn, 'X', `X is ${X.shapeString()} but the model takes n_x = ${nx} raw features${names}: X is (${nx}, m), one example per column`);
    }
    assertInputs(X, null, fn);
  }
}

/** n_x of the raw inputs: the first feature expansion's input count, or layers[0] without one. */
function rawInputSize(network: Network, preprocessing: readonly Transformer[]): number {
  const expansion = preprocessing.find((t) => t.kind === 'features')?.toJSON();
  return expansion?.kind === 'features' ? expansion.inputs : network.layers[0]!;
}

export type { TransformerJSON };
