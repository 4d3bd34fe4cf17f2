import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';

export const infoCommand: Command = {
  command: 'info <model>',
  describe: "A saved model's layers, preprocessing, training configuration and metrics",
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann info <model> [--json]')
      .positional('model', { describe: 'Model file written by ann train --out', type: 'string' })
      .option('json', { describe: 'Print one JSON object', type: 'boolean' }),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { info } = await import('../actions/info');
    await info(args, context);
  },
};
