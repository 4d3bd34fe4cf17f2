import { loadModel, writeFileAtomic, type Matrix, type Model } from '@ann/core/node';
import { DATA_FORMATS } from '../choices';
import type { CommandContext } from '../command';
import { parseChoice, parseSwitch, parseText } from '../flags';
import { modelInputs, readInputs } from '../inputs';
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
  const data = await withPhase(stderrPhases(io, host.env)(`reading ${path}`, 'bytes'), (onProgress) => readInputs(path, options, io, onProgress));
  const X = modelInputs(data, model);
  const lines = (args.json !== undefined && parseSwitch('--json', args.json) ? jsonLines : csvLines)(model, model.predictProba(X));
  const text = lines.map((line) => `${line}\n`).join('');
  if (args.out !== undefined) {
    const out = parseText('--out', args.out);
    await writeFileAtomic(out, text);
    io.stderr.write(`Wrote ${X.cols} prediction${X.cols === 1 ? '' : 's'} to ${out}\n`);
  } else {
    io.stdout.write(text);
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

/** `{"index":0,"label":1,"probability":0.93}`; `probabilities` for softmax, `value`/`values` for regression. */
function jsonLines(model: Model, A: Matrix): string[] {
  const names = model.classNames;
  const output = model.network.output;
  return columns(model, A).map(({ label, a }, index) => {
    if (output === 'linear') return JSON.stringify(a.length === 1 ? { index, value: a[0] } : { index, values: a });
    if (Array.isArray(label)) return JSON.stringify({ index, labels: label, probabilities: a });
    const className = names && label !== null ? { class: names[label] } : {};
    return JSON.stringify(output === 'softmax' ? { index, label, ...className, probabilities: a } : { index, label, ...className, probability: a[0] });
  });
}

/** A CSV with a header: `label,probability` (plus `class` with class names), `label,p_<class>…`, or `value`. */
function csvLines(model: Model, A: Matrix): string[] {
  const names = model.classNames;
  const output = model.network.output;
  const cell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const classColumn = names && (output === 'softmax' || A.rows === 1) ? ['class'] : [];
  let header: string[];
  if (output === 'linear') header = A.rows === 1 ? ['value'] : Array.from({ length: A.rows }, (_, i) => `value_${i + 1}`);
  else if (output === 'softmax') header = ['label', ...classColumn, ...Array.from({ length: A.rows }, (_, k) => `p_${names?.[k] ?? k}`)];
  else if (A.rows === 1) header = ['label', ...classColumn, 'probability'];
  else header = [...Array.from({ length: A.rows }, (_, i) => `label_${i + 1}`), ...Array.from({ length: A.rows }, (_, i) => `probability_${i + 1}`)];
  const lines = [header.map(cell).join(',')];
  for (const { label, a } of columns(model, A)) {
    const labels = label === null ? [] : Array.isArray(label) ? label : [label];
    const className = classColumn.length > 0 && typeof label === 'number' ? [cell(names![label]!)] : [];
    lines.push([...labels.map(String), ...className, ...a.map(String)].join(','));
  }
  return lines;
}
