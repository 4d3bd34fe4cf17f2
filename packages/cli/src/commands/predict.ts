import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const predictCommand = defineCommand({
  command: 'predict',
  describe: 'Probabilities and labels of a saved model for new examples',
  usage: 'Usage: ann predict --model M --data F [options]\n\nOne row per example: the predicted label and its probability (or probabilities, or values).',
  flags: [
    use(SHARED_FLAGS.model, { required: true }),
    use(SHARED_FLAGS.data, { note: "the examples; '-' reads standard input", required: true }),
    { name: 'format', describe: 'Format of standard input: csv|json', defaultDescription: 'csv' },
    SHARED_FLAGS.x,
    use(SHARED_FLAGS.out, { note: 'the predictions, instead of standard output' }),
    use(SHARED_FLAGS.json, { note: 'JSON Lines, one object per example: {"index":0,"label":1,"probability":0.93}' }),
  ],
  examples: [
    ['ann predict --model iris.json --data new.csv --out preds.csv', ''],
    ['cat new.csv | ann predict --model iris.json --data - --json', ''],
  ],
  action: async () => (await import('../actions/predict')).predict,
});
