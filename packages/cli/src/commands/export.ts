import { DTYPE_NAMES, EXPORT_FORMATS } from '../choices';
import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const exportCommand = defineCommand({
  command: 'export <model>',
  describe: 'Write a saved model for TensorFlow.js, ONNX (ONNX Runtime, PyTorch, …) or as a standalone JavaScript module',
  usage: 'Usage: ann export <model> --format tfjs|js|onnx --out DIR|FILE [--dtype float32|float64]',
  flags: [
    use(SHARED_FLAGS.model, { positional: true }),
    {
      name: 'format',
      describe: `tfjs (model.json + weights.bin, for tf.loadLayersModel), js (one dependency-free ES module) or onnx (one .onnx file, opset 13): ${EXPORT_FORMATS.join('|')}`,
      required: true,
    },
    use(SHARED_FLAGS.out, { note: 'a directory (for js, a .js/.mjs file name also works; for onnx, a .onnx file name)', required: true }),
    { name: 'dtype', describe: `onnx only: the graph's element type, float32 (default) or float64: ${DTYPE_NAMES.join('|')}` },
  ],
  examples: [
    ['ann export cat.json --format tfjs --out cat-tfjs/', ''],
    ['ann export cat.json --format onnx --out cat.onnx', ''],
  ],
  action: async () => (await import('../actions/export')).exportModel,
});
