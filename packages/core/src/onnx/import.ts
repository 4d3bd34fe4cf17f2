// importOnnx: an ONNX graph back to a Model. One file because it is one walk over the graph's nodes
// in order, each op's case reading the state the previous ones left (the current tensor, the
// feature expansion being assembled, the layers so far); split by op, every case would need that
// state passed around. Tensor decoding lives in tensors.ts, the op lists in ops.ts.
import { fromBinary } from '@bufbuild/protobuf';
import type { Activation, OutputHead } from '../activations';
import { featureTerm, type FeatureOp } from '../data/feature-terms';
import { transformerFromJSON, type TransformerJSON } from '../data/preprocess';
import { Matrix } from '../matrix';
import { checkModelFields } from '../model/document';
import { ModelFileError } from '../model/errors';
import { Model, type ModelInit } from '../model/model';
import { Network } from '../network';
import { ModelProtoSchema, TensorProto_DataType, type AttributeProto, type ModelProto, type NodeProto, type TensorProto } from './proto/onnx_pb';
import { LABEL_OPS, PREPROCESSING_OPS } from './ops';
import { readFloatTensor, readIntTensor } from './tensors';

/** The ops importOnnx understands (in the default ai.onnx domain); any other node is refused. */
export const IMPORTABLE_OPS: readonly string[] = [
  'Gemm',
  'MatMul',
  'Add',
  'Relu',
  'LeakyRelu',
  'Tanh',
  'Sigmoid',
  'Softmax',
  'Identity',
  'Flatten',
  'BatchNormalization',
  'Constant',
  // ann's own preprocessing and label outputs (see exportOnnx):
  ...PREPROCESSING_OPS,
  ...LABEL_OPS,
];

/** Ops that only compute a label from the probabilities: skipped when they feed other outputs than the first. */
const LABEL_OP_SET: ReadonlySet<string> = new Set(LABEL_OPS);

interface Layer {
  W: Matrix;
  b: Float64Array | null;
  bn: { gamma: Float64Array; beta: Float64Array; mean: Float64Array; variance: Float64Array; epsilon: number } | null;
  activation: Activation | OutputHead | null;
  /** The node that set the activation, for messages. */
  activationNode: string | null;
}

/**
 * Reads an ONNX model (the bytes of a .onnx file) into a Model, when its graph is a dense network:
 * one [batch, n_x] input, then optionally ann's preprocessing nodes (Mul/Div by a scalar, Sub/Add
 * then Div per feature, a feature expansion of Gather, Mul, Sin, Cos and Concat), then layers of
 * Gemm (or MatMul + Add), optionally BatchNormalization on hidden layers, and an activation (Relu,
 * LeakyRelu, Tanh, Sigmoid, linear; Sigmoid, Softmax or none on the last layer), with Identity and
 * Flatten allowed anywhere. This covers `torch.onnx.export` of an `nn.Sequential` of Linear layers
 * and activations, and every file exportOnnx writes. Anything else is refused with a
 * ModelFileError naming the node (its index, op type and name); a graph is never approximated.
 *
 * The weights are read exactly (float32 ones widen exactly to float64). A Gemm bias followed by
 * BatchNormalization is merged into the running mean (ann's batch-normalized layers have no b).
 */
export function importOnnx(bytes: Uint8Array | ArrayBuffer, source = 'importOnnx'): Model {
  const fail = (path: string, detail: string): never => {
    throw new ModelFileError(source, path, detail);
  };
  const data = bytes instanceof Uint8Array ? bytes : bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : fail('', 'expected the bytes of an .onnx file (a Uint8Array or an ArrayBuffer)');
  if (data.byteLength === 0) fail('', 'the file is empty; expected an ONNX model');
  let proto: ModelProto;
  try {
    proto = fromBinary(ModelProtoSchema, data);
  } catch (error) {
    return fail('', `not a valid ONNX file: the Protocol Buffers decoding failed (${(error as Error).message}); is the file truncated or not an .onnx model?`);
  }
  const graph = proto.graph;
  if (proto.irVersion <= 0n || graph === undefined) {
    fail('', `not an ONNX model: ${proto.irVersion <= 0n ? 'no ir_version' : 'no graph'} (a truncated or different file?)`);
  }
  const opset = proto.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (opset === undefined) fail('opset_import', 'the model imports no version of the default ONNX operator set');
  const opsetVersion = Number(opset!.version);
  if (opsetVersion < 9) fail('opset_import', `opset ${opsetVersion} is older than 9, the oldest ann reads; re-export the model with a newer opset`);
  const g = graph!;

  // Constants: initializers and Constant nodes.
  const constants = new Map<string, TensorProto>();
  for (const t of g.initializer) constants.set(t.name, t);
  if (g.sparseInitializer.length > 0) fail('graph.sparse_initializer', 'sparse initializers are not supported');

  const where = (index: number): string => {
    const node = g.node[index]!;
    return `graph.node[${index}] (${node.opType || '(no op_type)'}${node.name ? ` "${node.name}"` : ''})`;
  };
  const nodeFail = (index: number, detail: string): never => fail(where(index), detail);

  // The graph's input: those graph inputs that are not initializers (older files list both).
  const inputs = g.input.filter((v) => !constants.has(v.name));
  if (inputs.length !== 1) fail('graph.input', `expected one input (the [batch, n_x] features), got ${inputs.length}${inputs.length > 1 ? ` (${inputs.map((v) => v.name).join(', ')})` : ''}`);
  const input = inputs[0]!;
  const inputType = input.type?.value.case === 'tensorType' ? input.type.value.value : undefined;
  if (inputType === undefined || (inputType.elemType !== TensorProto_DataType.FLOAT && inputType.elemType !== TensorProto_DataType.DOUBLE)) {
    fail('graph.input[0]', `the input ${JSON.stringify(input.name)} must be a FLOAT or DOUBLE tensor`);
  }
  const inputDims = inputType!.shape?.dim;
  if (inputDims !== undefined && inputDims.length !== 2) fail('graph.input[0]', `the input ${JSON.stringify(input.name)} has ${inputDims.length} dimensions; ann imports [batch, n_x] inputs`);
  const declaredNx = inputDims?.[1]?.value.case === 'dimValue' ? Number(inputDims[1].value.value) : undefined;

  const output = g.output[0];
  if (output === undefined) fail('graph.output', 'the graph has no outputs');

  // Which nodes the first output depends on; the others may only compute labels from it.
  const producer = new Map<string, number>();
  g.node.forEach((node, index) => node.output.forEach((name) => producer.set(name, index)));
  const needed = new Set<number>();
  const stack = [output!.name];
  while (stack.length > 0) {
    const index = producer.get(stack.pop()!);
    if (index === undefined || needed.has(index)) continue;
    needed.add(index);
    stack.push(...g.node[index]!.input.filter((name) => name !== ''));
  }

  let width = declaredNx ?? -1; // features of the current chain value; -1 until known
  let main = input.name;
  let phase = 'pre' as 'pre' | 'layers';
  const preprocessing: TransformerJSON[] = [];
  let pendingShift: { values: Float64Array; node: number } | null = null;
  // Each column of the expansion being read: a raw input (identity) or a term computed from raw inputs.
  let expansion: { source: string; columns: Map<string, FeatureOp>; node: number } | null = null;
  const layers: Layer[] = [];
  let alpha: number | undefined;

  const flushShift = (): void => {
    if (pendingShift) {
      preprocessing.push({ kind: 'standardize', mean: Array.from(pendingShift.values), std: Array.from(pendingShift.values, () => 1) });
      pendingShift = null;
    }
  };
  const constantTensor = (name: string, index: number): { dims: number[]; data: Float64Array } => {
    const t = constants.get(name);
    if (t === undefined) return nodeFail(index, `input ${JSON.stringify(name)} must be a constant (an initializer)`);
    const read = readFloatTensor(t);
    if (typeof read === 'string') return nodeFail(index, `the tensor ${JSON.stringify(name)} ${read}`);
    return read;
  };
  /** A per-feature (or scalar, broadcast) vector of the current width. */
  const perFeature = (name: string, index: number): Float64Array => {
    const { dims, data } = constantTensor(name, index);
    if (dims.length > 2 || (dims.length === 2 && dims[0] !== 1)) nodeFail(index, `the tensor ${JSON.stringify(name)} is [${dims.join(', ')}]; expected a scalar or one value per feature`);
    if (data.length === 1) return new Float64Array(width < 0 ? 1 : width).fill(data[0]!);
    if (width >= 0 && data.length !== width) nodeFail(index, `the tensor ${JSON.stringify(name)} has ${data.length} values but the data has ${width} features`);
    width = data.length;
    return data;
  };
  const isScalar = (name: string, index: number): boolean => constantTensor(name, index).data.length === 1;
  const attrs = (node: NodeProto): Map<string, AttributeProto> => new Map(node.attribute.map((a) => [a.name, a]));
  const intAttr = (a: Map<string, AttributeProto>, name: string, fallback: number): number => {
    const attr = a.get(name);
    return attr === undefined ? fallback : Number(attr.i);
  };
  const onlyMain = (index: number, node: NodeProto, count: number): void => {
    if (node.input[0] !== main) nodeFail(index, `takes ${JSON.stringify(node.input[0])}, not the output of the previous layer (${JSON.stringify(main)}); ann imports a single chain of layers, without branches`);
    if (node.input.filter((n) => n !== '').length !== count) nodeFail(index, `expected ${count} input${count === 1 ? '' : 's'}, got ${node.input.length}`);
  };
  const current = (): Layer | undefined => layers[layers.length - 1];
  const startLayer = (index: number, W: Matrix, b: Float64Array | null): void => {
    if (expansion) nodeFail(index, 'a layer inside a feature expansion (the Gather columns were never concatenated)');
    flushShift();
    if (width >= 0 && W.cols !== width) nodeFail(index, `the weights take ${W.cols} inputs but the data has ${width} features`);
    phase = 'layers';
    layers.push({ W, b, bn: null, activation: null, activationNode: null });
    width = W.rows;
  };
  const setActivation = (index: number, activation: Activation | OutputHead): void => {
    const layer = current();
    if (layer === undefined) return nodeFail(index, 'an activation before any Gemm or MatMul layer');
    if (layer.activation !== null) nodeFail(index, `a second activation on one layer (after ${layer.activationNode}); ann applies one activation per layer`);
    layer.activation = activation;
    layer.activationNode = where(index);
  };

  for (let index = 0; index < g.node.length; index++) {
    const node = g.node[index]!;
    if (node.domain !== '' && node.domain !== 'ai.onnx') nodeFail(index, `the op is from domain ${JSON.stringify(node.domain)}; ann imports the default ONNX ops only`);
    if (node.opType === 'Constant') {
      const value = node.attribute.find((a) => a.name === 'value');
      if (value === undefined || value.t === undefined || node.attribute.length !== 1) nodeFail(index, 'only Constant nodes with a tensor value are supported');
      constants.set(node.output[0]!, value!.t!);
      continue;
    }
    if (!IMPORTABLE_OPS.includes(node.opType)) {
      nodeFail(index, `${node.opType} is not supported; ann imports dense networks: ${IMPORTABLE_OPS.filter((op) => op !== 'Constant').join(', ')}`);
    }
    if (!needed.has(index)) {
      if (LABEL_OP_SET.has(node.opType)) continue;
      nodeFail(index, `its result does not reach the first output ${JSON.stringify(output!.name)} (a second output or a side branch); ann imports one chain of layers to one output, plus ann's own label nodes`);
    }
    const a = attrs(node);
    const out = node.output[0]!;
    const inExpansion = expansion !== null && node.input.some((n) => expansion!.columns.has(n) || n === expansion!.source);

    if (inExpansion) {
      const ex = expansion!;
      const term = (name: string): FeatureOp => ex.columns.get(name) ?? nodeFail(index, `${JSON.stringify(name)} is not a column of the feature expansion`);
      if (node.opType === 'Gather') {
        // a further raw column: handled below, with the columns read from the source
      } else if (node.opType === 'Mul') {
        const [x, y] = [term(node.input[0]!), term(node.input[1]!)];
        if (x.op !== 'identity' || y.op !== 'identity') nodeFail(index, 'a feature-expansion product must multiply two raw columns');
        const [i, j] = [Math.min(x.i, (y as { i: number }).i), Math.max(x.i, (y as { i: number }).i)];
        ex.columns.set(out, i === j ? { op: 'square', i } : { op: 'product', i, j });
        continue;
      } else if (node.opType === 'Sin' || node.opType === 'Cos') {
        const x = term(node.input[0]!);
        if (x.op !== 'identity') nodeFail(index, `${node.opType} of a computed term; ann's feature expansion takes sin and cos of raw columns only`);
        ex.columns.set(out, { op: node.opType === 'Sin' ? 'sin' : 'cos', i: x.i });
        continue;
      } else if (node.opType === 'Concat') {
        const axis = intAttr(a, 'axis', 1);
        if (axis !== 1 && axis !== -1) nodeFail(index, `concatenates along axis ${axis}; a feature expansion concatenates columns (axis 1)`);
        const terms = node.input.map((name) => featureTerm(term(name)));
        if (new Set(terms).size !== terms.length) nodeFail(index, 'the expansion concatenates one term twice');
        preprocessing.push({ kind: 'features', terms, inputs: width });
        width = terms.length;
        main = out;
        expansion = null;
        continue;
      } else {
        nodeFail(index, `${node.opType} inside a feature expansion; ann's expansion has raw columns, squares, products, sin and cos, then Concat`);
      }
    }

    if (node.opType === 'Gather') {
      if (phase !== 'pre') nodeFail(index, 'Gather between layers; ann reads Gather only as a column of a feature expansion on the inputs');
      if (node.input[0] !== main && node.input[0] !== expansion?.source) onlyMain(index, node, 2);
      if (intAttr(a, 'axis', 0) !== 1) nodeFail(index, 'Gather must pick columns (axis 1) for a feature expansion');
      const t = constants.get(node.input[1]!);
      const idx = t === undefined ? 'the indices must be a constant' : readIntTensor(t);
      if (typeof idx === 'string') return nodeFail(index, idx);
      if (idx.dims.length !== 1 || idx.data.length !== 1) nodeFail(index, 'a feature-expansion Gather picks one column: indices of shape [1]');
      flushShift();
      if (width < 0) nodeFail(index, 'the number of input features is unknown (declare the input as [batch, n_x])');
      const i = idx.data[0]! < 0 ? idx.data[0]! + width : idx.data[0]!;
      if (i < 0 || i >= width) nodeFail(index, `column ${idx.data[0]} is outside the ${width} features`);
      if (expansion === null) expansion = { source: main, columns: new Map(), node: index };
      expansion.columns.set(out, { op: 'identity', i });
      continue;
    }

    switch (node.opType) {
      case 'Identity':
        onlyMain(index, node, 1);
        main = out;
        break;
      case 'Flatten': {
        onlyMain(index, node, 1);
        if (intAttr(a, 'axis', 1) !== 1) nodeFail(index, 'Flatten with an axis other than 1 changes the batch layout');
        main = out;
        break;
      }
      case 'Gemm':
      case 'MatMul': {
        onlyMain(index, node, node.opType === 'MatMul' ? 2 : node.input.filter((n) => n !== '').length);
        if (node.opType === 'Gemm') {
          if (intAttr(a, 'transA', 0) !== 0) nodeFail(index, 'transA = 1 would treat examples as columns; ann imports batch-first graphs');
          for (const name of ['alpha', 'beta']) {
            const attr = a.get(name);
            if (attr !== undefined && attr.f !== 1) nodeFail(index, `${name} = ${attr.f}; ann imports Gemm with alpha = beta = 1`);
          }
        }
        const transB = node.opType === 'Gemm' ? intAttr(a, 'transB', 0) : 0;
        if (!constants.has(node.input[1]!)) nodeFail(index, `the weights ${JSON.stringify(node.input[1])} must be a constant (an initializer)`);
        const B = constantTensor(node.input[1]!, index);
        if (B.dims.length !== 2) nodeFail(index, `the weights ${JSON.stringify(node.input[1])} are [${B.dims.join(', ')}]; expected a matrix`);
        // ann's W is (n_out, n_in): B itself when transB = 1 (PyTorch's Linear), else Bᵀ.
        const [nOut, nIn] = transB === 1 ? [B.dims[0]!, B.dims[1]!] : [B.dims[1]!, B.dims[0]!];
        const W = new Matrix(nOut, nIn);
        for (let i = 0; i < nOut; i++) for (let k = 0; k < nIn; k++) W.data[i * nIn + k] = transB === 1 ? B.data[i * nIn + k]! : B.data[k * nOut + i]!;
        let b: Float64Array | null = null;
        if (node.opType === 'Gemm' && node.input[2]) {
          if (!constants.has(node.input[2])) nodeFail(index, `the bias ${JSON.stringify(node.input[2])} must be a constant`);
          b = biasVector(constantTensor(node.input[2], index), nOut, node.input[2], index, nodeFail);
        }
        startLayer(index, W, b);
        main = out;
        break;
      }
      case 'Add': {
        const [x, y] = node.input[0] === main ? [node.input[0]!, node.input[1]!] : [node.input[1]!, node.input[0]!];
        if (x !== main || !constants.has(y)) nodeFail(index, 'Add must add a constant to the previous layer\'s output');
        if (phase === 'pre') {
          if (expansion) nodeFail(index, 'Add inside a feature expansion');
          flushShift();
          // x + c = (x − (−c))/1 exactly: negation is exact.
          const c = perFeature(y, index);
          pendingShift = { values: c.map((v) => -v), node: index };
        } else {
          const layer = current()!;
          if (layer.activation !== null || layer.bn !== null || layer.b !== null) nodeFail(index, 'Add after a layer that already has its bias (or batch norm, or activation); ann adds one bias per layer');
          layer.b = biasVector(constantTensor(y, index), layer.W.rows, y, index, nodeFail);
        }
        main = out;
        break;
      }
      case 'Sub':
      case 'Div':
      case 'Mul': {
        if (phase !== 'pre') nodeFail(index, `${node.opType} between layers; ann reads it only as preprocessing of the inputs (before the first layer)`);
        onlyMain(index, node, 2);
        if (!constants.has(node.input[1]!)) nodeFail(index, `${node.opType} by ${JSON.stringify(node.input[1])}, which is not a constant`);
        if (node.opType === 'Sub') {
          flushShift();
          pendingShift = { values: perFeature(node.input[1]!, index), node: index };
        } else if (node.opType === 'Div') {
          if (pendingShift) {
            const std = perFeature(node.input[1]!, index);
            if (std.some((s) => !(s > 0))) nodeFail(index, 'divides by a value that is not positive; ann standardizes by positive deviations');
            preprocessing.push({ kind: 'standardize', mean: Array.from(pendingShift.values), std: Array.from(std) });
            pendingShift = null;
          } else if (isScalar(node.input[1]!, index)) {
            const d = constantTensor(node.input[1]!, index).data[0]!;
            if (d === 0) nodeFail(index, 'divides by 0');
            preprocessing.push({ kind: 'divide', divisor: d });
          } else {
            const std = perFeature(node.input[1]!, index);
            if (std.some((s) => !(s > 0))) nodeFail(index, 'divides by a value that is not positive; ann standardizes by positive deviations');
            // (x − 0)/d = x/d exactly.
            preprocessing.push({ kind: 'standardize', mean: Array.from(std, () => 0), std: Array.from(std) });
          }
        } else {
          if (!isScalar(node.input[1]!, index)) nodeFail(index, 'Mul by one factor per feature; ann scales all features by one factor (scale) or standardizes with Sub and Div');
          flushShift();
          const f = constantTensor(node.input[1]!, index).data[0]!;
          if (f === 0) nodeFail(index, 'multiplies by 0');
          preprocessing.push({ kind: 'scale', factor: f });
        }
        main = out;
        break;
      }
      case 'BatchNormalization': {
        const layer = current();
        if (layer === undefined || phase !== 'layers' || layer.activation !== null || layer.bn !== null) nodeFail(index, 'BatchNormalization must follow a Gemm or MatMul (before its activation)');
        if (node.input[0] !== main || node.input.length !== 5) nodeFail(index, 'expected BatchNormalization(previous layer, scale, B, mean, var)');
        if (intAttr(a, 'training_mode', 0) !== 0) nodeFail(index, 'training_mode = 1; ann imports inference graphs');
        if (node.output.slice(1).some((n) => n !== '')) nodeFail(index, 'uses the training outputs (running mean, variance)');
        const n = layer!.W.rows;
        const [gamma, beta, mean, variance] = node.input.slice(1).map((name) => biasVector(constantTensor(name, index), n, name, index, nodeFail));
        if (variance!.some((v) => v < 0)) nodeFail(index, 'a variance is negative');
        const epsAttr = a.get('epsilon');
        const epsilon = epsAttr === undefined ? 1e-5 : epsAttr.f;
        if (!(epsilon > 0)) nodeFail(index, `epsilon ${epsilon} must be positive`);
        // ann's batch-normalized layers have no bias: W·a + b − μ is W·a − (μ − b).
        const shifted = layer!.b === null ? mean! : mean!.map((m, i) => m - layer!.b![i]!);
        layer!.bn = { gamma: gamma!, beta: beta!, mean: shifted, variance: variance!, epsilon };
        layer!.b = null;
        main = out;
        break;
      }
      case 'Relu':
      case 'Tanh':
      case 'Sigmoid':
      case 'LeakyRelu':
      case 'Softmax': {
        onlyMain(index, node, 1);
        if (phase !== 'layers') nodeFail(index, `${node.opType} before the first layer`);
        if (node.opType === 'Softmax') {
          const axis = intAttr(a, 'axis', opsetVersion >= 13 ? -1 : 1);
          if (axis !== 1 && axis !== -1) nodeFail(index, `Softmax over axis ${axis}; ann's softmax is over the classes (axis 1)`);
        }
        if (node.opType === 'LeakyRelu') {
          const attr = a.get('alpha');
          const slope = attr === undefined ? 0.01 : attr.f;
          if (alpha !== undefined && slope !== alpha) nodeFail(index, `LeakyRelu alpha ${slope}, but an earlier one has ${alpha}; ann uses one alpha per network`);
          alpha = slope;
        }
        const name = ({ Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid', LeakyRelu: 'leakyRelu', Softmax: 'softmax' } as const)[node.opType];
        setActivation(index, name);
        main = out;
        break;
      }
      default:
        nodeFail(index, `${node.opType} is not supported here`);
    }
  }

  if (expansion !== null) fail(where((expansion as { node: number }).node), 'starts a feature expansion that is never concatenated');
  if (layers.length === 0) fail('graph.node', 'the graph has no Gemm or MatMul layer');
  if (main !== output!.name) fail('graph.output[0]', `the first output ${JSON.stringify(output!.name)} is not the last layer's result (${JSON.stringify(main)})`);

  const last = layers[layers.length - 1]!;
  const head = (last.activation ?? 'linear') as OutputHead;
  if ((head as string) !== 'sigmoid' && head !== 'softmax' && head !== 'linear') {
    fail(last.activationNode!, `the last layer's ${head} is not an output ann has (Sigmoid, Softmax, or none for regression)`);
  }
  if (last.bn) fail('graph.node', 'the last layer is batch-normalized; ann normalizes hidden layers only');
  const hidden = layers.slice(0, -1);
  for (const layer of hidden) {
    if (layer.activation === 'softmax') fail(layer.activationNode!, 'Softmax on a hidden layer; ann has softmax as the output only');
  }
  const batchNorm = hidden.length > 0 && hidden.some((l) => l.bn !== null);
  if (batchNorm && hidden.some((l) => l.bn === null)) fail('graph.node', 'some hidden layers are batch-normalized and others not; ann normalizes all hidden layers or none');
  const epsilons = new Set(hidden.map((l) => l.bn?.epsilon));
  if (batchNorm && epsilons.size > 1) fail('graph.node', `the batch norms use different epsilons (${[...epsilons].join(', ')}); ann uses one per network`);
  if (last.activation === 'softmax' && last.W.rows < 2) fail(last.activationNode!, 'a Softmax over 1 unit; ann needs at least 2 classes');

  const sizes = [layers[0]!.W.cols, ...layers.map((l) => l.W.rows)];
  const network = new Network({
    layers: sizes,
    hidden: hidden.map((l) => (l.activation ?? 'linear') as Activation),
    output: head,
    leakyReluAlpha: alpha ?? 0.01,
    batchNorm,
    ...(batchNorm ? { batchNormEpsilon: hidden[0]!.bn!.epsilon } : {}),
  });
  const parameters: Record<string, Matrix> = {};
  const statistics: Record<string, Matrix> = {};
  const column = (values: Float64Array) => new Matrix(values.length, 1, Float64Array.from(values));
  layers.forEach((layer, k) => {
    const l = k + 1;
    parameters[`W${l}`] = layer.W;
    if (layer.bn) {
      parameters[`gamma${l}`] = column(layer.bn.gamma);
      parameters[`beta${l}`] = column(layer.bn.beta);
      statistics[`mean${l}`] = column(layer.bn.mean);
      statistics[`variance${l}`] = column(layer.bn.variance);
    } else {
      parameters[`b${l}`] = column(layer.b ?? new Float64Array(layer.W.rows));
    }
  });
  network.setParameters(parameters);
  if (batchNorm) network.setBatchNormStatistics(statistics);

  const metadata = new Map(proto.metadataProps.map((p) => [p.key, p.value]));
  const kinds = readStrings(metadata.get('ann.preprocessing'));
  // ann's own files say which Sub/Div pairs were min-max scalers; the arithmetic is the same.
  if (kinds && kinds.length === preprocessing.length) {
    preprocessing.forEach((t, k) => {
      if (t.kind === 'standardize' && kinds[k] === 'minmax') preprocessing[k] = { kind: 'minmax', min: t.mean, range: t.std };
    });
  }
  const init: ModelInit = { network, preprocessing: preprocessing.map((t) => transformerFromJSON(t)) };
  const featureNames = readStrings(metadata.get('ann.featureNames'));
  const classNames = readStrings(metadata.get('ann.classNames'));
  const labelName = metadata.get('ann.labelName');
  const problem = checkModelFields(sizes, head, preprocessing, featureNames, classNames);
  if (problem) {
    // Names that do not fit the graph are dropped rather than trusted; the graph is what counts.
    if (problem.path[0] !== 'featureNames' && problem.path[0] !== 'classNames') fail('graph', `${problem.path.join('.')}: ${problem.detail}`);
  } else {
    if (featureNames) init.featureNames = featureNames;
    if (classNames) init.classNames = classNames;
  }
  if (labelName !== undefined) {
    try {
      const parsed: unknown = JSON.parse(labelName);
      if (typeof parsed === 'string') init.labelName = parsed;
    } catch {
      // not ann's metadata: ignored
    }
  }
  return new Model(init);
}

function biasVector(t: { dims: number[]; data: Float64Array }, n: number, name: string, index: number, nodeFail: (index: number, detail: string) => never): Float64Array {
  const { dims, data } = t;
  const shapeOk = (dims.length === 1 && (dims[0] === n || dims[0] === 1)) || (dims.length === 2 && dims[0] === 1 && (dims[1] === n || dims[1] === 1)) || dims.length === 0;
  if (!shapeOk) nodeFail(index, `the tensor ${JSON.stringify(name)} is [${dims.join(', ')}]; expected [${n}]`);
  return data.length === 1 ? new Float64Array(n).fill(data[0]!) : Float64Array.from(data);
}

function readStrings(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((s) => typeof s === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
