import { ACTIVATIONS, DivergenceError, INITIALIZATIONS, Network, type Activation, type Initialization } from '@ann/core';
import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';
import { loadTrainingData, type DataSource } from '../data';
import { TrainingDivergedError, UsageError } from '../errors';
import {
  parseChoice,
  parseChoiceList,
  parsePositiveInteger,
  parsePositiveIntegerList,
  parsePositiveNumber,
  parseSeed,
} from '../flags';
import { createReporter, type OutputFormat, type TrainingReporter } from '../report';

/** Defaults reproduce the course's C1W3 planar experiment (one hidden layer of 4 tanh units). */
export const TRAIN_DEFAULTS = {
  layers: '4',
  hidden: 'tanh',
  lr: 1.2,
  iterations: 10000,
  init: 'random',
  initScale: 0.01,
  seed: 2,
  printEvery: 1000,
} as const;

/** A validated `ann train` command line. */
export interface TrainOptions {
  data: DataSource;
  /** Hidden layer sizes only; input and output sizes come from the data. */
  hiddenSizes: number[];
  /** One activation per hidden layer. */
  hidden: Activation[];
  init: Initialization;
  initScale: number;
  learningRate: number;
  iterations: number;
  seed: number;
  printEvery: number;
  format: OutputFormat;
}

/** Validates the parsed flags; throws a UsageError naming the first bad flag. */
export function resolveTrainOptions(args: Record<string, unknown>): TrainOptions {
  const hiddenSizes = parsePositiveIntegerList('--layers', args.layers ?? TRAIN_DEFAULTS.layers);
  const layerCount = `--layers ${hiddenSizes.join(',')} has ${hiddenSizes.length} hidden layer${hiddenSizes.length === 1 ? '' : 's'}`;
  const hidden = parseChoiceList('--hidden', args.hidden ?? TRAIN_DEFAULTS.hidden, ACTIVATIONS, hiddenSizes.length, layerCount);
  if (args.quiet === true && args.json === true) {
    throw new UsageError('--quiet and --json cannot be used together');
  }
  return {
    data: { kind: 'builtin', name: 'flower' },
    hiddenSizes,
    hidden,
    init: parseChoice('--init', args.init ?? TRAIN_DEFAULTS.init, INITIALIZATIONS),
    initScale: parsePositiveNumber('--init-scale', args.initScale ?? TRAIN_DEFAULTS.initScale),
    learningRate: parsePositiveNumber('--lr', args.lr ?? TRAIN_DEFAULTS.lr),
    iterations: parsePositiveInteger('--iterations', args.iterations ?? TRAIN_DEFAULTS.iterations),
    seed: parseSeed('--seed', args.seed ?? TRAIN_DEFAULTS.seed),
    printEvery: parsePositiveInteger('--print-every', args.printEvery ?? TRAIN_DEFAULTS.printEvery),
    format: args.json === true ? 'json' : args.quiet === true ? 'quiet' : 'text',
  };
}

/** Trains on the chosen data and reports progress and the final training-set cost and accuracy. */
export function train(options: TrainOptions, reporter: TrainingReporter): void {
  const { X, Y, name } = loadTrainingData(options.data);
  const layerSizes = [X.rows, ...options.hiddenSizes, Y.rows];
  const network = new Network({
    layers: layerSizes,
    hidden: options.hidden,
    output: 'sigmoid',
    init: options.init,
    initScale: options.initScale,
    seed: options.seed,
  });
  reporter.start({
    layerSizes,
    hidden: options.hidden,
    output: 'sigmoid',
    dataName: name,
    m: X.cols,
    learningRate: options.learningRate,
    iterations: options.iterations,
    seed: options.seed,
  });

  const started = performance.now();
  try {
    network.fit(X, Y, {
      learningRate: options.learningRate,
      iterations: options.iterations,
      recordEvery: options.printEvery,
      onRecord: (record) => {
        // The engine stops on a non-finite cost itself; this guard keeps the CLI honest if it does not.
        if (!Number.isFinite(record.cost)) throw diverged(`the cost became ${record.cost} at iteration ${record.iteration}`, options);
        reporter.progress(record);
      },
    });
  } catch (error) {
    if (error instanceof DivergenceError) {
      throw diverged(`the ${error.quantity} became NaN or Infinity at iteration ${error.iteration}`, options);
    }
    throw error;
  }
  // The last update is not followed by a forward pass inside fit, so check what it left behind.
  if (!parametersAreFinite(network)) throw diverged('the final parameters are not finite', options);
  const { cost, accuracy } = network.evaluate(X, Y);
  if (!Number.isFinite(cost)) throw diverged(`the final cost is ${cost}`, options);
  reporter.finish({
    train: { cost, accuracy },
    elapsedSeconds: Math.round(performance.now() - started) / 1000,
  });
}

function parametersAreFinite(network: Network): boolean {
  return Object.values(network.getParameters()).every((parameter) => parameter.data.every(Number.isFinite));
}

function diverged(detail: string, options: TrainOptions): TrainingDivergedError {
  return new TrainingDivergedError(
    `training diverged: ${detail}; the learning rate (--lr ${options.learningRate}) is probably too large, try a smaller one`,
  );
}

export const trainCommand: Command = {
  command: 'train',
  describe: 'Train a network on the built-in flower dataset',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann train [options]\n\nTrain a network with one or more hidden layers and a sigmoid output.')
      .option('layers', {
        describe: 'Hidden layer sizes, comma-separated (e.g. 20,7,5); input and output sizes come from the data',
        default: TRAIN_DEFAULTS.layers,
        requiresArg: true,
        group: 'Network:',
      })
      .option('hidden', {
        describe: `Hidden activation, one for all layers or one per layer (e.g. relu,relu,tanh): ${ACTIVATIONS.join('|')}`,
        default: TRAIN_DEFAULTS.hidden,
        requiresArg: true,
        group: 'Network:',
      })
      .option('init', {
        describe: `Weight initialization: ${INITIALIZATIONS.join('|')}`,
        default: TRAIN_DEFAULTS.init,
        requiresArg: true,
        group: 'Network:',
      })
      .option('init-scale', {
        describe: "Scale of 'random' initialization (W = randn · scale)",
        default: TRAIN_DEFAULTS.initScale,
        requiresArg: true,
        group: 'Network:',
      })
      .option('lr', {
        describe: 'Learning rate α',
        default: TRAIN_DEFAULTS.lr,
        requiresArg: true,
        group: 'Training:',
      })
      .option('iterations', {
        describe: 'Number of gradient descent iterations',
        default: TRAIN_DEFAULTS.iterations,
        requiresArg: true,
        group: 'Training:',
      })
      .option('seed', {
        describe: 'Seed for initialization, an integer in [0, 2^32-1]',
        default: TRAIN_DEFAULTS.seed,
        requiresArg: true,
        group: 'Training:',
      })
      .option('print-every', {
        describe: 'Print the cost every N iterations',
        default: TRAIN_DEFAULTS.printEvery,
        requiresArg: true,
        group: 'Output:',
      })
      .option('quiet', {
        describe: 'Print only the final accuracy',
        type: 'boolean',
        group: 'Output:',
      })
      .option('json', {
        describe: 'Print JSON Lines: one {"type":"progress"} per printed iteration, then {"type":"result"}',
        type: 'boolean',
        group: 'Output:',
      })
      .example('ann train', 'the course planar experiment')
      .example('ann train --layers 20,7,5 --hidden relu --init he --lr 0.05', 'a deeper ReLU network'),
  handler: (args: Record<string, unknown>, { io }: CommandContext) => {
    const options = resolveTrainOptions(args);
    train(options, createReporter(options.format, io));
  },
};
