import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';
import { addFlags, TRAIN_FLAGS } from '../training/flag-table';

export const trainCommand: Command = {
  command: 'train',
  describe: 'Train a network on a data file, or on the built-in flower',
  builder: (yargs: Argv) => {
    return addFlags(yargs.usage('Usage: ann train [options]\n\nTrain a fully connected network and optionally save it (--out).'), TRAIN_FLAGS)
      .example('ann train', 'the course planar experiment on the built-in flower')
      .example('ann train --data iris.csv --label species --layers 8 --hidden relu --init he --lr 0.1 --split 0.2 --out iris.json', 'a classifier from a CSV file')
      .example('ann train --data train_catvnoncat.h5 --scale 255 --layers 20,7,5 --hidden relu --init xavier --seed 1 --lr 0.0075 --iterations 2500 --print-every 100', "the course's cat network");
  },
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { runTrainCommand } = await import('../training/command');
    await runTrainCommand(args, context);
  },
};
