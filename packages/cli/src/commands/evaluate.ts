import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';

export const evaluateCommand: Command = {
  command: 'evaluate',
  describe: 'Cost and metrics of a saved model on labelled data',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann evaluate --model M --data F [options]\n\nCost, accuracy, precision/recall/F1 and the confusion matrix (MSE/MAE/R² for regression).')
      .option('model', { describe: 'Model file written by ann train --out', requiresArg: true, demandOption: true })
      .option('data', { describe: 'Labelled data: .csv, .json, .npy, .npz or .h5', requiresArg: true, demandOption: true })
      .option('label', { describe: "Label column of a CSV/JSON file (default: the model's label name)", requiresArg: true })
      .option('x', { describe: 'Inputs array of an HDF5/.npz file', requiresArg: true })
      .option('y', { describe: 'Labels array of an HDF5/.npz file', requiresArg: true })
      .option('json', { describe: 'Print one JSON result object', type: 'boolean' })
      .example('ann evaluate --model cat.json --data test_catvnoncat.h5', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { evaluate } = await import('../actions/evaluate');
    await evaluate(args, context);
  },
};
