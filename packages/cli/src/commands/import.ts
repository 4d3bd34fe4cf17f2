import type { Argv } from 'yargs';
import type { Command, CommandContext } from '../command';

export const importCommand: Command = {
  command: 'import <model>',
  describe: 'Read an ONNX model (a dense network, e.g. from torch.onnx.export) into an ann model file',
  builder: (yargs: Argv) =>
    yargs
      .usage('Usage: ann import <model.onnx> --out model.json')
      .positional('model', { describe: 'An .onnx file: Gemm/MatMul layers with Relu, LeakyRelu, Tanh, Sigmoid, Softmax (see docs/interop.md)', type: 'string' })
      .option('out', { describe: 'The ann model file to write', requiresArg: true, demandOption: true })
      .example('ann import mlp.onnx --out mlp.json', ''),
  handler: async (args: Record<string, unknown>, context: CommandContext) => {
    const { importModel } = await import('../actions/import');
    await importModel(args, context);
  },
};
