import { featureLabel, loadModel, type TransformerJSON } from '@ann/core/node';
import type { CommandContext } from '../command';
import { parseSwitch, parseText } from '../flags';
import { renderTable } from '../output/table';

/** `ann info M`: what is in a model file, for people (a table) or scripts (--json). */
export async function info(args: Record<string, unknown>, { io }: CommandContext): Promise<void> {
  const path = parseText('model', args.model);
  const model = await loadModel(path);
  const network = model.network;
  const specs = network.parameterSpecs;
  const L = network.depth;
  const layers = Array.from({ length: L }, (_, k) => {
    const l = k + 1;
    const own = specs.filter((spec) => spec.layer === l);
    return {
      layer: l,
      units: network.layers[l]!,
      activation: l < L ? network.hidden[l - 1]! : network.output,
      shapes: Object.fromEntries(own.map((spec) => [spec.name, [spec.rows, spec.cols]])),
      parameters: own.reduce((sum, spec) => sum + spec.rows * spec.cols, 0),
    };
  });
  const total = layers.reduce((sum, layer) => sum + layer.parameters, 0);
  const preprocessing = model.preprocessing.map((t) => t.toJSON());
  const checkpoint = model.training?.checkpoint;

  if (args.json !== undefined && parseSwitch('--json', args.json)) {
    io.stdout.write(`${JSON.stringify({
      type: 'info',
      model: path,
      // The raw inputs the model takes (what predict reads); layers[0] differs with --features.
      inputs: model.inputSize,
      layers,
      parameters: total,
      batchNorm: network.batchNorm,
      dtype: network.dtype,
      preprocessing,
      ...(model.featureNames ? { featureNames: model.featureNames } : {}),
      ...(model.classNames ? { classNames: model.classNames } : {}),
      ...(model.labelName ? { labelName: model.labelName } : {}),
      iterationsTrained: network.iterationsTrained,
      ...(model.training ? { training: { config: model.training.config, resumable: checkpoint !== undefined } } : {}),
      ...(model.metrics ? { metrics: model.metrics } : {}),
    })}\n`);
    return;
  }
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const expansion = preprocessing.find((t) => t.kind === 'features');
  const features = expansion ? ` → ${network.layers[0]} features` : '';
  out(`${path}: ${model.inputSize} inputs${features} → [${network.layers.slice(1).join(', ')}], ${total} ${network.dtype} parameters${network.batchNorm ? ', batch normalization' : ''}`);
  const rows = [['layer', 'units', 'activation', 'parameters (shape)', 'count']];
  for (const layer of layers) {
    rows.push([String(layer.layer), String(layer.units), layer.activation, Object.entries(layer.shapes).map(([name, [r, c]]) => `${name} (${r}, ${c})`).join(', '), String(layer.parameters)]);
  }
  rows.push(['total', '', '', '', String(total)]);
  for (const line of renderTable(rows, true)) out(line);
  out(`Preprocessing: ${preprocessing.length === 0 ? 'none' : preprocessing.map(describeTransformer).join(', then ')}`);
  if (model.featureNames) out(`Features: ${list(model.featureNames)}`);
  if (model.labelName) out(`Label: ${model.labelName}`);
  if (model.classNames) out(`Classes: ${list(model.classNames)}`);
  out(`Trained: ${network.iterationsTrained} updates${checkpoint ? ' (resumable with ann train --resume)' : ''}`);
  if (model.training) {
    out(`Training configuration: ${Object.entries(model.training.config).map(([key, value]) => `--${key} ${String(value)}`).join(' ')}`);
  }
  if (model.metrics) {
    for (const [set, scores] of Object.entries(model.metrics)) {
      if (scores && typeof scores === 'object') out(`Metrics (${set}): ${Object.entries(scores as Record<string, unknown>).map(([key, value]) => `${key} ${formatMetric(key, value)}`).join(', ')}`);
    }
  }
}

function describeTransformer(t: TransformerJSON): string {
  if (t.kind === 'scale') return `scale ×${Number(t.factor.toPrecision(6))} (÷${Number((1 / t.factor).toPrecision(6))})`;
  if (t.kind === 'divide') return `divide by ${t.divisor}`;
  if (t.kind === 'features') return `features ${t.terms.map(featureLabel).join(', ')} (${t.inputs} inputs → ${t.terms.length} features)`;
  return `${t.kind} per feature (${t.kind === 'standardize' ? t.mean.length : t.min.length} features)`;
}

function formatMetric(key: string, value: unknown): string {
  if (typeof value !== 'number') return JSON.stringify(value);
  return key === 'accuracy' ? `${(value * 100).toFixed(2)}%` : Number(value.toPrecision(6)).toString();
}

function list(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, … (${names.length})`;
}
