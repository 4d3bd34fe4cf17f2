import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { Matrix } from '../matrix';
import { importOnnx } from './index';
import { ModelProtoSchema } from './proto/onnx_pb';

// Fixtures made by fixtures/make_torch_fixtures.py (PyTorch's torch.onnx.export, opset 13) with
// the outputs PyTorch computed for them; see that script to remake them.
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

interface Expected {
  producer: string;
  inputs: number[][];
  /** What PyTorch computed (float32). */
  outputs: number[][];
  /** PyTorch on the same weights in float64. */
  outputsFloat64: number[][];
}

function load(name: string): { bytes: Uint8Array; expected: Expected; X: Matrix } {
  const bytes = readFileSync(fixture(`${name}.onnx`));
  const expected = JSON.parse(readFileSync(fixture(`${name}.json`), 'utf8')) as Expected;
  const m = expected.inputs.length;
  const nx = expected.inputs[0]!.length;
  // PyTorch's rows are examples; ann's X (n_x, m) has them as columns.
  const X = new Matrix(nx, m, Float64Array.from({ length: nx * m }, (_, k) => expected.inputs[k % m]![Math.floor(k / m)]!));
  return { bytes, expected, X };
}

function maxDifference(A: Matrix, rows: number[][]): number {
  let worst = 0;
  rows.forEach((row, j) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(A.data[i * A.cols + j]! - v)))));
  return worst;
}

/**
 * ann (float64, on the float32 weights read exactly) against PyTorch: within 1e-12 of PyTorch
 * running the same weights in float64 (the import is exact), and within 1e-6 of what PyTorch
 * computed in float32, or within PyTorch's own float32 rounding when that is larger: batch norm
 * amplifies it (torch_softmax_bn: PyTorch's float32 outputs are 1.1e-6 from its float64 ones).
 */
function agree(name: string, A: Matrix, expected: Expected): void {
  const float32 = maxDifference(A, expected.outputs);
  const float64 = maxDifference(A, expected.outputsFloat64);
  const own = Math.max(...expected.outputs.flatMap((row, j) => row.map((v, i) => Math.abs(v - expected.outputsFloat64[j]![i]!))));
  console.log(
    `${expected.producer}: ${name} max |ann − PyTorch| = ${float32.toExponential(2)} (PyTorch float32; its own float32 rounding: ${own.toExponential(2)}), ${float64.toExponential(2)} (PyTorch float64)`,
  );
  expect(float64).toBeLessThan(1e-12);
  expect(float32).toBeLessThanOrEqual(Math.max(1e-6, own + 1e-12));
}

describe('importOnnx of PyTorch exports (torch.onnx.export of nn.Sequential)', () => {
  it('Linear, BatchNorm1d, ReLU, Linear, BatchNorm1d, LeakyReLU(0.2), Linear, Softmax: predicts what PyTorch predicted (1e-12 of its float64 run, 1e-6 or its own rounding of its float32 one)', () => {
    const { bytes, expected, X } = load('torch_softmax_bn');
    const ops = fromBinary(ModelProtoSchema, bytes).graph!.node.map((n) => n.opType);
    expect(ops).toContain('BatchNormalization');
    const model = importOnnx(bytes, 'torch_softmax_bn.onnx');
    expect(model.network.layers).toEqual([3, 16, 8, 3]);
    expect(model.network.hidden).toEqual(['relu', 'leakyRelu']);
    expect(model.network.output).toBe('softmax');
    expect(model.network.batchNorm).toBe(true);
    // LeakyRelu's alpha is a float32 attribute: 0.2 as float32.
    expect(model.network.leakyReluAlpha).toBe(Math.fround(0.2));
    expect(model.network.batchNormEpsilon).toBe(Math.fround(1e-5));
    agree('torch_softmax_bn', model.predictProba(X), expected);
  });

  it('Linear, Tanh, Linear, Tanh, Linear, Sigmoid: predicts what PyTorch predicted (1e-12 of its float64 run, 1e-6 or its own rounding of its float32 one)', () => {
    const { bytes, expected, X } = load('torch_sigmoid');
    const model = importOnnx(bytes, 'torch_sigmoid.onnx');
    expect(model.network.layers).toEqual([3, 10, 6, 1]);
    expect(model.network.hidden).toEqual(['tanh', 'tanh']);
    expect(model.network.output).toBe('sigmoid');
    agree('torch_sigmoid', model.predictProba(X), expected);
  });

  it('Linear, ReLU, Linear (regression, no output activation): predicts what PyTorch predicted (1e-12 of its float64 run, 1e-6 or its own rounding of its float32 one)', () => {
    const { bytes, expected, X } = load('torch_regression');
    const model = importOnnx(bytes, 'torch_regression.onnx');
    expect(model.network.layers).toEqual([3, 12, 2]);
    expect(model.network.output).toBe('linear');
    agree('torch_regression', model.predictProba(X), expected);
  });
});
