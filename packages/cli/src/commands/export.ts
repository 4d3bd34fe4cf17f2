import type { Argv } from 'yargs';
import { DTYPE_NAMES, EXPORT_FORMATS } from '../choices';
import type { Command, CommandContext } from '../command';

export const exportCommand: Command = {
  command: 'export <model>',
  describe: 'Write a saved model for TensorFlow.js, ONNX (ONNX Runtime, PyTorch, …) or as a standalone JavaScript module',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann export <model> --format tfjs|js|onnx --out DIR|FILE [--dtype float32|float64]')
      .positional('model', { describe: 'Model file written by ann train --out', type: 'string' })
      .option('format', {
        describe: `tfjs (model.json + weights.bin, for tf.loadLayersModel), js (one dependency-free ES module) or onnx (one .onnx file, opset 13): ${EXPORT_FORMATS.join('|')}`,
        requiresArg: true,
        demandOption: true,
      })
      .option('out', { describe: 'Output directory (for js, a .js/.mjs file name also works; for onnx, a .onnx file name)', requiresArg: true, demandOption: true })
      .option('dtype', { describe: `onnx only: the graph's element type, float32 (default) or float64: ${DTYPE_NAMES.join('|')}`, requiresArg: true })
      .example('ann export cat.json --format tfjs --out cat-tfjs/', '')
      .example('ann export cat.json --format onnx --out cat.onnx', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { exportModel } = await import('../actions/export');
    await exportModel(args, context);
  },
};
