import { fromBinary, toBinary } from '@bufbuild/protobuf';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { Model } from '../model/model';
import { featureCases, modelCases } from '../model/test-models';
import { DOUBLE_OPS, exportOnnx, ONNX_NAMES } from './index';
import { ModelProtoSchema } from './proto/onnx_pb';
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

function widen(raw: Uint8Array): Uint8Array {
  const source = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Uint8Array(raw.byteLength * 2);
  const target = new DataView(out.buffer);
  for (let k = 0; k < raw.byteLength / 4; k++) target.setFloat64(k * 8, source.getFloat32(k * 4, true), true);
  return out;
}
