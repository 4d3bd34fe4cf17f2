import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { loadModel, type Model } from '@ann/core/node';
import type { CommandContext } from '../command';
import { camelCase, mergeLayers, readConfigFile, type FlagLayer } from '../config';
import { parseText } from '../flags';
import { createReporter } from '../output/create';
import { TRAIN_FLAGS } from './flag-table';
import { resolveTrainOptions } from './options';
import { train } from './run';

/**
 * A saved `data`/`test` path is relative to the model file (see optionsToConfig). Models saved
 * before that stored it relative to the directory training ran in: when only that file exists, it
 * is used.
 */
function savedPath(name: string, value: unknown, modelPath: string): unknown {
  if ((name !== 'data' && name !== 'test') || typeof value !== 'string' || isAbsolute(value)) return value;
  const besideModel = join(dirname(modelPath), value);
  return !existsSync(besideModel) && existsSync(value) ? value : besideModel;
}

/** The flag keys `ann train` takes, camelCase as yargs gives them. */
const TRAIN_KEYS = TRAIN_FLAGS.map((flag) => camelCase(flag.name));

/**
 * `ann train`: layers the flag values (command line, then --config, then a resumed model's saved
 * configuration), validates them, and trains with Ctrl-C trapped.
 */
export async function runTrainCommand(args: Record<string, unknown>, { io, host }: CommandContext): Promise<void> {
  const command: FlagLayer = { values: Object.fromEntries(TRAIN_KEYS.filter((key) => args[key] !== undefined).map((key) => [key, args[key]])) };
  const layers = [command];
  if (command.values.config !== undefined) {
    const config = await readConfigFile(parseText('--config', command.values.config), TRAIN_KEYS.filter((key) => key !== 'config'));
    layers.push(config);
  }
  const resumePath = mergeLayers(layers).values.resume;
  let resumed: Model | null = null;
  if (resumePath !== undefined) {
    const path = parseText('--resume', resumePath);
    resumed = await loadModel(path);
    const saved = resumed.training?.config ?? {};
    layers.push({ values: Object.fromEntries(Object.entries(saved).map(([name, value]) => [camelCase(name), savedPath(name, value, path)])), origin: path });
  }
  const { values, origins } = mergeLayers(layers);
  const options = resolveTrainOptions(values, origins);
  const reporter = createReporter(options.format, io, host);
  const trap = host.interrupts?.trap();
  try {
    await train(options, reporter, resumed, trap?.signal);
  } finally {
    trap?.release();
  }
}
