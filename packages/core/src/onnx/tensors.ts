// Building and reading TensorProto values (the weights and constants of an ONNX graph).
import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  type AttributeProto,
  type TensorProto,
} from './proto/onnx_pb';

/** The element types ann writes: float32 (the default, what every ONNX runtime runs) or float64. */
export type OnnxDType = 'float32' | 'float64';

export const DATA_TYPE: Record<OnnxDType, TensorProto_DataType> = {
  float32: TensorProto_DataType.FLOAT,
  float64: TensorProto_DataType.DOUBLE,
};

/**
 * A float tensor stored in raw_data (little-endian, as the ONNX spec requires whatever the host's
 * byte order): the compact form PyTorch writes too, and exact for float64.
 */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>, dtype: OnnxDType): TensorProto {
  const width = dtype === 'float32' ? 4 : 8;
  const raw = new Uint8Array(values.length * width);
  const view = new DataView(raw.buffer);
  for (let k = 0; k < values.length; k++) {
    if (dtype === 'float32') view.setFloat32(k * width, values[k]!, true);
    else view.setFloat64(k * width, values[k]!, true);
  }
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: DATA_TYPE[dtype], rawData: raw });
}

/** An int64 tensor (Gather indices), in raw_data. */
export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, k) => view.setBigInt64(k * 8, BigInt(v), true));
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: TensorProto_DataType.INT64, rawData: raw });
}

export function intAttribute(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value) });
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value });
}

/** A tensor's element type by name, for messages. */
function dataTypeName(type: number): string {
  return TensorProto_DataType[type] ?? `data type ${type}`;
}

/**
 * A float or double tensor's values as float64 (float32 values convert exactly), read from
 * raw_data, float_data or double_data. Returns a string saying what is wrong otherwise.
 */
export function readFloatTensor(t: TensorProto): { dims: number[]; data: Float64Array } | string {
  const dims = t.dims.map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return `has invalid dimensions [${t.dims.join(', ')}]`;
  if (t.dataLocation === 1 || t.externalData.length > 0) return 'keeps its data in an external file, which ann does not read (save the model with its weights inside the .onnx file)';
  const size = dims.reduce((p, d) => p * d, 1);
  const type = t.dataType;
  if (type !== TensorProto_DataType.FLOAT && type !== TensorProto_DataType.DOUBLE) return `is ${dataTypeName(type)}; ann reads FLOAT and DOUBLE weights`;
  const width = type === TensorProto_DataType.FLOAT ? 4 : 8;
  // The sizes are checked against the data present before anything is allocated: a corrupt
  // shape cannot ask for more memory than the file holds.
  const list = width === 4 ? t.floatData : t.doubleData;
  if (t.rawData.length > 0) {
    if (t.rawData.length !== size * width) return `has ${t.rawData.length} bytes of raw_data but its shape [${dims.join(', ')}] needs ${size * width}`;
  } else if (list.length !== size) {
    return `has ${list.length} values but its shape [${dims.join(', ')}] needs ${size}`;
  }
  const data = new Float64Array(size);
  if (t.rawData.length > 0) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    for (let k = 0; k < size; k++) data[k] = width === 4 ? view.getFloat32(k * 4, true) : view.getFloat64(k * 8, true);
  } else {
    for (let k = 0; k < size; k++) data[k] = list[k]!;
  }
  for (let k = 0; k < size; k++) if (!Number.isFinite(data[k]!)) return `holds ${data[k]} at index ${k}; weights must be finite`;
  return { dims, data };
}

/** An int64 (or int32) tensor's values as numbers, or a string saying what is wrong. */
export function readIntTensor(t: TensorProto): { dims: number[]; data: number[] } | string {
  const dims = t.dims.map(Number);
  const size = dims.reduce((p, d) => p * d, 1);
  if (t.dataType !== TensorProto_DataType.INT64 && t.dataType !== TensorProto_DataType.INT32) return `is ${dataTypeName(t.dataType)}; expected INT64 indices`;
  const width = t.dataType === TensorProto_DataType.INT64 ? 8 : 4;
  if (t.rawData.length > 0) {
    if (t.rawData.length !== size * width) return `has ${t.rawData.length} bytes of raw_data but its shape needs ${size * width}`;
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    return { dims, data: Array.from({ length: size }, (_, k) => (width === 8 ? Number(view.getBigInt64(k * 8, true)) : view.getInt32(k * 4, true))) };
  }
  const list = width === 8 ? t.int64Data.map(Number) : [...t.int32Data];
  if (list.length !== size) return `has ${list.length} values but its shape needs ${size}`;
  return { dims, data: list };
}
