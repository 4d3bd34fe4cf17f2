import { ACTIVATION_NAMES, DTYPE_NAMES, HEAD_NAMES, INIT_NAMES, NORMALIZE_NAMES, OPTIMIZER_NAMES } from '../choices';
import { SHARED_FLAGS, use, type FlagSpec } from '../flag-table';
import { TRAIN_DEFAULTS } from './options';

/*
 * The `ann train` flag table, apart from the commands: `ann train` and `ann gradcheck` declare their
 * flags from it, and the train action reads its keys (so neither command imports the other, and no
 * action imports a command).
 */

const DATA = 'Data:';
const MODEL = 'Model:';
const TRAINING = 'Training:';
const OUTPUT = 'Output:';

/**
 * Every `ann train` flag. Flags have no yargs defaults, so a value that is undefined was not given
 * and a config file or a resumed model may supply it (see config.ts); TRAIN_DEFAULTS fill the rest.
 */
export const TRAIN_FLAGS: readonly FlagSpec[] = [
  use(SHARED_FLAGS.data, { group: DATA, note: 'the training examples', defaultDescription: 'the built-in planar flower' }),
  use(SHARED_FLAGS.label, { group: DATA }),
  use(SHARED_FLAGS.x, { group: DATA }),
  use(SHARED_FLAGS.y, { group: DATA }),
  { name: 'scale', group: DATA, describe: 'Divide every input by K (e.g. 255 for 8-bit images)' },
  {
    name: 'features',
    group: DATA,
    describe:
      "Feed the network these features of the raw inputs instead of the inputs, comma-separated terms xI, xI^2, xI*xJ (I < J), sin(xI), cos(xI), e.g. 'x1,x2,x1^2,x2^2,x1*x2,sin(x1),sin(x2)' (TF Playground's seven); computed after --scale, before --normalize",
  },
  { name: 'normalize', group: DATA, describe: `Normalize inputs per feature: ${NORMALIZE_NAMES.join('|')}`, defaultDescription: TRAIN_DEFAULTS.normalize },
  { name: 'test', group: DATA, describe: 'Test (validation) data file, read like --data with the same --label' },
  { name: 'test-x', group: DATA, describe: 'Inputs array of the --test HDF5/.npz file' },
  { name: 'test-y', group: DATA, describe: 'Labels array of the --test HDF5/.npz file' },
  { name: 'split', group: DATA, describe: 'Hold out this fraction of the data as the test set (seeded by --seed), e.g. 0.2' },
  { name: 'layers', group: MODEL, describe: 'Hidden layer sizes, comma-separated (e.g. 20,7,5); input and output sizes come from the data', defaultDescription: TRAIN_DEFAULTS.layers },
  { name: 'hidden', group: MODEL, describe: `Hidden activation, one for all layers or one per layer (e.g. relu,relu,tanh): ${ACTIVATION_NAMES.join('|')}`, defaultDescription: TRAIN_DEFAULTS.hidden },
  { name: 'head', group: MODEL, describe: `Task and output layer: ${HEAD_NAMES.join('|')} (sigmoid, softmax, linear)`, defaultDescription: 'inferred from the labels' },
  { name: 'init', group: MODEL, describe: `Weight initialization: ${INIT_NAMES.join('|')}`, defaultDescription: TRAIN_DEFAULTS.init },
  { name: 'init-scale', group: MODEL, describe: "Scale of 'random' initialization (W = randn · scale)", defaultDescription: String(TRAIN_DEFAULTS.initScale) },
  use(SHARED_FLAGS.seed, { group: MODEL, note: 'for initialization, dropout, shuffles and --split', defaultDescription: String(TRAIN_DEFAULTS.seed) }),
  { name: 'batch-norm', group: MODEL, boolean: true, describe: 'Batch normalization on every hidden layer' },
  { name: 'dtype', group: MODEL, describe: `Element type of the network: ${DTYPE_NAMES.join('|')} (float32: half the memory, faster on the wasm backend, not exact to numpy's float64)`, defaultDescription: TRAIN_DEFAULTS.dtype },
  { name: 'lr', group: TRAINING, describe: 'Learning rate α', defaultDescription: String(TRAIN_DEFAULTS.lr) },
  { name: 'iterations', group: TRAINING, describe: 'Full-batch gradient steps', defaultDescription: String(TRAIN_DEFAULTS.iterations) },
  { name: 'epochs', group: TRAINING, describe: 'Passes over the data in mini-batches (instead of --iterations)' },
  { name: 'batch-size', group: TRAINING, describe: 'Examples per mini-batch with --epochs', defaultDescription: 'all' },
  { name: 'optimizer', group: TRAINING, describe: `Update rule: ${OPTIMIZER_NAMES.join('|')}`, defaultDescription: TRAIN_DEFAULTS.optimizer },
  { name: 'l2', group: TRAINING, describe: 'L2 regularization λ', defaultDescription: '0' },
  { name: 'keep-prob', group: TRAINING, describe: 'Dropout keep probability, one for all hidden layers or one per layer', defaultDescription: '1' },
  { name: 'decay', group: TRAINING, describe: 'Inverse-time learning-rate decay: α = α0 / (1 + decay · epoch)' },
  { name: 'clip', group: TRAINING, describe: 'Clip gradients to this global L2 norm' },
  { name: 'early-stopping', group: TRAINING, describe: 'Stop after PATIENCE recorded points without a lower validation cost (needs --test or --split)' },
  { name: 'print-every', group: OUTPUT, describe: 'Record and print the cost every N iterations (or epochs)', defaultDescription: `${TRAIN_DEFAULTS.printEvery} iterations, or a tenth of the epochs` },
  use(SHARED_FLAGS.out, { group: OUTPUT, note: 'the model (and a checkpoint to resume), saved atomically' }),
  { name: 'resume', group: OUTPUT, describe: 'Continue the run saved in this model file, bit for bit (saves back to it unless --out)' },
  { name: 'config', group: OUTPUT, describe: 'Read flags from a JSON file ({"lr": 0.0075, …}); command-line flags override it' },
  { name: 'quiet', group: OUTPUT, boolean: true, describe: 'Print only the result' },
  use(SHARED_FLAGS.json, { group: OUTPUT, note: 'JSON Lines of progress, warning and result objects' }),
];

/** The `ann train` flags gradcheck shares: data and model. */
export const GRADCHECK_SHARED = ['data', 'label', 'x', 'y', 'scale', 'normalize', 'layers', 'hidden', 'head', 'init', 'init-scale', 'seed', 'batch-norm', 'l2'];
