import type { Argv } from 'yargs';
import { DATA_FORMATS } from '../choices';
import type { Command, CommandContext } from '../command';

export const predictCommand: Command = {
  command: 'predict',
  describe: 'Probabilities and labels of a saved model for new examples',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann predict --model M --data F [options]\n\nOne row per example: the predicted label and its probability (or probabilities, or values).')
      .option('model', { describe: 'Model file written by ann train --out', requiresArg: true, demandOption: true })
      .option('data', { describe: "Examples: .csv, .json, .npy, .npz or .h5; '-' reads standard input", requiresArg: true, demandOption: true })
      .option('format', { describe: `Format of standard input: csv|json`, requiresArg: true, defaultDescription: 'csv' })
      .option('x', { describe: 'Inputs array of an HDF5/.npz file', requiresArg: true })
      .option('out', { describe: 'Write the predictions to this file instead of standard output', requiresArg: true })
      .option('json', { describe: 'JSON Lines, one object per example: {"index":0,"label":1,"probability":0.93}', type: 'boolean' })
      .example('ann predict --model iris.json --data new.csv --out preds.csv', '')
      .example('cat new.csv | ann predict --model iris.json --data - --json', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    if (args.format !== undefined) {
      const { parseChoice } = await import('../flags');
      parseChoice('--format', args.format, DATA_FORMATS);
    }
    const { predict } = await import('../actions/predict');
    await predict(args, context);
  },
};
