import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';
import { GRADCHECK_SHARED, TRAIN_FLAGS } from '../training/flag-table';

const CHECK = 'Check:';

export const gradcheckCommand = defineCommand({
  command: 'gradcheck',
  describe: "Compare backpropagation's gradients with finite differences on a seeded network",
  usage:
    'Usage: ann gradcheck [options]\n\nBuilds a network from the model flags (as ann train does) on the first --m examples of the data (default: the flower),\nand prints ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖) per parameter. Exits 1 when the check fails.',
  flags: [
    ...TRAIN_FLAGS.filter((f) => GRADCHECK_SHARED.includes(f.name)),
    use(SHARED_FLAGS.m, { note: 'the first m are checked', defaultDescription: '20', group: CHECK }),
    { name: 'epsilon', describe: 'Finite-difference step ε', defaultDescription: '1e-7', group: CHECK },
    { name: 'threshold', describe: 'The check passes when the difference is below this', defaultDescription: '2e-7', group: CHECK },
    use(SHARED_FLAGS.json, { note: 'one result object', group: CHECK }),
  ],
  examples: [['ann gradcheck --layers 5,3 --hidden relu --init he --seed 1', '']],
  action: async () => (await import('../actions/gradcheck')).gradcheck,
});
