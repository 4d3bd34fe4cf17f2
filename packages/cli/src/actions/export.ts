import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, writeStandalone, writeTfjs } from '@ann/core/node';
import { EXPORT_FORMATS } from '../choices';
import type { CommandContext } from '../command';
import { parseChoice, parseText } from '../flags';

/** `ann export M --format tfjs|js --out DIR`: thin over core's writers. */
export async function exportModel(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const format = parseChoice('--format', args.format, EXPORT_FORMATS);
  const out = parseText('--out', args.out);
  const path = parseText('model', args.model);
  const model = await loadModel(path);
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
