import * as v from 'valibot';
import type { Activation, OutputHead } from '../activations';
import { ValueError } from '../errors';
import { Matrix } from '../matrix';
import { Network } from '../network';
import { checkModelFields } from './document';
import { foldedDenseLayers } from './dense';
import { ModelFileError, pathText, type DocumentPath } from './errors';
import { Model, type ModelInit } from './model';
import { firstIssue } from './schema';

/**
 * TensorFlow.js Layers format (what `tf.loadLayersModel` reads and `model.save` writes): model.json
 * holds the topology, a Keras-style Sequential model, and a manifest of the weights, which are
 * concatenated little-endian float32 in weights.bin. A Dense layer computes A = g(A_prev·kernel +
 * bias) on examples as rows, so its kernel is Wᵀ, shape [n_in, n_out], and its bias is b, [n_out].
 */

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface TfjsModelJSON {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: {
    class_name: 'Sequential';
    config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] };
    keras_version: string;
    backend: string;
  };
  weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
  /** The model's names, read back by importTfjs; TF.js keeps it as `model.getUserDefinedMetadata()`. */
  userDefinedMetadata?: { ann: { classNames?: string[]; featureNames?: string[]; labelName?: string } };
}

/** TF.js activation names of ann's hidden activations and output heads (leakyRelu is a layer there). */
const TFJS_ACTIVATION: Record<Exclude<Activation, 'leakyRelu'> | OutputHead, string> = {
  relu: 'relu',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  linear: 'linear',
  softmax: 'softmax',
};

/**
 * The model in the TF.js Layers format: a Sequential of Dense layers taking raw inputs. Batch norm
 * and the stored preprocessing (all affine) are folded into the Dense weights (see dense.ts); a
 * leakyRelu hidden layer becomes a linear Dense followed by a LeakyReLU layer with the same alpha.
 * Weights are float32, so predictions agree with ann's float64 ones to float32 precision.
 * `weights` is the content of weights.bin, which modelJson's manifest names.
 */
export function exportTfjs(model: Model): { modelJson: TfjsModelJSON; weights: Uint8Array } {
  const fn = 'exportTfjs';
  if (!(model instanceof Model)) throw new ValueError(`${fn}: expected a Model`);
  const dense = foldedDenseLayers(model, fn);
  const alpha = model.network.leakyReluAlpha;
  const layers: TfjsModelJSON['modelTopology']['config']['layers'] = [];
  const specs: TfjsWeightSpec[] = [];
  const total = dense.reduce((sum, layer) => sum + layer.nIn * layer.nOut + layer.nOut, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  dense.forEach((layer, index) => {
    const name = `dense_${index + 1}`;
    const leaky = layer.activation === 'leakyRelu';
    layers.push({
      class_name: 'Dense',
      config: {
        name,
        trainable: true,
        ...(index === 0 ? { batch_input_shape: [null, layer.nIn] } : {}),
        dtype: 'float32',
        units: layer.nOut,
        activation: leaky ? 'linear' : TFJS_ACTIVATION[layer.activation as Exclude<Activation, 'leakyRelu'>],
        use_bias: true,
      },
    });
    if (leaky) layers.push({ class_name: 'LeakyReLU', config: { name: `leaky_re_lu_${index + 1}`, trainable: true, dtype: 'float32', alpha } });
    // kernel[k][i] = W[i][k], written row-major over [n_in, n_out].
    for (let k = 0; k < layer.nIn; k++) {
      for (let i = 0; i < layer.nOut; i++, offset += 4) view.setFloat32(offset, layer.W[i * layer.nIn + k]!, true);
    }
    for (let i = 0; i < layer.nOut; i++, offset += 4) view.setFloat32(offset, layer.b[i]!, true);
    specs.push({ name: `${name}/kernel`, shape: [layer.nIn, layer.nOut], dtype: 'float32' }, { name: `${name}/bias`, shape: [layer.nOut], dtype: 'float32' });
  });
  const ann: { classNames?: string[]; featureNames?: string[]; labelName?: string } = {};
  if (model.classNames) ann.classNames = [...model.classNames];
  if (model.featureNames) ann.featureNames = [...model.featureNames];
  if (model.labelName !== undefined) ann.labelName = model.labelName;
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: '@ann/core',
      convertedBy: null,
      modelTopology: {
        class_name: 'Sequential',
        config: { name: 'sequential', layers },
        keras_version: 'tfjs-layers 4.22.0',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
      ...(Object.keys(ann).length > 0 ? { userDefinedMetadata: { ann } } : {}),
    },
    weights: bytes,
  };
}

const LayerSchema = v.looseObject({ class_name: v.string(), config: v.looseObject({}) });
const ModelJsonSchema = v.looseObject({
  format: v.optional(v.literal('layers-model')),
  modelTopology: v.looseObject({}),
  weightsManifest: v.array(
    v.looseObject({
      paths: v.array(v.string()),
      weights: v.array(
        v.looseObject({
          name: v.string(),
          shape: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
          dtype: v.optional(v.literal('float32')),
          quantization: v.optional(v.undefined()),
        }),
      ),
    }),
  ),
  userDefinedMetadata: v.optional(
    v.looseObject({
      ann: v.optional(
        v.strictObject({ classNames: v.optional(v.array(v.string())), featureNames: v.optional(v.array(v.string())), labelName: v.optional(v.string()) }),
      ),
    }),
  ),
});
const TopologySchema = v.looseObject({
  class_name: v.literal('Sequential'),
  config: v.union([v.array(LayerSchema), v.looseObject({ layers: v.array(LayerSchema) })]),
});
const DenseConfigSchema = v.looseObject({
  name: v.string(),
  units: v.pipe(v.number(), v.integer(), v.minValue(1)),
  activation: v.optional(v.picklist(['relu', 'tanh', 'sigmoid', 'linear', 'softmax'])),
  use_bias: v.optional(v.boolean()),
  batch_input_shape: v.optional(v.array(v.nullable(v.number()))),
});
const InputConfigSchema = v.looseObject({
  batch_input_shape: v.optional(v.array(v.nullable(v.number()))),
  batch_shape: v.optional(v.array(v.nullable(v.number()))),
});
const LeakyConfigSchema = v.looseObject({ alpha: v.optional(v.number()), negative_slope: v.optional(v.number()) });

/**
 * Reads a TF.js Layers model (model.json's content and weights.bin's bytes; with several weight
 * files, their concatenation in manifest order) back into a Model: a Sequential of Dense layers,
 * optionally with an InputLayer first and LeakyReLU layers after linear Dense layers. Hidden
 * activations relu, tanh, sigmoid, linear (and LeakyReLU, one alpha for the whole model); the last
 * layer's activation is the output head (sigmoid, softmax or linear). The weights are float32, read
 * exactly into float64. Anything else is refused with the path of the field in model.json.
 */
export function importTfjs(modelJson: unknown, weights: ArrayBuffer | Uint8Array, source = 'importTfjs'): Model {
  const fail = (path: DocumentPath, detail: string): never => {
    throw new ModelFileError(source, path.length === 0 ? '' : pathText(path), detail);
  };
  const parse = <S extends v.GenericSchema>(schema: S, value: unknown, path: DocumentPath): v.InferOutput<S> => {
    const result = v.safeParse(schema, value, { abortEarly: true });
    if (!result.success) {
      const issue = firstIssue(result.issues);
      return fail([...path, ...issue.path], issue.detail);
    }
    return result.output;
  };
  if (modelJson === null || typeof modelJson !== 'object' || Array.isArray(modelJson)) fail([], 'expected the content of model.json (an object)');
  const bytes = weights instanceof Uint8Array ? weights : weights instanceof ArrayBuffer ? new Uint8Array(weights) : fail([], 'weights must be an ArrayBuffer or a Uint8Array');
  const doc = parse(ModelJsonSchema, modelJson, []);
  let topologyPath: DocumentPath = ['modelTopology'];
  let topologyValue: unknown = doc.modelTopology;
  if (Object.prototype.hasOwnProperty.call(doc.modelTopology, 'model_config')) {
    topologyPath = ['modelTopology', 'model_config'];
    topologyValue = (doc.modelTopology as Record<string, unknown>).model_config;
  }
  const topology = parse(TopologySchema, topologyValue, topologyPath);
  const layerList = Array.isArray(topology.config) ? topology.config : topology.config.layers;
  const layersPath: DocumentPath = Array.isArray(topology.config) ? [...topologyPath, 'config'] : [...topologyPath, 'config', 'layers'];

  // The weights by name, cut from the concatenated buffer in manifest order.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tensors = new Map<string, { shape: number[]; data: Float64Array }>();
  let offset = 0;
  for (const group of doc.weightsManifest) {
    for (const spec of group.weights) {
      const size = spec.shape.reduce((p, n) => p * n, 1);
      if (offset + size * 4 > bytes.byteLength) {
        fail(['weightsManifest'], `the manifest needs more than the ${bytes.byteLength} bytes of weights given (at ${spec.name}); is weights.bin complete?`);
      }
      const data = new Float64Array(size);
      for (let k = 0; k < size; k++, offset += 4) {
        data[k] = view.getFloat32(offset, true);
        if (!Number.isFinite(data[k]!)) fail(['weightsManifest'], `${spec.name}[${k}] is ${data[k]}; weights must be finite`);
      }
      tensors.set(spec.name, { shape: spec.shape, data });
    }
  }
  if (offset !== bytes.byteLength) fail(['weightsManifest'], `describes ${offset} bytes of weights but ${bytes.byteLength} were given`);
  const tensor = (layerName: string, kind: 'kernel' | 'bias', path: DocumentPath): { shape: number[]; data: Float64Array } => {
    const exact = tensors.get(`${layerName}/${kind}`);
    if (exact) return exact;
    for (const [name, t] of tensors) if (name.endsWith(`/${layerName}/${kind}`)) return t;
    return fail(path, `no weight named ${JSON.stringify(`${layerName}/${kind}`)} in weightsManifest`);
  };

  const sizes: number[] = [];
  const activations: (Activation | OutputHead)[] = [];
  const W: Matrix[] = [];
  const b: Matrix[] = [];
  let alpha: number | undefined;
  for (let index = 0; index < layerList.length; index++) {
    const layer = layerList[index]!;
    const path: DocumentPath = [...layersPath, index];
    if (layer.class_name === 'InputLayer') {
      if (index !== 0) fail([...path, 'class_name'], 'an InputLayer must come first');
      const config = parse(InputConfigSchema, layer.config, [...path, 'config']);
      const shape = config.batch_input_shape ?? config.batch_shape;
      if (!shape || shape.length !== 2 || typeof shape[1] !== 'number') fail([...path, 'config'], 'expected an input shape [null, n_x]');
      sizes.push(shape![1] as number);
      continue;
    }
    if (layer.class_name === 'LeakyReLU') {
      const previous = activations.length;
      if (previous === 0 || activations[previous - 1] !== 'linear') fail([...path, 'class_name'], 'a LeakyReLU layer must follow a Dense layer with a linear activation');
      const config = parse(LeakyConfigSchema, layer.config, [...path, 'config']);
      const slope = config.alpha ?? config.negative_slope ?? 0.3;
      if (alpha !== undefined && slope !== alpha) fail([...path, 'config', 'alpha'], `ann uses one leakyRelu alpha per network; this layer has ${slope}, an earlier one ${alpha}`);
      alpha = slope;
      activations[previous - 1] = 'leakyRelu';
      continue;
    }
    if (layer.class_name !== 'Dense') {
      fail([...path, 'class_name'], `${JSON.stringify(layer.class_name)} layers are not supported; ann imports Sequential models of Dense layers (with LeakyReLU and an InputLayer)`);
    }
    const config = parse(DenseConfigSchema, layer.config, [...path, 'config']);
    const kernel = tensor(config.name, 'kernel', [...path, 'config', 'name']);
    const [nIn, nOut] = kernel.shape as [number, number];
    if (kernel.shape.length !== 2 || nOut !== config.units) fail([...path, 'config', 'units'], `the kernel ${config.name}/kernel is [${kernel.shape.join(', ')}] but units is ${config.units}`);
    if (sizes.length === 0) {
      const declared = config.batch_input_shape?.[1];
      sizes.push(typeof declared === 'number' ? declared : nIn);
    }
    if (sizes[sizes.length - 1] !== nIn) {
      fail([...path, 'config', 'name'], `the kernel ${config.name}/kernel is [${kernel.shape.join(', ')}] but the layer's input has ${sizes[sizes.length - 1]} features`);
    }
    const Wl = new Matrix(nOut, nIn);
    for (let k = 0; k < nIn; k++) for (let i = 0; i < nOut; i++) Wl.data[i * nIn + k] = kernel.data[k * nOut + i]!;
    const bl = new Matrix(nOut, 1);
    if (config.use_bias !== false) {
      const bias = tensor(config.name, 'bias', [...path, 'config', 'name']);
      if (bias.data.length !== nOut) fail([...path, 'config', 'name'], `the bias ${config.name}/bias has ${bias.data.length} entries but units is ${nOut}`);
      bl.data.set(bias.data);
    }
    sizes.push(nOut);
    activations.push(config.activation ?? 'linear');
    W.push(Wl);
    b.push(bl);
  }
  if (W.length === 0) fail(layersPath, 'the model has no Dense layers');
  const output = activations[activations.length - 1]!;
  if (output !== 'sigmoid' && output !== 'softmax' && output !== 'linear') {
    fail([...layersPath, layerList.length - 1], `the last layer's activation ${JSON.stringify(output)} is not an ann output head (sigmoid, softmax or linear)`);
  }
  const hidden = activations.slice(0, -1);
  const softmaxAt = hidden.indexOf('softmax');
  if (softmaxAt >= 0) fail(layersPath, `softmax is an output head in ann, not a hidden activation (layer ${softmaxAt + 1})`);
  if (output === 'softmax' && sizes[sizes.length - 1]! < 2) fail(layersPath, 'a softmax output needs at least 2 units');

  const network = new Network({ layers: sizes, hidden: hidden as Activation[], output: output as OutputHead, leakyReluAlpha: alpha ?? 0.01 });
  const parameters: Record<string, Matrix> = {};
  W.forEach((Wl, k) => {
    parameters[`W${k + 1}`] = Wl;
    parameters[`b${k + 1}`] = b[k]!;
  });
  network.setParameters(parameters);
  const init: ModelInit = { network };
  const ann = doc.userDefinedMetadata?.ann;
  if (ann) {
    const problem = checkModelFields(sizes, output as OutputHead, [], ann.featureNames, ann.classNames);
    if (problem) fail(['userDefinedMetadata', 'ann', ...problem.path], problem.detail);
    if (ann.classNames) init.classNames = ann.classNames;
    if (ann.featureNames) init.featureNames = ann.featureNames;
    if (ann.labelName !== undefined) init.labelName = ann.labelName;
  }
  return new Model(init);
}
