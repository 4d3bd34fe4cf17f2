import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { ModelFileError } from '../model/errors';
import { Model } from '../model/model';
import { featureCases, modelCases } from '../model/test-models';
import { Network } from '../network';
import { DOUBLE_OPS, exportOnnx, importOnnx, ONNX_NAMES } from './index';
import { AttributeProto_AttributeType, AttributeProtoSchema, ModelProtoSchema, NodeProtoSchema } from './proto/onnx_pb';
import { intAttribute } from './tensors';
import { maxAbsDifference, rowsOf, runOnnx } from '../test-support/onnx';

const cases = [...modelCases(), ...featureCases()];
// Agreement reported by the figures test below (and quoted in docs/interop.md).
const figures: string[] = [];

/** |ONNX − ann| relative to the size of the values (probabilities are ≤ 1, so absolute there). */
function worst(onnx: ArrayLike<number>, ann: Float64Array): number {
  const scale = Math.max(1, ...Array.from(ann, Math.abs));
  return maxAbsDifference(onnx, ann) / scale;
}

describe('exportOnnx, run in onnxruntime-node', () => {
  for (const { name, model, Xraw } of cases) {
    it(`${name}: float32 agrees with Model.predictProba within 1e-6, and the labels with Model.predict`, async () => {
      const bytes = exportOnnx(model);
      const { session, outputs } = await runOnnx(bytes, Xraw, 'float32');
      const head = model.network.output;
      const main = head === 'linear' ? ONNX_NAMES.values : ONNX_NAMES.probabilities;
      expect(session.inputNames).toEqual([ONNX_NAMES.input]);
      expect(session.outputNames).toEqual(head === 'linear' ? [main] : [main, ONNX_NAMES.label]);
      // ann on the inputs as onnxruntime gets them (rounded to float32): what is compared is the
      // exported graph's arithmetic, not the rounding of the caller's data to float32.
      const X32 = new Matrix(Xraw.rows, Xraw.cols, Xraw.data.map(Math.fround));
      const P = model.predictProba(X32);
      const got = outputs[main]!;
      expect(got.type).toBe('float32');
      expect(got.dims).toEqual([Xraw.cols, P.rows]);
      const difference = worst(got.data as Float32Array, rowsOf(P));
      figures.push(`float32 ${name}: ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-6);
      if (head !== 'linear') {
        const label = outputs[ONNX_NAMES.label]!;
        expect(label.type).toBe('int64');
        const expected = rowsOf(model.predict(X32));
        const probs = rowsOf(P);
        // A float32 probability within float32 rounding of the 0.5 threshold (or of a tie) may
        // fall the other way; the test data has none, and this counts them to be sure.
        let disagreements = 0;
        Array.from(label.data as BigInt64Array).forEach((v, k) => {
          if (Number(v) !== expected[k]) disagreements++;
        });
        expect(disagreements, `labels differ; probabilities near 0.5: ${probs.filter((p) => Math.abs(p - 0.5) < 1e-6).length}`).toBe(0);
      }
    });

    const leaky = model.network.hidden.includes('leakyRelu');
    it(`${name}: float64 ${leaky ? 'is refused (LeakyRelu runs in float32 only)' : 'agrees with Model.predictProba within 1e-12'}`, async () => {
      if (leaky) {
        expect(() => exportOnnx(model, { dtype: 'float64' })).toThrow(/dtype 'float64' needs every op in double, but this model needs LeakyRelu \(node "layer1_leaky_relu"\)/);
        return;
      }
      const bytes = exportOnnx(model, { dtype: 'float64' });
      const { outputs } = await runOnnx(bytes, Xraw, 'float64');
      const main = model.network.output === 'linear' ? ONNX_NAMES.values : ONNX_NAMES.probabilities;
      expect(outputs[main]!.type).toBe('float64');
      const difference = worst(outputs[main]!.data as Float64Array, rowsOf(model.predictProba(Xraw)));
      figures.push(`float64 ${name}: ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(1e-12);
      if (model.network.output !== 'linear') expect(maxAbsDifference(outputs[ONNX_NAMES.label]!.data as BigInt64Array, rowsOf(model.predict(Xraw)))).toBe(0);
    });
  }

  it('the ops listed in DOUBLE_OPS are the ones the float64 graphs use, and onnxruntime has no double LeakyRelu', async () => {
    const used = new Set<string>();
    for (const { model } of cases) {
      if (model.network.hidden.includes('leakyRelu')) continue;
      for (const node of fromBinary(ModelProtoSchema, exportOnnx(model, { dtype: 'float64' })).graph!.node) used.add(node.opType);
    }
    expect([...used].sort()).toEqual([...DOUBLE_OPS].sort());
    // LeakyRelu is left out of DOUBLE_OPS because onnxruntime's CPU provider refuses it in double:
    // when a newer onnxruntime runs it, this fails and DOUBLE_OPS (and the docs) can grow.
    const proto = fromBinary(ModelProtoSchema, exportOnnx(cases.find((c) => c.model.network.hidden.includes('leakyRelu'))!.model));
    for (const t of proto.graph!.initializer) if (t.dataType === 1) Object.assign(t, { dataType: 11, rawData: widen(t.rawData) });
    for (const v of [...proto.graph!.input, ...proto.graph!.output]) {
      if (v.type?.value.case === 'tensorType' && v.type.value.value.elemType === 1) v.type.value.value.elemType = 11;
    }
    await expect(ort.InferenceSession.create(toBinary(ModelProtoSchema, proto), { logSeverityLevel: 3 })).rejects.toThrow(/LeakyRelu/);
  });

  it('names the input X [batch, n_x] with the feature names in its doc_string and the metadata', () => {
    const { model } = cases.find((c) => c.model.featureNames)!;
    const proto = fromBinary(ModelProtoSchema, exportOnnx(model));
    const input = proto.graph!.input[0]!;
    expect(input.name).toBe('X');
    expect(input.docString).toBe(`features: ${model.featureNames!.join(', ')}`);
    const shape = input.type!.value.case === 'tensorType' ? input.type!.value.value.shape!.dim.map((d) => d.value.value) : [];
    expect(shape).toEqual(['batch', BigInt(model.inputSize)]);
    const metadata = Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value]));
    expect(JSON.parse(metadata['ann.featureNames']!)).toEqual(model.featureNames);
    expect(JSON.parse(metadata['ann.classNames']!)).toEqual(model.classNames);
    expect(proto.opsetImport.map((o) => Number(o.version))).toEqual([13]);
  });

  it('refuses what is not a Model and unknown dtypes', () => {
    expect(() => exportOnnx({} as Model)).toThrow('exportOnnx: expected a Model');
    expect(() => exportOnnx(cases[0]!.model, { dtype: 'float16' as 'float32' })).toThrow(`exportOnnx: dtype must be 'float32' or 'float64', got "float16"`);
  });

  it('reports the agreement figures', () => {
    console.log(`ONNX Runtime vs Model.predictProba, max |difference| (relative to max(1, |value|)):\n  ${figures.join('\n  ')}`);
    expect(figures.length).toBeGreaterThan(cases.length);
  });
});

describe('importOnnx', () => {
  for (const { name, model, Xraw } of cases) {
    it(`${name}: ann → ONNX (float64) → ann predicts the same, with the same preprocessing kinds and names`, () => {
      const leaky = model.network.hidden.includes('leakyRelu');
      const back = importOnnx(exportOnnx(model, { dtype: leaky ? 'float32' : 'float64' }));
      expect(back.network.layers).toEqual(model.network.layers);
      expect(back.network.hidden).toEqual(model.network.hidden);
      expect(back.network.output).toBe(model.network.output);
      expect(back.network.batchNorm).toBe(model.network.batchNorm);
      expect(back.preprocessing.map((t) => t.kind)).toEqual(model.preprocessing.map((t) => t.kind));
      expect(back.featureNames).toEqual(model.featureNames);
      expect(back.classNames).toEqual(model.classNames);
      expect(back.labelName).toEqual(model.labelName);
      const difference = worst(rowsOf(back.predictProba(Xraw)), rowsOf(model.predictProba(Xraw)));
      // float32 weights (LeakyRelu's graph) are ann's rounded to float32; float64 ones are exact.
      expect(difference).toBeLessThan(leaky ? 1e-5 : 1e-12);
      if (model.network.output !== 'linear') expect(rowsOf(back.predict(Xraw))).toEqual(rowsOf(model.predict(Xraw)));
      if (!leaky && !model.network.batchNorm) {
        // No batch norm: the same weights, so the same float64 computation, bit for bit.
        expect(back.network.getParameters()).toEqual(model.network.getParameters());
      }
    });
  }

  it('imports a MatMul + Add graph (W stored [n_in, n_out]) and keeps transB = 0 Gemm weights straight', () => {
    const network = new Network({ layers: [2, 3, 1], hidden: 'tanh', seed: 1 });
    const model = new Model({ network });
    const proto = fromBinary(ModelProtoSchema, exportOnnx(model, { dtype: 'float64' }));
    const g = proto.graph!;
    // Rewrite layer 1 as MatMul(X, W1ᵀ) then Add(·, b1).
    const W1 = g.initializer.find((t) => t.name === 'W1')!;
    const W = network.getParameters().W1!;
    const transposed = new Float64Array(6);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) transposed[k * 3 + i] = W.data[i * 2 + k]!;
    W1.dims = [2n, 3n];
    W1.rawData = new Uint8Array(transposed.buffer);
    const gemm = g.node.findIndex((n) => n.name === 'layer1_gemm');
    g.node.splice(
      gemm,
      1,
      create(NodeProtoSchema, { opType: 'MatMul', name: 'mm', input: ['X', 'W1'], output: ['mm_out'] }),
      create(NodeProtoSchema, { opType: 'Add', name: 'add', input: ['b1', 'mm_out'], output: ['Z1'] }),
    );
    const back = importOnnx(toBinary(ModelProtoSchema, proto));
    expect(back.network.getParameters()).toEqual(network.getParameters());
  });

  const base = () => fromBinary(ModelProtoSchema, exportOnnx(cases[0]!.model));

  it('refuses an unsupported node, naming its index, op type and name', () => {
    const proto = base();
    proto.graph!.node.splice(1, 0, create(NodeProtoSchema, { opType: 'Conv', name: 'conv1', input: ['Z1'], output: ['C'] }));
    expect(() => importOnnx(toBinary(ModelProtoSchema, proto), 'net.onnx')).toThrow(
      /^net\.onnx: graph\.node\[1\] \(Conv "conv1"\): Conv is not supported; ann imports dense networks: Gemm, MatMul/,
    );
  });

  it('refuses branches (two layers on one input, a residual Add) instead of importing a different network', () => {
    const twoPaths = base();
    const g = twoPaths.graph!;
    const i = g.node.findIndex((n) => n.name === 'layer1_gemm');
    const gemm = g.node[i]!;
    g.node.splice(
      i + 1,
      0,
      create(NodeProtoSchema, { opType: 'Gemm', name: 'second_path', input: [...gemm.input], output: ['Z1b'], attribute: gemm.attribute }),
      create(NodeProtoSchema, { opType: 'Add', name: 'merge', input: ['Z1', 'Z1b'], output: ['Z1m'] }),
    );
    g.node.find((n) => n.name === 'layer1_relu')!.input[0] = 'Z1m';
    expect(() => importOnnx(toBinary(ModelProtoSchema, twoPaths))).toThrow(/graph\.node\[\d+\] \(Gemm "second_path"\): takes "pre0_out", not the output of the previous layer \("Z1"\)/);

    const residual = base();
    const r = residual.graph!;
    const k = r.node.findIndex((n) => n.name === 'layer2_relu');
    r.node.splice(k + 1, 0, create(NodeProtoSchema, { opType: 'Add', name: 'skip', input: ['A2', 'Z2'], output: ['A2r'] }));
    r.node.find((n) => n.name === 'layer3_gemm')!.input[0] = 'A2r';
    expect(() => importOnnx(toBinary(ModelProtoSchema, residual))).toThrow(/\(Add "skip"\): Add must add a constant to the previous layer's output/);

    const dangling = base();
    dangling.graph!.node.push(create(NodeProtoSchema, { opType: 'Relu', name: 'side', input: ['Z1'], output: ['side_out'] }));
    expect(() => importOnnx(toBinary(ModelProtoSchema, dangling))).toThrow(/\(Relu "side"\): its result does not reach the first output "probabilities"/);
  });

  it('refuses an output head ann does not have (Relu on the last layer)', () => {
    const proto = base();
    const node = proto.graph!.node.find((n) => n.name === 'layer3_sigmoid')!;
    node.opType = 'Relu';
    expect(() => importOnnx(toBinary(ModelProtoSchema, proto))).toThrow(/\(Relu "layer3_sigmoid"\): the last layer's relu is not an output ann has/);
  });

  it('gives clear errors for empty, truncated, malformed and non-ONNX files', () => {
    const bytes = exportOnnx(cases[0]!.model);
    expect(() => importOnnx(new Uint8Array(0), 'm.onnx')).toThrow('m.onnx: the file is empty; expected an ONNX model');
    for (const cut of [7, Math.floor(bytes.length / 2), bytes.length - 40]) {
      expect(() => importOnnx(bytes.subarray(0, cut), 'm.onnx')).toThrow(ModelFileError);
      expect(() => importOnnx(bytes.subarray(0, cut), 'm.onnx')).toThrow(/^m\.onnx: (not a valid ONNX file: the Protocol Buffers decoding failed .*is the file truncated|not an ONNX model)/);
    }
    const json = new TextEncoder().encode('{"format": "ann-model"}');
    expect(() => importOnnx(json, 'm.onnx')).toThrow(/^m\.onnx: not a valid ONNX file|^m\.onnx: not an ONNX model/);
    expect(() => importOnnx('model' as unknown as Uint8Array)).toThrow('importOnnx: expected the bytes of an .onnx file (a Uint8Array or an ArrayBuffer)');
    // A well-formed file whose weights do not fit the layer.
    const proto = fromBinary(ModelProtoSchema, bytes);
    proto.graph!.initializer.find((t) => t.name === 'W2')!.rawData = new Uint8Array(12);
    expect(() => importOnnx(toBinary(ModelProtoSchema, proto), 'm.onnx')).toThrow(/^m\.onnx: graph\.node\[\d+\] \(Gemm "layer2_gemm"\): the tensor "W2" has 12 bytes of raw_data but its shape \[4, 6\] needs 96/);
  });

  it('reads Identity, Flatten and Constant nodes, and ignores nothing else silently', () => {
    const proto = fromBinary(ModelProtoSchema, exportOnnx(cases[0]!.model, { dtype: 'float64' }));
    const g = proto.graph!;
    // b1 as a Constant node instead of an initializer; Identity and Flatten around layer 1.
    const b1 = g.initializer.findIndex((t) => t.name === 'b1');
    const [tensor] = g.initializer.splice(b1, 1);
    const gemm = g.node.findIndex((n) => n.name === 'layer1_gemm');
    g.node[gemm]!.input[0] = 'flat';
    g.node.splice(
      gemm,
      0,
      create(NodeProtoSchema, { opType: 'Constant', name: 'bias', output: ['b1'], attribute: [create(AttributeProtoSchema, { name: 'value', type: AttributeProto_AttributeType.TENSOR, t: tensor })] }),
      create(NodeProtoSchema, { opType: 'Identity', name: 'id', input: ['pre0_out'], output: ['same'] }),
      create(NodeProtoSchema, { opType: 'Flatten', name: 'flatten', input: ['same'], output: ['flat'], attribute: [intAttribute('axis', 1)] }),
    );
    const { model, Xraw } = cases[0]!;
    expect(rowsOf(importOnnx(toBinary(ModelProtoSchema, proto)).predictProba(Xraw))).toEqual(rowsOf(model.predictProba(Xraw)));
  });

  it('refuses what ann cannot represent: a hidden Softmax, batch norm on some layers only, two LeakyRelu alphas, external weights, another domain', () => {
    const refuse = (edit: (proto: ReturnType<typeof base>) => void, message: RegExp, which = 0) => {
      const proto = fromBinary(ModelProtoSchema, exportOnnx(cases[which]!.model));
      edit(proto);
      expect(() => importOnnx(toBinary(ModelProtoSchema, proto))).toThrow(message);
    };
    refuse((p) => (p.graph!.node.find((n) => n.name === 'layer1_relu')!.opType = 'Softmax'), /\(Softmax "layer1_relu"\): Softmax on a hidden layer/);
    const bn = cases.findIndex((c) => c.model.network.batchNorm && c.model.network.depth === 3);
    refuse(
      (p) => {
        const g = p.graph!;
        const k = g.node.findIndex((n) => n.name === 'layer2_batchnorm');
        g.node.find((n) => n.name === 'layer2_leaky_relu')!.input[0] = 'Zraw2';
        g.node.splice(k, 1);
      },
      /some hidden layers are batch-normalized and others not/,
      bn,
    );
    refuse(
      (p) => (p.graph!.node.find((n) => n.name === 'layer2_leaky_relu')!.attribute[0]!.f = 0.5),
      /\(LeakyRelu "layer2_leaky_relu"\): LeakyRelu alpha 0\.5, but an earlier one has 0\.0500000007/,
      bn,
    );
    refuse((p) => (p.graph!.initializer.find((t) => t.name === 'W1')!.dataLocation = 1), /the tensor "W1" keeps its data in an external file/);
    refuse((p) => (p.graph!.node.find((n) => n.name === 'layer1_relu')!.domain = 'com.microsoft'), /\(Relu "layer1_relu"\): the op is from domain "com\.microsoft"/);
  });

  it('takes an ArrayBuffer too', () => {
    const bytes = exportOnnx(cases[0]!.model, { dtype: 'float64' });
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const X = cases[0]!.Xraw;
    expect(rowsOf(importOnnx(buffer).predict(X))).toEqual(rowsOf(cases[0]!.model.predict(X)));
  });
});

function widen(raw: Uint8Array): Uint8Array {
  const source = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Uint8Array(raw.byteLength * 2);
  const target = new DataView(out.buffer);
  for (let k = 0; k < raw.byteLength / 4; k++) target.setFloat64(k * 8, source.getFloat32(k * 4, true), true);
  return out;
}
