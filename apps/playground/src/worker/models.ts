// Model files shared with the CLI: what `Export model` writes (core's Model, the same `ann-model`
// document `ann train --out` saves) and what `Import model` accepts (Model.parse, then the checks
// that the playground can show and train the network). Pure functions over @ann/core, so the Node
// tests read and write files exactly as the worker does.
import { ACTIVATIONS, AnnError, FEATURE_TERMS, Matrix, Model, type Network, type Transformer } from '@ann/core';
import type { ProblemType, StructureSettings } from '../protocol';
import { SettingsError } from './checks';
import { datasetsFor, MAX_HIDDEN_LAYERS, MAX_UNITS } from '../settings';

/** The raw inputs of every playground dataset, as the model file names them (and `ann datasets generate` writes them). */
export const RAW_FEATURE_NAMES = ['x1', 'x2'];
export const LABEL_NAME = 'y';
/** Core's default leaky ReLU slope: the only one the playground builds its networks with. */
const LEAKY_RELU_ALPHA = 0.01;

export interface ModelScores {
  cost: number;
  /** NaN for regression (then left out of the file). */
  accuracy: number;
}

export interface ExportInput {
  network: Network;
  /** The feature expansion fitted on the training inputs (raw x1, x2 in, the page's features out); null: the raw features are the inputs. */
  expansion: Transformer | null;
  /** The raw inputs' names (RAW_FEATURE_NAMES for the page's two-feature data; an upload's columns otherwise). */
  featureNames: readonly string[];
  structure: StructureSettings;
  /** Everything the trainer was configured with (plain JSON data), for the file's training.config. */
  config: Record<string, unknown>;
  /** Classes of the data: 2 (binary), K (multi-class), 0 (regression). */
  classes: number;
  train: ModelScores;
  test: ModelScores | null;
}

/** The model file's text, as `ann train --out` writes it: network, preprocessing, names, training and metrics. */
export function modelFileText(input: ExportInput): string {
  const { network, expansion, featureNames, structure, config, classes, train, test } = input;
  const scores = (s: ModelScores) => (Number.isNaN(s.accuracy) ? { cost: s.cost } : { cost: s.cost, accuracy: s.accuracy });
  const model = new Model({
    network,
    preprocessing: expansion === null ? [] : [expansion],
    ...(classes > 0 ? { classNames: Array.from({ length: classes }, (_, k) => String(k)) } : {}),
    featureNames: [...featureNames],
    labelName: LABEL_NAME,
    training: { config, seed: structure.weightSeed },
    metrics: { train: scores(train), ...(test === null ? {} : { test: scores(test) }) },
  });
  return model.serialize();
}

/** A model file the playground can show and train: its network as the page's structure, and its parameters. */
export interface ImportedModel {
  /** The current structure with the model's problem type, features, layers, activations and initialization. */
  structure: StructureSettings;
  /** W1..WL, b1..bL, with W1's columns in the page's feature order (core's FEATURE_TERMS order). */
  parameters: Record<string, Matrix>;
  /** One line about the model, for the page. */
  summary: string;
}

function refuse(fileName: string, why: string): never {
  throw new SettingsError(`Cannot import ${fileName}: ${why}. The current run is unchanged.`);
}

/**
 * Reads a model file (Model.parse) and checks that the playground can take it on: two raw inputs
 * (x1, x2) fed either as they are or through core's feature expansion with the playground's terms,
 * no other preprocessing, no batch norm, at most 6 hidden layers of 1 to 32 units, and an output the
 * page has a problem type for (one sigmoid unit, 3 to 6 softmax units, one linear unit). The data
 * settings stay as they are (the dataset changes only when the problem type does).
 */
export function readModelFile(text: string, fileName: string, current: StructureSettings): ImportedModel {
  if (typeof text !== 'string') refuse(fileName, 'the file could not be read as text');
  let model: Model;
  try {
    model = Model.parse(text, fileName);
  } catch (error) {
    if (error instanceof AnnError) throw new SettingsError(`Cannot import the model: ${error.message}. The current run is unchanged.`);
    throw error;
  }
  const network = model.network;
  const { layers, output } = network;
  const L = layers.length - 1;
  const shape = `[${layers.join(', ')}]`;
  const names = model.featureNames ? ` (${model.featureNames.join(', ')})` : '';
  if (model.inputSize !== 2) {
    refuse(fileName, `the model takes ${model.inputSize} raw input${model.inputSize === 1 ? '' : 's'}${names}, but the playground's data has two (x1, x2)`);
  }
  if (network.batchNorm) refuse(fileName, 'the model uses batch normalization, which the playground does not build');

  // The features: none (the raw x1, x2) or one feature expansion over them with the playground's terms.
  let terms: string[];
  const steps = model.preprocessing.map((t) => t.toJSON());
  if (steps.length === 0) {
    terms = [...RAW_FEATURE_NAMES];
  } else {
    const first = steps[0]!;
    if (steps.length > 1 || first.kind !== 'features') {
      const kinds = steps.map((s, k) => `preprocessing[${k}]: ${s.kind}`).join(', ');
      refuse(
        fileName,
        `the model preprocesses its inputs (${kinds}); the playground feeds the raw x1, x2 or core's feature expansion of them only (train it without --normalize and --scale)`,
      );
    }
    terms = [...first.terms];
    const unknown = terms.filter((t) => !(FEATURE_TERMS as readonly string[]).includes(t));
    if (unknown.length > 0) {
      refuse(fileName, `its features ${unknown.join(', ')} are not among the playground's (${FEATURE_TERMS.join(', ')})`);
    }
  }

  const hidden = layers.slice(1, L);
  if (hidden.length > MAX_HIDDEN_LAYERS) refuse(fileName, `the network ${shape} has ${hidden.length} hidden layers; the playground draws at most ${MAX_HIDDEN_LAYERS}`);
  const wide = hidden.findIndex((n) => n > MAX_UNITS);
  if (wide >= 0) refuse(fileName, `hidden layer ${wide + 1} of ${shape} has ${hidden[wide]} units; the playground draws at most ${MAX_UNITS} per layer`);
  const activations = [...network.hidden];
  activations.forEach((a, l) => {
    if (!(ACTIVATIONS as readonly string[]).includes(a)) refuse(fileName, `hidden layer ${l + 1}'s activation ${a} is not one the playground offers`);
  });
  if (activations.includes('leakyRelu') && network.leakyReluAlpha !== LEAKY_RELU_ALPHA) {
    refuse(fileName, `its leaky ReLU slope is ${network.leakyReluAlpha}; the playground's is ${LEAKY_RELU_ALPHA}`);
  }

  const nL = layers[L]!;
  let problem: ProblemType;
  let classes = current.classes;
  if (output === 'sigmoid' && nL === 1) problem = 'classification';
  else if (output === 'softmax' && nL >= 3 && nL <= 6) {
    problem = 'multiclass';
    classes = nL;
  } else if (output === 'linear' && nL === 1) problem = 'regression';
  else refuse(fileName, `its output (${nL} ${output} unit${nL === 1 ? '' : 's'}) is none of the playground's: 1 sigmoid unit, 3 to 6 softmax units, or 1 linear unit`);

  // The page lists features in core's order: W1's columns follow them there.
  const order = FEATURE_TERMS.filter((t) => terms.includes(t));
  const parameters = network.getParameters();
  const W1 = parameters.W1!;
  const permuted = new Matrix(W1.rows, W1.cols);
  order.forEach((term, c) => {
    const from = terms.indexOf(term);
    for (let r = 0; r < W1.rows; r++) permuted.set(r, c, W1.get(r, from));
  });
  parameters.W1 = permuted;

  const dataset = problem === current.problem ? current.dataset : datasetsFor(problem)[0]!.name;
  const structure: StructureSettings = {
    ...current,
    problem,
    dataset,
    classes,
    features: order,
    hidden,
    activations,
    init: network.init,
  };
  const trained = network.iterationsTrained;
  const trainMetrics = model.metrics?.train;
  const fileAccuracy =
    trainMetrics !== null && typeof trainMetrics === 'object' && 'accuracy' in trainMetrics && typeof trainMetrics.accuracy === 'number'
      ? `, train accuracy ${(100 * trainMetrics.accuracy).toFixed(2)}% in its file`
      : '';
  const summary =
    `${fileName}: ${shape} ${[...activations, output].join(', ')}, features ${order.join(', ')}, ` +
    `${trained} update${trained === 1 ? '' : 's'} trained${fileAccuracy}`;
  return { structure, parameters, summary };
}
