import { DATASET_CATALOG, datasets, ValueError, writeFileAtomic, type DatasetInfo } from '@ann/core/node';
import type { CommandContext } from '../command';
import { UsageError } from '../errors';
import { parseNonNegativeNumber, parsePositiveInteger, parseSeed, parseSwitch, parseText } from '../flags';

/** Names accepted besides the catalogue's: the README calls the planar set "flower". */
const ALIASES: Record<string, string> = { flower: 'planarFlower' };

/** `ann datasets list` and `ann datasets generate NAME`. */
export async function datasetsAction(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  if (args.action === 'list') {
    for (const key of ['m', 'classes', 'noise', 'seed', 'out', 'name']) {
      if (args[key] !== undefined) throw new UsageError(`${key === 'name' ? `unexpected argument '${String(args.name)}'` : `--${key} applies to ann datasets generate`}`);
    }
    list(args.json !== undefined && parseSwitch('--json', args.json), io.stdout);
    return;
  }
  if (args.json !== undefined) throw new UsageError('--json applies to ann datasets list');
  if (args.name === undefined) throw new UsageError(`missing dataset name: ann datasets generate NAME (one of ${DATASET_CATALOG.map((d) => d.name).join(', ')})`);
  const asked = String(args.name);
  const info = DATASET_CATALOG.find((d) => d.name === (ALIASES[asked] ?? asked));
  if (!info) throw new UsageError(`unknown dataset '${asked}' (available: ${DATASET_CATALOG.map((d) => d.name).join(', ')})`);
  const options: Record<string, number> = {};
  const readers = { m: parsePositiveInteger, classes: parsePositiveInteger, noise: parseNonNegativeNumber, seed: parseSeed } as const;
  for (const [key, read] of Object.entries(readers)) {
    if (args[key] === undefined) continue;
    if (key === 'classes' && info.task !== 'multiclass') {
      // The one flag that only some tasks take: say which datasets do, not only this one's options.
      const multiclass = DATASET_CATALOG.filter((d) => d.task === 'multiclass').map((d) => d.name).join(', ');
      throw new UsageError(`--classes: ${info.name} is a ${info.task} dataset and has no classes option (the multi-class datasets: ${multiclass})`);
    }
    if (!(key in info.defaults)) {
      throw new UsageError(`--${key}: ${info.name} has no ${key} option (its options: ${Object.keys(info.defaults).map((k) => `--${k}`).join(', ')})`);
    }
    options[key] = read(`--${key}`, args[key]);
  }
  const generate = datasets[info.name] as (options: Record<string, number>) => { X: { rows: number; cols: number; data: Float64Array }; Y: { rows: number; cols: number; data: Float64Array } };
  const { X, Y } = generateOrRefuse(() => generate(options), info.name);
  const header = [...Array.from({ length: X.rows }, (_, i) => `x${i + 1}`), ...(Y.rows === 1 ? ['y'] : Array.from({ length: Y.rows }, (_, i) => `y${i + 1}`))];
  const lines = [header.join(',')];
  for (let j = 0; j < X.cols; j++) {
    const row: string[] = [];
    for (let i = 0; i < X.rows; i++) row.push(String(X.data[i * X.cols + j]));
    for (let i = 0; i < Y.rows; i++) row.push(String(Y.data[i * Y.cols + j]));
    lines.push(row.join(','));
  }
  const text = `${lines.join('\n')}\n`;
  if (args.out === undefined) {
    io.stdout.write(text);
    return;
  }
  const out = parseText('--out', args.out);
  await writeFileAtomic(out, text);
  const classes = info.task === 'multiclass' ? `, ${options.classes ?? info.classes} classes` : '';
  io.stderr.write(`Wrote ${info.name} (m = ${X.cols}, ${X.rows} features, ${info.task}${classes}) to ${out}\n`);
}

/**
 * Runs the generator; a value the flags' parsers let through but the generator refuses (e.g.
 * `--classes 9`, beyond the 8 a generator takes) is a usage error naming the flag, not a crash.
 */
function generateOrRefuse<T>(generate: () => T, name: string): T {
  try {
    return generate();
  } catch (error) {
    // The generator's option at fault is the flag of the same name (--m, --noise, --seed, …).
    if (!(error instanceof ValueError) || error.functionName !== `datasets.${name}` || error.argument === undefined) throw error;
    throw new UsageError(`--${error.argument}: ${error.reason}`);
  }
}

/** How many classes a dataset has by default, for the list: 2 for binary, none for regression. */
function classCount(info: DatasetInfo): number | undefined {
  return info.task === 'binary' ? 2 : info.classes;
}

function list(json: boolean, stdout: { write(text: string): unknown }): void {
  const defaults = (info: DatasetInfo) => Object.entries(info.defaults).map(([key, value]) => `${key}=${value}`).join(' ');
  if (json) {
    for (const info of DATASET_CATALOG) {
      const { name, task, features, noiseMax, description } = info;
      stdout.write(`${JSON.stringify({ name, task, features, classes: classCount(info), defaults: info.defaults, noiseMax, description })}\n`);
    }
    return;
  }
  const width = Math.max(...DATASET_CATALOG.map((info) => info.name.length));
  for (const info of DATASET_CATALOG) {
    const K = classCount(info);
    const classes = (K === undefined ? '' : `${K} classes`).padEnd(9);
    stdout.write(`${info.name.padEnd(width)}  ${info.task.padEnd(10)}  ${info.features} features  ${classes}  ${defaults(info)}\n`);
    stdout.write(`${' '.repeat(width + 2)}${info.description}\n`);
  }
}
