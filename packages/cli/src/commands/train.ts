import { defineCommand } from '../define-command';
import { TRAIN_FLAGS } from '../training/flag-table';

export const trainCommand = defineCommand({
  command: 'train',
  describe: 'Train a network on a data file, or on the built-in flower',
  usage: 'Usage: ann train [options]\n\nTrain a fully connected network and optionally save it (--out).',
  flags: TRAIN_FLAGS,
  examples: [
    ['ann train', 'the course planar experiment on the built-in flower'],
    ['ann train --data iris.csv --label species --layers 8 --hidden relu --init he --lr 0.1 --split 0.2 --out iris.json', 'a classifier from a CSV file'],
    ['ann train --data train_catvnoncat.h5 --scale 255 --layers 20,7,5 --hidden relu --init xavier --seed 1 --lr 0.0075 --iterations 2500 --print-every 100', "the course's cat network"],
  ],
  action: async () => (await import('../training/command')).runTrainCommand,
});
