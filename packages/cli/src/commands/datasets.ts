import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const datasetsCommand = defineCommand({
  command: 'datasets <action> [name]',
  describe: 'List the built-in datasets, or generate one as CSV',
  usage: 'Usage: ann datasets list [--json]\n       ann datasets generate NAME [--m 400] [--classes 3] [--noise 0.2] [--seed 1] [--out F.csv]',
  flags: [
    { name: 'action', positional: true, describe: 'list or generate', choices: ['list', 'generate'] },
    { name: 'name', positional: true, describe: 'Dataset to generate (see ann datasets list)' },
    SHARED_FLAGS.m,
    { name: 'classes', describe: 'Number of classes K, 2 to 8 (multi-class datasets: spirals, blobs)' },
    { name: 'noise', describe: 'Noise standard deviation (datasets that take it)' },
    use(SHARED_FLAGS.seed, { note: 'for the generator' }),
    use(SHARED_FLAGS.out, { note: 'the CSV, instead of standard output' }),
    use(SHARED_FLAGS.json, { note: 'list prints one object per dataset' }),
  ],
  examples: [
    ['ann datasets generate moons --m 400 --noise 0.2 --seed 1 --out moons.csv', ''],
    ['ann datasets generate spirals --classes 4 --m 300 --out spirals.csv', ''],
  ],
  action: async () => (await import('../actions/datasets')).datasetsAction,
});
