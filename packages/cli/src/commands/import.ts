import { defineCommand } from '../define-command';
import { SHARED_FLAGS, use } from '../flag-table';

export const importCommand = defineCommand({
  command: 'import <model>',
  describe: 'Read an ONNX model (a dense network, e.g. from torch.onnx.export) into an ann model file',
  usage: 'Usage: ann import <model.onnx> --out model.json',
  flags: [
    { name: 'model', positional: true, describe: 'An .onnx file: Gemm/MatMul layers with Relu, LeakyRelu, Tanh, Sigmoid, Softmax (see docs/interop.md)' },
    use(SHARED_FLAGS.out, { note: 'the ann model file', required: true }),
  ],
  examples: [['ann import mlp.onnx --out mlp.json', '']],
  action: async () => (await import('../actions/import')).importModel,
});
