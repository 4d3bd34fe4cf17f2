import { gradientCheck, takeColumns } from '@ann/core/node';
import type { CommandContext } from '../command';
import { camelCase } from '../config';
import { loadLabelledData } from '../data';
import { CheckFailedError } from '../errors';
import { parsePositiveInteger, parsePositiveNumber, parseSwitch } from '../flags';
import { renderTable } from '../output/table';
import { buildNetwork, fitPreprocessing } from '../training/build';
import { GRADCHECK_SHARED } from '../training/flag-table';
import { inferHead, outputSize } from '../training/heads';
import { resolveTrainOptions } from '../training/options';

/** `ann gradcheck`: the course's gradient check on a network built from the model flags. */
export async function gradcheck(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const shared = Object.fromEntries(GRADCHECK_SHARED.map(camelCase).filter((key) => args[key] !== undefined).map((key) => [key, args[key]]));
  const options = resolveTrainOptions(shared);
  const m = args.m !== undefined ? parsePositiveInteger('--m', args.m) : 20;
  const epsilon = args.epsilon !== undefined ? parsePositiveNumber('--epsilon', args.epsilon) : 1e-7;
  const threshold = args.threshold !== undefined ? parsePositiveNumber('--threshold', args.threshold) : 2e-7;
  const json = args.json !== undefined && parseSwitch('--json', args.json);

  const data = await loadLabelledData(options.data);
  const columns = Array.from({ length: Math.min(m, data.X.cols) }, (_, j) => j);
  const Y = takeColumns(data.Y, columns);
  // The preprocessing ann train would fit, fitted on the m examples checked.
  const { X } = fitPreprocessing(options, null, { ...data, X: takeColumns(data.X, columns), Y });
  const labels = { Y, ...(data.classNames ? { classNames: data.classNames } : {}), source: data.name };
  const head = options.head ?? inferHead(labels);
  const network = buildNetwork(options, X.rows, head, outputSize(head, labels));
  const result = gradientCheck(network, X, Y, { epsilon, threshold, ...(options.l2 > 0 ? { l2: options.l2 } : {}) });
  const verdict = `gradient check ${result.passed ? 'passed' : 'failed'}: difference ${result.difference.toExponential(3)} ${result.passed ? '<' : '≥'} ${threshold} on [${network.layers.join(', ')}] ${head}, m = ${X.cols}`;
  if (json) {
    io.stdout.write(`${JSON.stringify({ type: 'result', passed: result.passed, difference: result.difference, threshold, layers: network.layers, m: X.cols, perParameter: result.perParameter })}\n`);
  } else {
    const rows = [['parameter', 'difference'], ...Object.entries(result.perParameter).map(([name, d]) => [name, d.toExponential(3)])];
    for (const line of renderTable(rows, true)) io.stdout.write(`${line}\n`);
    if (result.passed) io.stdout.write(`${verdict.charAt(0).toUpperCase()}${verdict.slice(1)}\n`);
  }
  if (!result.passed) throw new CheckFailedError(verdict);
}
