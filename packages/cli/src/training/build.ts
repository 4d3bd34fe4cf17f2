import { divide, minmax, Network, standardize, ValueError, type Matrix, type Preprocessor, type Transformer } from '@ann/core/node';
import { OUTPUT_OF_HEAD, type HeadName } from '../choices';
import type { TrainingData } from '../data';
import { UsageError } from '../errors';
import type { TrainOptions } from './options';

/*
 * What the model flags build, for `ann train` and `ann gradcheck` alike: the fitted preprocessing
 * and the network.
 */

/** A new network of the flags' shape: n_x inputs (what the preprocessing makes), the hidden layers, nL outputs. */
export function buildNetwork(options: TrainOptions, nx: number, head: HeadName, nL: number): Network {
  return new Network({
    layers: [nx, ...options.hiddenSizes, nL],
    hidden: options.hidden,
    output: OUTPUT_OF_HEAD[head],
    init: options.init,
    initScale: options.initScale,
    seed: options.seed,
    batchNorm: options.batchNorm,
    dtype: options.dtype,
  });
}

/**
 * `--scale K`, then `--features`, then `--normalize`, fitted on the training inputs only. --scale is
 * a change of units of the raw inputs (pixels to [0, 1]), so the terms see the scaled values;
 * --normalize is fitted on the expanded features, so that x1 and x1² reach the network on the
 * same scale. Returns the fitted steps and the training inputs they make.
 */
export function fitPreprocessing(options: TrainOptions, expansion: Preprocessor | null, data: TrainingData): { preprocessing: Transformer[]; X: Matrix } {
  const steps: Transformer[] = [];
  let current = data.X;
  const add = (t: Transformer) => {
    steps.push(t);
    current = t.transform(current);
  };
  if (options.scale !== null) add(divide(options.scale).fit(current));
  if (expansion !== null) {
    const names = data.featureNames ? ` (features ${data.featureNames.slice(0, 5).join(', ')}${data.featureNames.length > 5 ? ', …' : ''})` : '';
    add(usage('--features', () => expansion.fit(current), `; the data is ${data.name}${names}`));
  }
  if (options.normalize === 'standard') add(standardize().fit(current));
  if (options.normalize === 'minmax') add(minmax().fit(current));
  return { preprocessing: steps, X: current };
}

/** Runs core code whose ValueError is a bad flag value: rethrown as a usage error naming the flag. */
export function usage<T>(flag: string, action: () => T, detail = ''): T {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    // The flag takes the place of core's function and argument (`featureExpansion: terms[2]: …`).
    throw new UsageError(`${flag}: ${error.reason}${detail}`);
  }
}
