import { create, toBinary } from '@bufbuild/protobuf';
import type { Activation, OutputHead } from '../activations';
import { parseFeatureTerm, type FeatureOp } from '../data/feature-terms';
import type { TransformerJSON } from '../data/preprocess';
import { ValueError } from '../errors';
import { Model } from '../model/model';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataType,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto/onnx_pb';
import { LABEL_OPS, PREPROCESSING_OPS } from './ops';
import { DATA_TYPE, floatAttribute, floatTensor, int64Tensor, intAttribute, type OnnxDType } from './tensors';

export interface ExportOnnxOptions {
  /**
   * The element type of the graph: 'float32' (default; every ONNX runtime and execution provider
   * runs it) or 'float64' (exact to ann's float64 arithmetic up to summation order; onnxruntime's
   * CPU provider runs it for the ops listed in DOUBLE_OPS, see docs/interop.md).
   */
  dtype?: OnnxDType;
}

/** The opset the graph is written for: every op used here has had its current form since 13. */
export const ONNX_OPSET = 13;
/** IR version 7 is the one that goes with opset 13, so older runtimes load the file too. */
const IR_VERSION = 7n;

/**
 * The ops ann writes that onnxruntime's CPU provider (1.30) also runs in double. Checked by
 * onnx.test.ts, which loads a float64 graph with each of them. LeakyRelu is not among them (its
 * CPU kernel is float only), nor is it exact in double anyway: its alpha attribute is a float32.
 */
export const DOUBLE_OPS: readonly string[] = ['Gemm', 'Relu', 'Tanh', 'Sigmoid', 'Softmax', 'BatchNormalization', ...PREPROCESSING_OPS, ...LABEL_OPS];

/** The names of the graph's input and outputs. */
export const ONNX_NAMES = { input: 'X', probabilities: 'probabilities', values: 'values', label: 'label' } as const;

/**
 * The model as an ONNX file (the bytes of a ModelProto, opset 13), to run in ONNX Runtime (Node,
 * browsers, Python, phones) or load into other engines:
 *
 * - input `X`: [batch, n_x] raw features, one example per row (ONNX's batch-first layout; ann's X
 *   is its transpose), batch symbolic; the feature names, when the model has them, are the input's
 *   doc_string and the `ann.featureNames` metadata;
 * - the model's preprocessing as graph nodes, in order: scale (Mul), divide (Div), standardize and
 *   minmax (Sub then Div, per feature), a feature expansion (Gather of each raw column, Mul for
 *   squares and products, Sin, Cos, then Concat in term order);
 * - each layer as Gemm(A, W, b, transB = 1), which computes A·Wᵀ + b with ann's W (n_out, n_in) as
 *   stored; a batch-normalized layer as Gemm without bias then BatchNormalization with the running
 *   statistics (inference); then the activation (Relu, Tanh, Sigmoid, LeakyRelu, none for linear);
 * - outputs `probabilities` [batch, n_L] (sigmoid, softmax) or `values` [batch, n_L] (linear), and
 *   for classifiers `label`: the class index [batch] (softmax, ArgMax) or 0/1 [batch, n_L]
 *   (sigmoid, probabilities > 0.5), int64; the class names are the `ann.classNames` metadata.
 *
 * float32 by default. `dtype: 'float64'` writes a double graph, refused (naming the op) when the
 * model needs an op that onnxruntime does not run in double.
 */
export function exportOnnx(model: Model, options: ExportOnnxOptions = {}): Uint8Array {
  const fn = 'exportOnnx';
  if (!(model instanceof Model)) throw new ValueError(`${fn}: expected a Model`);
  if (options === null || typeof options !== 'object') throw new ValueError(`${fn}: options must be an object such as { dtype: 'float32' }`);
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${fn}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  const g = new GraphBuilder(dtype);
  const net = model.network;
  const nx = model.inputSize;

  let x: string = ONNX_NAMES.input;
  model.preprocessing.forEach((t, k) => {
    x = g.preprocess(t.toJSON(), x, `pre${k}`);
  });

  const params = net.getParameters();
  const stats = net.getBatchNormStatistics();
  const L = net.depth;
  let a = x;
  const head = net.output;
  for (let l = 1; l <= L; l++) {
    const nIn = net.layers[l - 1]!;
    const nOut = net.layers[l]!;
    const last = l === L;
    const bn = net.batchNorm && !last;
    const zName = last && head === 'linear' ? ONNX_NAMES.values : `Z${l}`;
    const W = g.constant(`W${l}`, [nOut, nIn], params[`W${l}`]!.data);
    const inputs = bn ? [a, W] : [a, W, g.constant(`b${l}`, [nOut], params[`b${l}`]!.data)];
    let z = g.node('Gemm', `layer${l}_gemm`, inputs, [bn ? `Zraw${l}` : zName], [intAttribute('transB', 1)]);
    if (bn) {
      const gamma = g.constant(`gamma${l}`, [nOut], params[`gamma${l}`]!.data);
      const beta = g.constant(`beta${l}`, [nOut], params[`beta${l}`]!.data);
      const mean = g.constant(`running_mean${l}`, [nOut], stats[`mean${l}`]!.data);
      const variance = g.constant(`running_var${l}`, [nOut], stats[`variance${l}`]!.data);
      z = g.node('BatchNormalization', `layer${l}_batchnorm`, [z, gamma, beta, mean, variance], [zName], [floatAttribute('epsilon', net.batchNormEpsilon)]);
    }
    const activation: Activation | OutputHead = last ? head : net.hidden[l - 1]!;
    a = g.activation(activation, z, last ? ONNX_NAMES.probabilities : `A${l}`, `layer${l}`, net.leakyReluAlpha);
  }
  const nL = net.layers[L]!;
  const outputs: ValueInfoProto[] = [valueInfo(a, DATA_TYPE[dtype], ['batch', nL])];
  if (head === 'softmax') {
    g.node('ArgMax', 'label_argmax', [a], [ONNX_NAMES.label], [intAttribute('axis', 1), intAttribute('keepdims', 0)]);
    outputs.push(valueInfo(ONNX_NAMES.label, TensorProto_DataType.INT64, ['batch']));
  } else if (head === 'sigmoid') {
    const half = g.constant('threshold', [], [0.5]);
    const above = g.node('Greater', 'label_greater', [a, half], ['label_bool']);
    g.node('Cast', 'label_cast', [above], [ONNX_NAMES.label], [intAttribute('to', TensorProto_DataType.INT64)]);
    outputs.push(valueInfo(ONNX_NAMES.label, TensorProto_DataType.INT64, ['batch', nL]));
  }

  if (dtype === 'float64') {
    const unsupported = g.nodes.find((n) => !DOUBLE_OPS.includes(n.opType));
    if (unsupported) {
      throw new ValueError(
        `${fn}: dtype 'float64' needs every op in double, but this model needs ${unsupported.opType} (node ${JSON.stringify(unsupported.name)}), which onnxruntime runs in float32 only; export it with dtype 'float32'`,
      );
    }
  }

  const input = valueInfo(ONNX_NAMES.input, DATA_TYPE[dtype], ['batch', nx]);
  if (model.featureNames) input.docString = `features: ${model.featureNames.join(', ')}`;
  const metadata: Record<string, string> = {};
  if (model.featureNames) metadata['ann.featureNames'] = JSON.stringify(model.featureNames);
  if (model.classNames) metadata['ann.classNames'] = JSON.stringify(model.classNames);
  if (model.labelName !== undefined) metadata['ann.labelName'] = JSON.stringify(model.labelName);
  // Which scaler each Sub/Div pair was (standardize and minmax compute the same thing), so that
  // importOnnx gives back the same kinds; the graph alone decides what is computed.
  metadata['ann.preprocessing'] = JSON.stringify(model.preprocessing.map((t) => t.kind));

  const graph = create(GraphProtoSchema, {
    name: 'ann',
    node: g.nodes,
    initializer: g.initializers,
    input: [input],
    output: outputs,
  });
  const proto = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(ONNX_OPSET) })],
    producerName: '@ann/core',
    producerVersion: '1',
    docString: 'Exported by @ann/core (exportOnnx): raw features in, as `ann predict` takes them.',
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
  });
  return toBinary(ModelProtoSchema, proto);
}

/** Nodes and initializers, with unique names. */
class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  constructor(private readonly dtype: OnnxDType) {}

  constant(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    this.initializers.push(floatTensor(name, dims, values, this.dtype));
    return name;
  }

  node(opType: string, name: string, input: string[], output: string[], attribute: AttributeProto[] = []): string {
    this.nodes.push(create(NodeProtoSchema, { opType, name, input, output, attribute }));
    return output[0]!;
  }

  /** One preprocessing step on x [batch, n]; returns the name of its result. */
  preprocess(t: TransformerJSON, x: string, prefix: string): string {
    switch (t.kind) {
      case 'scale':
        return this.node('Mul', `${prefix}_scale`, [x, this.constant(`${prefix}_factor`, [], [t.factor])], [`${prefix}_out`]);
      case 'divide':
        return this.node('Div', `${prefix}_divide`, [x, this.constant(`${prefix}_divisor`, [], [t.divisor])], [`${prefix}_out`]);
      case 'standardize':
      case 'minmax': {
        // (x − shift)/divisor, the two operations ann does, in its order: exact in float64.
        const [shift, divisor] = t.kind === 'standardize' ? [t.mean, t.std] : [t.min, t.range];
        const n = shift.length;
        const centred = this.node('Sub', `${prefix}_${t.kind}_sub`, [x, this.constant(`${prefix}_${t.kind === 'standardize' ? 'mean' : 'min'}`, [n], shift)], [`${prefix}_centred`]);
        return this.node('Div', `${prefix}_${t.kind}_div`, [centred, this.constant(`${prefix}_${t.kind === 'standardize' ? 'std' : 'range'}`, [n], divisor)], [`${prefix}_out`]);
      }
      case 'features':
        return this.features(t.terms, x, prefix);
    }
  }

  /** A feature expansion: the raw columns each term reads, the terms as [batch, 1] columns, concatenated. */
  private features(terms: readonly string[], x: string, prefix: string): string {
    const columns = new Map<number, string>();
    const column = (i: number): string => {
      let name = columns.get(i);
      if (name === undefined) {
        const index = `${prefix}_index${i + 1}`;
        this.initializers.push(int64Tensor(index, [1], [i]));
        name = this.node('Gather', `${prefix}_x${i + 1}`, [x, index], [`${prefix}_x${i + 1}`], [intAttribute('axis', 1)]);
        columns.set(i, name);
      }
      return name;
    };
    const outputs = terms.map((term, t) => {
      const op = parseFeatureTerm(term) as FeatureOp;
      const out = `${prefix}_term${t}`;
      const node = `${prefix}_term${t}_${term.replace(/[^a-z0-9]+/gi, '_')}`;
      switch (op.op) {
        case 'identity':
          return column(op.i);
        case 'square':
          return this.node('Mul', node, [column(op.i), column(op.i)], [out]);
        case 'product':
          return this.node('Mul', node, [column(op.i), column(op.j)], [out]);
        case 'sin':
          return this.node('Sin', node, [column(op.i)], [out]);
        case 'cos':
          return this.node('Cos', node, [column(op.i)], [out]);
      }
    });
    return this.node('Concat', `${prefix}_features`, outputs, [`${prefix}_out`], [intAttribute('axis', 1)]);
  }

  /** g(z) as a node; linear adds none (its result is z itself). */
  activation(kind: Activation | OutputHead, z: string, out: string, prefix: string, alpha: number): string {
    switch (kind) {
      case 'linear':
        return z;
      case 'relu':
        return this.node('Relu', `${prefix}_relu`, [z], [out]);
      case 'tanh':
        return this.node('Tanh', `${prefix}_tanh`, [z], [out]);
      case 'sigmoid':
        return this.node('Sigmoid', `${prefix}_sigmoid`, [z], [out]);
      case 'leakyRelu':
        return this.node('LeakyRelu', `${prefix}_leaky_relu`, [z], [out], [floatAttribute('alpha', alpha)]);
      case 'softmax':
        // Opset 13's Softmax normalizes along one axis: the classes, axis 1 of [batch, n_L].
        return this.node('Softmax', `${prefix}_softmax`, [z], [out], [intAttribute('axis', 1)]);
    }
  }
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]): ValueInfoProto {
  const dim = dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, { value: typeof d === 'string' ? { case: 'dimParam', value: d } : { case: 'dimValue', value: BigInt(d) } }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) }) } }),
  });
}
