import type { Argv } from 'yargs';
import { EXPORT_FORMATS } from '../choices';
import type { Command, CommandContext } from '../command';

export const exportCommand: Command = {
  command: 'export <model>',
  describe: 'Write a saved model for TensorFlow.js or as a standalone JavaScript module',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann export <model> --format tfjs|js --out DIR')
      .positional('model', { describe: 'Model file written by ann train --out', type: 'string' })
      .option('format', { describe: `tfjs (model.json + weights.bin, for tf.loadLayersModel) or js (one dependency-free ES module): ${EXPORT_FORMATS.join('|')}`, requiresArg: true, demandOption: true })
      .option('out', { describe: 'Output directory (for js, a .js/.mjs file name also works)', requiresArg: true, demandOption: true })
      .example('ann export cat.json --format tfjs --out cat-tfjs/', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { exportModel } = await import('../actions/export');
    await exportModel(args, context);
  },
};
