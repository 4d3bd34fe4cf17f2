import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';

export const datasetsCommand: Command = {
  command: 'datasets <action> [name]',
  describe: 'List the built-in datasets, or generate one as CSV',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann datasets list [--json]\n       ann datasets generate NAME [--m 400] [--classes 3] [--noise 0.2] [--seed 1] [--out F.csv]')
      .positional('action', { describe: 'list or generate', choices: ['list', 'generate'] })
      .positional('name', { describe: 'Dataset to generate (see ann datasets list)', type: 'string' })
      .option('m', { describe: 'Number of examples', requiresArg: true })
      .option('classes', { describe: 'Number of classes K, 2 to 8 (multi-class datasets: spirals, blobs)', requiresArg: true })
      .option('noise', { describe: 'Noise standard deviation (datasets that take it)', requiresArg: true })
      .option('seed', { describe: 'Seed of the generator', requiresArg: true })
      .option('out', { describe: 'Write the CSV here instead of standard output', requiresArg: true })
      .option('json', { describe: 'list: one JSON object per dataset', type: 'boolean' })
      .example('ann datasets generate moons --m 400 --noise 0.2 --seed 1 --out moons.csv', '')
      .example('ann datasets generate spirals --classes 4 --m 300 --out spirals.csv', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { datasetsAction } = await import('../actions/datasets');
    await datasetsAction(args, context);
  },
};
