import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { Network } from '../network';
import { ModelFileError } from './errors';
import { Model } from './model';
import { modelCases } from './test-models';
import { exportTfjs, importTfjs, type TfjsModelJSON } from './tfjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary JSON paths into documents
type Json = any;

const cases = modelCases();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** X (n_x, m) as TF.js wants it: samples as rows. */
function samples(X: Matrix): tf.Tensor2D {
  const rows: number[][] = [];
  for (let j = 0; j < X.cols; j++) rows.push(Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + j]!));
  return tf.tensor2d(rows);
}

async function loadInTfjs(modelJson: TfjsModelJSON, weights: Uint8Array): Promise<tf.LayersModel> {
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0]!.weights,
      weightData,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      userDefinedMetadata: modelJson.userDefinedMetadata,
    }),
  );
}

/** Relative difference to float32 precision: |a − b| ≤ 1e-5·|b| (with a floor for values near 0). */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k]! - expected[k]!) / Math.max(Math.abs(expected[k]!), 1e-3));
  expect(worst, label).toBeLessThan(tolerance);
}

/** ann's A[L] (n_L, m) as samples × n_L, row-major, to compare with TF.js output. */
function transposed(A: Matrix): Float64Array {
  const out = new Float64Array(A.size);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j * A.rows + i] = A.data[i * A.cols + j]!;
  return out;
}

describe('exportTfjs', () => {
  for (const { name, model, Xraw } of cases) {
    it(`${name}: tf.loadLayersModel predicts what ann predicts, from raw inputs`, async () => {
      const { modelJson, weights } = exportTfjs(model);
      const tfModel = await loadInTfjs(modelJson, weights);
      const predicted = (tfModel.predict(samples(Xraw)) as tf.Tensor).dataSync();
      expectClose(predicted, transposed(model.predictProba(Xraw)), 1e-5, name);
      const dense = tfModel.layers.filter((l) => l.getClassName() === 'Dense');
      expect(dense.length).toBe(model.network.depth);
      if (model.network.hidden.includes('leakyRelu')) expect(tfModel.layers.some((l) => l.getClassName() === 'LeakyReLU')).toBe(true);
      if (model.classNames) expect(tfModel.getUserDefinedMetadata()).toEqual({ ann: expect.objectContaining({ classNames: model.classNames }) });
    });
  }

  it('writes kernels as Wᵀ [n_in, n_out] and biases [n_out], float32 little-endian', () => {
    const network = new Network({ layers: [2, 3, 1], hidden: 'relu' });
    network.setParameters({
      W1: new Matrix(3, 2, Float64Array.from([1, 2, 3, 4, 5, 6])),
      b1: new Matrix(3, 1, Float64Array.from([0.5, 0.25, 0.125])),
      W2: new Matrix(1, 3, Float64Array.from([7, 8, 9])),
      b2: new Matrix(1, 1, Float64Array.from([0.1])),
    });
    const { modelJson, weights } = exportTfjs(new Model({ network }));
    expect(modelJson.weightsManifest[0]!.weights).toEqual([
      { name: 'dense_1/kernel', shape: [2, 3], dtype: 'float32' },
      { name: 'dense_1/bias', shape: [3], dtype: 'float32' },
      { name: 'dense_2/kernel', shape: [3, 1], dtype: 'float32' },
      { name: 'dense_2/bias', shape: [1], dtype: 'float32' },
    ]);
    expect(Array.from(new Float32Array(weights.buffer))).toEqual([1, 3, 5, 2, 4, 6, 0.5, 0.25, 0.125, 7, 8, 9, Math.fround(0.1)]);
    expect(modelJson.modelTopology.config.layers.map((l) => l.config.activation)).toEqual(['relu', 'sigmoid']);
  });
});

describe('importTfjs', () => {
  it('reads an export back: same predictions to float32 precision, float32 weights exactly', async () => {
    for (const { name, model, Xraw } of cases) {
      const { modelJson, weights } = exportTfjs(model);
      const back = importTfjs(JSON.parse(JSON.stringify(modelJson)), weights);
      expectClose(back.predictProba(Xraw).data, model.predictProba(Xraw).data, 1e-5, name);
      expect(back.network.hidden).toEqual(model.network.hidden);
      expect(back.network.output).toBe(model.network.output);
      expect(back.network.leakyReluAlpha).toBe(model.network.hidden.includes('leakyRelu') ? model.network.leakyReluAlpha : 0.01);
      expect(back.classNames).toEqual(model.classNames);
      expect(back.featureNames).toEqual(model.featureNames);
      // Import → export is the identity on the bytes.
      expect(exportTfjs(back).weights).toEqual(weights);
    }
  });

  it('reads a model built and saved by TensorFlow.js itself', async () => {
    const tfModel = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 6, activation: 'tanh', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }), biasInitializer: 'randomNormal' }),
        tf.layers.dense({ units: 5, activation: 'linear', kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
      ],
    });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await tfModel.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const modelJson = { format: 'layers-model', modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts!.weightSpecs }] };
    const model = importTfjs(JSON.parse(JSON.stringify(modelJson)), new Uint8Array(artifacts!.weightData as ArrayBuffer));
    expect(model.network.layers).toEqual([4, 6, 5, 3]);
    expect(model.network.hidden).toEqual(['tanh', 'leakyRelu']);
    expect(model.network.leakyReluAlpha).toBeCloseTo(0.2, 7);
    const X = new Matrix(4, 7, Float64Array.from({ length: 28 }, (_, k) => Math.sin(k) * 2));
    const expected = (tfModel.predict(samples(X)) as tf.Tensor).dataSync();
    expectClose(transposed(model.predictProba(X)), expected, 1e-5, 'tfjs-built');
  });

  it('refuses what it cannot represent, naming the field', () => {
    const { modelJson, weights } = exportTfjs(cases[0]!.model);
    const error = (change: (doc: Json) => void, bytes: Uint8Array = weights): string => {
      const doc = JSON.parse(JSON.stringify(modelJson));
      change(doc);
      try {
        importTfjs(doc, bytes, 'model.json');
      } catch (e) {
        expect(e).toBeInstanceOf(ModelFileError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(error((d) => (d.modelTopology.config.layers[1].class_name = 'Conv2D'))).toBe(
      'model.json: modelTopology.config.layers[1].class_name: "Conv2D" layers are not supported; ann imports Sequential models of Dense layers (with LeakyReLU and an InputLayer)',
    );
    expect(error((d) => (d.modelTopology.config.layers[2].config.activation = 'relu'))).toBe(
      'model.json: modelTopology.config.layers[2]: the last layer\'s activation "relu" is not an ann output head (sigmoid, softmax or linear)',
    );
    expect(error((d) => (d.modelTopology.config.layers[0].config.activation = 'elu'))).toBe(
      'model.json: modelTopology.config.layers[0].config.activation: expected ("relu" | "tanh" | "sigmoid" | "linear" | "softmax"), got "elu"',
    );
    expect(error((d) => (d.modelTopology.class_name = 'Model'))).toBe('model.json: modelTopology.class_name: expected "Sequential", got "Model"');
    expect(error(() => undefined, weights.subarray(0, weights.length - 4))).toMatch(/^model\.json: weightsManifest: the manifest needs more than the \d+ bytes of weights given/);
    expect(error((d) => (d.weightsManifest[0].weights[0].dtype = 'int32'))).toBe('model.json: weightsManifest[0].weights[0].dtype: expected "float32", got "int32"');
    expect(error((d) => (d.modelTopology.config.layers[0].config.units = 5))).toBe(
      'model.json: modelTopology.config.layers[0].config.units: the kernel dense_1/kernel is [2, 6] but units is 5',
    );
    const nan = Uint8Array.from(weights);
    new DataView(nan.buffer).setFloat32(0, Number.NaN, true);
    expect(error(() => undefined, nan)).toBe('model.json: weightsManifest: dense_1/kernel[0] is NaN; weights must be finite');
  });
});
