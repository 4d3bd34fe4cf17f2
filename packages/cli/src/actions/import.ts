import { readOnnx, saveModel } from '@ann/core/node';
import type { CommandContext } from '../command';
import { parseText } from '../flags';

/** `ann import M.onnx --out M.json`: thin over core's readOnnx and saveModel. */
export async function importModel(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const path = parseText('model', args.model);
  const out = parseText('--out', args.out);
  const model = await readOnnx(path);
  await saveModel(out, model);
  const { layers, hidden, output, batchNorm } = model.network;
  const steps = model.preprocessing.map((t) => t.kind);
  io.stdout.write(
    `Imported ${path}: layers [${layers.join(', ')}], hidden ${hidden.join(', ') || '(none)'}, output ${output}${batchNorm ? ', batch norm' : ''}${steps.length > 0 ? `, preprocessing ${steps.join(', ')}` : ''}\nWrote ${out}\n`,
  );
}
