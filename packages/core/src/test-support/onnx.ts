// Running exported models in onnxruntime-node, for the ONNX tests (not part of the package).
import * as ort from 'onnxruntime-node';
import { Matrix } from '../matrix';
import type { OnnxDType } from '../onnx/tensors';

/** X (n_x, m), examples as columns, as ONNX's [m, n_x] row-major data. */
function batchFirst(X: Matrix, dtype: OnnxDType): Float32Array | Float64Array {
  const out = dtype === 'float32' ? new Float32Array(X.size) : new Float64Array(X.size);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) out[j * X.rows + i] = X.data[i * X.cols + j]!;
  return out;
}

/** ann's (n, m) result as [m, n] row-major, to compare with an ONNX output. */
export function rowsOf(A: Matrix): Float64Array {
  const out = new Float64Array(A.size);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out[j * A.rows + i] = A.data[i * A.cols + j]!;
  return out;
}

/** Runs the model bytes on raw X (n_x, m) in onnxruntime-node's CPU provider; every output by name. */
export async function runOnnx(bytes: Uint8Array, X: Matrix, dtype: OnnxDType = 'float32'): Promise<{ session: ort.InferenceSession; outputs: Record<string, ort.Tensor> }> {
  const session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
  const input = new ort.Tensor(dtype, batchFirst(X, dtype), [X.cols, X.rows]);
  const outputs = await session.run({ [session.inputNames[0]!]: input });
  return { session, outputs };
}

/** The largest |a − b| over two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number | bigint>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(Number(a[k]!) - b[k]!));
  return worst;
}
