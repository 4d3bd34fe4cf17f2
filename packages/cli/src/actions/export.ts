import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, writeOnnx, writeStandalone, writeTfjs } from '@ann/core/node';
import { DTYPE_NAMES, EXPORT_FORMATS } from '../choices';
import { UsageError } from '../errors';
import type { CommandContext } from '../command';
import { parseChoice, parseText } from '../flags';

/** `ann export M --format tfjs|js|onnx --out DIR|FILE`: thin over core's writers. */
export async function exportModel(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const format = parseChoice('--format', args.format, EXPORT_FORMATS);
  const out = parseText('--out', args.out);
  const path = parseText('model', args.model);
  if (args.dtype !== undefined && format !== 'onnx') throw new UsageError('--dtype applies to --format onnx');
  const dtype = args.dtype === undefined ? 'float32' : parseChoice('--dtype', args.dtype, DTYPE_NAMES);
  const model = await loadModel(path);
  if (format === 'onnx') {
    const file = /\.onnx$/i.test(out) ? out : join(out, 'model.onnx');
    if (file !== out) await mkdir(out, { recursive: true });
    await writeOnnx(file, model, { dtype });
    io.stdout.write(`Wrote an ONNX model (opset 13, ${dtype}) to ${file}: input X [batch, ${model.inputSize}], raw features as ann predict reads them\n`);
    return;
  }
  if (format === 'tfjs') {
    await writeTfjs(out, model);
    io.stdout.write(`Wrote a TensorFlow.js model to ${out} (load it with tf.loadLayersModel('file://${join(out, 'model.json')}'))\n`);
    return;
  }
  const file = /\.[cm]?js$/.test(out) ? out : join(out, 'model.js');
  if (file !== out) await mkdir(out, { recursive: true });
  await writeStandalone(file, model);
  io.stdout.write(`Wrote a standalone JavaScript module to ${file}\n`);
}
