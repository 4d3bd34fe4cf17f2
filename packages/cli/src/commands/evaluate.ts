import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const evaluateCommand = defineCommand({
  command: 'evaluate',
  describe: 'Cost and metrics of a saved model on labelled data',
  usage: 'Usage: ann evaluate --model M --data F [options]\n\nCost, accuracy, precision/recall/F1 and the confusion matrix (MSE/MAE/R² for regression).',
  flags: [
    use(SHARED_FLAGS.model, { required: true }),
    use(SHARED_FLAGS.data, { note: 'labelled examples', required: true }),
    use(SHARED_FLAGS.label, { defaultDescription: "the model's label name" }),
    SHARED_FLAGS.x,
    SHARED_FLAGS.y,
    use(SHARED_FLAGS.json, { note: 'one result object' }),
  ],
  examples: [['ann evaluate --model cat.json --data test_catvnoncat.h5', '']],
  action: async () => (await import('../actions/evaluate')).evaluate,
});
