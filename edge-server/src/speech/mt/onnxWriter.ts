// A minimal ONNX (protobuf) writer for generated test models: enough of onnx.proto3 to describe a graph of
// standard operators with float/int64 initializers. Field numbers are those of onnx/onnx.proto (IR version 8).

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export type OnnxElemType = typeof ONNX_FLOAT | typeof ONNX_INT64;

/** Appends protobuf fields; every message is built bottom-up as its own byte string. */
class Proto {
  private readonly parts: Buffer[] = [];

  private varint(value: bigint | number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (v !== 0n);
    this.parts.push(Buffer.from(bytes));
  }

  int(field: number, value: bigint | number): this {
    this.varint((field << 3) | WIRE_VARINT);
    this.varint(value);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.varint((field << 3) | WIRE_BYTES);
    this.varint(value.length);
    this.parts.push(Buffer.from(value));
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, value: Proto): this {
    return this.bytes(field, value.build());
  }

  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A symbolic dimension (e.g. 'batch_size') or a fixed one. */
export type Dim = string | number;

export interface ValueInfo {
  name: string;
  type: OnnxElemType;
  shape: Dim[];
}

export interface Initializer {
  name: string;
  type: OnnxElemType;
  dims: number[];
  values: Float32Array | BigInt64Array;
}

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes only (axis, keepdims, to): all this writer's graphs need. */
  attributes?: Record<string, number>;
}

export interface OnnxGraph {
  name: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: Initializer[];
  nodes: OnnxNode[];
}

function valueInfo(v: ValueInfo): Proto {
  const shape = new Proto();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new Proto().int(1, d) : new Proto().string(2, d));
  const tensorType = new Proto().int(1, v.type).message(2, shape);
  return new Proto().string(1, v.name).message(2, new Proto().message(1, tensorType));
}

function tensor(t: Initializer): Proto {
  const p = new Proto();
  for (const d of t.dims) p.int(1, d);
  p.int(2, t.type).string(8, t.name);
  // raw_data is little-endian, which typed arrays are on every platform Node runs on here (x64, arm64).
  return p.bytes(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
}

function node(n: OnnxNode, index: number): Proto {
  const p = new Proto();
  for (const i of n.inputs) p.string(1, i);
  for (const o of n.outputs) p.string(2, o);
  p.string(3, `${n.op}_${index}`).string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    p.message(5, new Proto().string(1, name).int(3, value).int(20, 2 /* AttributeType.INT */));
  }
  return p;
}

/** Serialises a model: IR version 8, default-domain opset 17 (onnxruntime 1.14+). */
export function writeOnnxModel(graph: OnnxGraph, producer = 'lotse-tiny-model'): Buffer {
  const g = new Proto();
  graph.nodes.forEach((n, i) => g.message(1, node(n, i)));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensor(t));
  for (const i of graph.inputs) g.message(11, valueInfo(i));
  for (const o of graph.outputs) g.message(12, valueInfo(o));
  return new Proto()
    .int(1, 8)
    .string(2, producer)
    .message(7, g)
    .message(8, new Proto().string(1, '').int(2, 17))
    .build();
}
