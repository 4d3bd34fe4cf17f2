// @ann/core/onnx: ONNX export and import (isomorphic). A separate entry so that the Protocol
// Buffers runtime (@bufbuild/protobuf) and the generated onnx.proto code load only for those who
// use ONNX: @ann/core's main entry and the playground page do not grow.
export { exportOnnx, DOUBLE_OPS, ONNX_OPSET, ONNX_NAMES, type ExportOnnxOptions } from './export';
export { importOnnx, IMPORTABLE_OPS } from './import';
export type { OnnxDType } from './tensors';
