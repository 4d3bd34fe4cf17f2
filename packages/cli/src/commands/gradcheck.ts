import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';
import { addFlags, GRADCHECK_SHARED, TRAIN_FLAGS } from '../training/flag-table';

export const gradcheckCommand: Command = {
  command: 'gradcheck',
  describe: "Compare backpropagation's gradients with finite differences on a seeded network",
  builder: (yargs: Argv) => {
    const usage = yargs.usage(
      'Usage: ann gradcheck [options]\n\nBuilds a network from the model flags (as ann train does) on the first --m examples of the data (default: the flower),\nand prints ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) per parameter. Exits 1 when the check fails.',
    );
    return addFlags(usage, TRAIN_FLAGS.filter((f) => GRADCHECK_SHARED.includes(f.name)))
      .option('m', { describe: 'Examples to check on (the first m)', requiresArg: true, defaultDescription: '20', group: 'Check:' })
      .option('epsilon', { describe: 'Finite-difference step ε', requiresArg: true, defaultDescription: '1e-7', group: 'Check:' })
      .option('threshold', { describe: 'The check passes when the difference is below this', requiresArg: true, defaultDescription: '2e-7', group: 'Check:' })
      .option('json', { describe: 'Print one JSON result object', type: 'boolean', group: 'Check:' })
      .example('ann gradcheck --layers 5,3 --hidden relu --init he --seed 1', '');
  },
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { gradcheck } = await import('../actions/gradcheck');
    await gradcheck(args, context);
  },
};
