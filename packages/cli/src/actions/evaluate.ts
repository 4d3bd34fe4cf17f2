import { confusionMatrix, evaluateInBatches, loadModel, Matrix, precisionRecallF1 } from '@ann/core/node';
import type { CommandContext } from '../command';
import { alignClasses } from '../data';
import { parseSwitch, parseText } from '../flags';
import { modelInputs, preprocessedInputs, readInputs } from '../inputs';
import { stderrPhases, withPhase } from '../output/phase';
import { jsonScores } from '../output/plain';
import { renderTable } from '../output/table';
import { labelColumn } from '../training/options';
import { headOfOutput, outputSize } from '../training/heads';

/** `ann evaluate --model M --data F`: the model's cost and metrics on labelled data. */
export async function evaluate(args: Record<string, unknown>, { io, host }: CommandContext): Promise<void> {
  const modelPath = parseText('--model', args.model);
  const model = await loadModel(modelPath);
  const label = args.label !== undefined ? labelColumn(parseText('--label', args.label)) : model.labelName;
  const isBinaryFile = /\.(h5|hdf5|hdf|npz)$/i.test(String(args.data));
  const path = parseText('--data', args.data);
  const options = {
    ...(label !== undefined && !isBinaryFile ? { label } : {}),
    ...(args.x !== undefined ? { x: parseText('--x', args.x) } : {}),
    ...(args.y !== undefined ? { y: parseText('--y', args.y) } : {}),
  };
  const phases = stderrPhases(io, host.env);
  const data = await withPhase(phases(`reading ${path}`, 'bytes'), (onProgress) => readInputs(path, options, io, onProgress));
  if (data.Y === undefined) throw new Error(`${data.name}: no labels to evaluate against: name the label column with --label COLUMN (or the array with --y NAME)`);
  // Class indices in the model's order (a file's own sorted class list differs when it lacks a class).
  const labels = alignClasses({ name: data.name, X: data.X, Y: data.Y, ...(data.classNames ? { classNames: data.classNames } : {}) }, model.classNames);
  const Y = labels.Y;
  const X = modelInputs(data, model);
  const output = model.network.output;
  const head = headOfOutput(output);
  const nL = outputSize(head, { Y, ...(labels.classNames ? { classNames: labels.classNames } : {}), source: data.name });
  if (nL !== model.network.layers.at(-1)) throw new Error(`${data.name}: the labels need ${nL} outputs but the model in ${modelPath} has ${model.network.layers.at(-1)}`);

  // As `ann train`'s final evaluation: the whole set through the preprocessing, then the network in
  // blocks (core's evaluateInBatches), so the scores are train's own, bit for bit, and the workspace
  // is one block's whatever m is. The predicted classes (for precision, recall and the confusion
  // matrix) are made block by block in the same pass.
  const inputs = preprocessedInputs(data, X, model);
  const network = model.network;
  const predicted = output !== 'linear' && Y.rows === 1 ? new Matrix(1, X.cols) : null;
  const evaluation = await withPhase(phases(`evaluating on ${data.name}`, 'examples'), (onProgress) =>
    evaluateInBatches(network, inputs, Y, {
      onProgress,
      ...(predicted ? { onBlock: (block: Matrix, start: number) => predicted.data.set(network.predict(block).data, start) } : {}),
    }),
  );
  const json = args.json !== undefined && parseSwitch('--json', args.json);
  const classification = !Number.isNaN(evaluation.accuracy) && predicted !== null;
  const predictions = classification ? predicted : null;
  const classes = classification ? (output === 'softmax' ? model.network.layers.at(-1)! : 2) : 0;
  const prf = predictions ? precisionRecallF1(Y, predictions, { numClasses: classes, average: classes === 2 ? 'binary' : 'macro' }) : null;
  const confusion = predictions ? confusionMatrix(Y, predictions, classes) : null;
  const names = model.classNames ?? Array.from({ length: classes }, (_, k) => String(k));

  if (json) {
    io.stdout.write(`${JSON.stringify({
      type: 'result',
      model: modelPath,
      data: data.name,
      m: X.cols,
      ...jsonScores(evaluation),
      ...(prf ? { average: prf.average, precision: prf.precision, recall: prf.recall, f1: prf.f1 } : {}),
      ...(confusion ? { classNames: names, confusionMatrix: confusion } : {}),
    })}\n`);
    return;
  }
  const out = (text: string) => io.stdout.write(`${text}\n`);
  out(`Evaluating ${modelPath} on ${data.name} (m = ${X.cols})`);
  out(`Cost: ${evaluation.cost.toFixed(6)}`);
  if (!Number.isNaN(evaluation.accuracy)) out(`Accuracy: ${(evaluation.accuracy * 100).toFixed(2)}%`);
  if (evaluation.mse !== undefined) out(`MSE: ${fmt(evaluation.mse)}, MAE: ${fmt(evaluation.mae!)}, R²: ${fmt(evaluation.r2!)}`);
  if (prf) {
    const which = prf.average === 'binary' ? `class ${names[1]}` : 'macro average';
    out(`Precision: ${fmt(prf.precision!)}, Recall: ${fmt(prf.recall!)}, F1: ${fmt(prf.f1!)} (${which})`);
  }
  if (confusion) {
    out('Confusion matrix (rows: true class, columns: predicted):');
    for (const line of renderTable([['', ...names], ...confusion.map((row, k) => [names[k]!, ...row.map(String)])], true)) out(line);
  }
}

function fmt(value: number): string {
  return Number(value.toPrecision(6)).toString();
}
