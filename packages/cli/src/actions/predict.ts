import { columnBlock, evaluationBatchSize, loadModel, writeFileAtomic, type Matrix, type Model } from '@ann/core/node';
import { DATA_FORMATS } from '../choices';
import type { CommandContext } from '../command';
import { parseChoice, parseSwitch, parseText } from '../flags';
import { modelInputs, preprocessedInputs, readInputs } from '../inputs';
import { stderrPhases, withPhase } from '../output/phase';

/** `ann predict --model M --data F`: CSV (or JSON Lines) of predictions, one per example. */
export async function predict(args: Record<string, unknown>, { io, host }: CommandContext): Promise<void> {
  // A bad --format is a usage error before any file is read.
  const format = args.format !== undefined ? parseChoice('--format', args.format, DATA_FORMATS) : undefined;
  const modelPath = parseText('--model', args.model);
  const model = await loadModel(modelPath);
  const path = parseText('--data', args.data);
  const options = {
    ...(args.x !== undefined ? { x: parseText('--x', args.x) } : {}),
    ...(format !== undefined ? { format } : {}),
    ...(model.labelName !== undefined ? { optionalLabel: model.labelName } : {}),
  };
  const phases = stderrPhases(io, host.env);
  const data = await withPhase(phases(`reading ${path}`, 'bytes'), (onProgress) => readInputs(path, options, io, onProgress));
  const X = modelInputs(data, model);
  const inputs = preprocessedInputs(data, X, model);
  const json = args.json !== undefined && parseSwitch('--json', args.json);
  // Block by block, each written as soon as it is made (to standard output; --out collects the text
  // and writes it once, atomically): memory for one block's workspace and lines whatever m is. Each
  // example's column goes through the network on its own, so the values do not depend on the blocks.
  const network = model.network;
  const batch = evaluationBatchSize(network);
  const chunks: string[] = [];
  const emit = args.out !== undefined ? (text: string) => chunks.push(text) : (text: string) => io.stdout.write(text);
  if (!json) emit(`${csvHeader(model, network.layers.at(-1)!)}\n`);
  await withPhase(phases(`predicting on ${data.name}`, 'examples'), (onProgress) => {
    for (let start = 0; start < inputs.cols; start += batch) {
      const end = Math.min(inputs.cols, start + batch);
      const A = network.predictProba(end - start === inputs.cols ? inputs : columnBlock(inputs, start, end));
      const lines = json ? jsonLines(model, A, start) : csvLines(model, A);
      emit(lines.map((line) => `${line}\n`).join(''));
      onProgress(end, inputs.cols);
    }
  });
  if (args.out !== undefined) {
    const out = parseText('--out', args.out);
    await writeFileAtomic(out, chunks.join(''));
    io.stderr.write(`Wrote ${X.cols} prediction${X.cols === 1 ? '' : 's'} to ${out}\n`);
  }
}

/** Per example j: the predicted label(s) and the output column A[:, j]. */
function columns(model: Model, A: Matrix): { label: number | number[] | null; a: number[] }[] {
  const output = model.network.output;
  const rows: { label: number | number[] | null; a: number[] }[] = [];
  for (let j = 0; j < A.cols; j++) {
    const a = Array.from({ length: A.rows }, (_, i) => A.data[i * A.cols + j]!);
    let label: number | number[] | null = null;
    if (output === 'softmax') label = a.indexOf(Math.max(...a));
    else if (output === 'sigmoid') label = a.length === 1 ? (a[0]! > 0.5 ? 1 : 0) : a.map((p) => (p > 0.5 ? 1 : 0));
    rows.push({ label, a });
  }
  return rows;
}

/** `{"index":0,"label":1,"probability":0.93}`; `probabilities` for softmax, `value`/`values` for regression. `first`: the index of A's first column. */
function jsonLines(model: Model, A: Matrix, first: number): string[] {
  const names = model.classNames;
  const output = model.network.output;
  return columns(model, A).map(({ label, a }, j) => {
    const index = first + j;
    if (output === 'linear') return JSON.stringify(a.length === 1 ? { index, value: a[0] } : { index, values: a });
    if (Array.isArray(label)) return JSON.stringify({ index, labels: label, probabilities: a });
    const className = names && label !== null ? { class: names[label] } : {};
    return JSON.stringify(output === 'softmax' ? { index, label, ...className, probabilities: a } : { index, label, ...className, probability: a[0] });
  });
}

const cell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The CSV's class name column: with class names, for softmax and single-output sigmoid models. */
function hasClassColumn(model: Model, outputs: number): boolean {
  return model.classNames !== undefined && (model.network.output === 'softmax' || outputs === 1);
}

/** The CSV's header for `outputs` outputs: `label,probability` (plus `class` with class names), `label,p_<class>…`, or `value`. */
function csvHeader(model: Model, outputs: number): string {
  const names = model.classNames;
  const output = model.network.output;
  const classColumn = hasClassColumn(model, outputs) ? ['class'] : [];
  let header: string[];
  if (output === 'linear') header = outputs === 1 ? ['value'] : Array.from({ length: outputs }, (_, i) => `value_${i + 1}`);
  else if (output === 'softmax') header = ['label', ...classColumn, ...Array.from({ length: outputs }, (_, k) => `p_${names?.[k] ?? k}`)];
  else if (outputs === 1) header = ['label', ...classColumn, 'probability'];
  else header = [...Array.from({ length: outputs }, (_, i) => `label_${i + 1}`), ...Array.from({ length: outputs }, (_, i) => `probability_${i + 1}`)];
  return header.map(cell).join(',');
}

/** The CSV's rows for the columns of A, under csvHeader. */
function csvLines(model: Model, A: Matrix): string[] {
  const names = model.classNames;
  const classColumn = hasClassColumn(model, A.rows);
  const lines: string[] = [];
  for (const { label, a } of columns(model, A)) {
    const labels = label === null ? [] : Array.isArray(label) ? label : [label];
    const className = classColumn && typeof label === 'number' ? [cell(names![label]!)] : [];
    lines.push([...labels.map(String), ...className, ...a.map(String)].join(','));
  }
  return lines;
}
