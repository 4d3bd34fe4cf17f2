import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const infoCommand = defineCommand({
  command: 'info <model>',
  describe: "A saved model's layers, preprocessing, training configuration and metrics",
  usage: 'Usage: ann info <model> [--json]',
  flags: [use(SHARED_FLAGS.model, { positional: true }), use(SHARED_FLAGS.json, { note: 'one object' })],
  action: async () => (await import('../actions/info')).info,
});
