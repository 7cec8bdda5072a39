import { type FieldDescriptor, type MessageDescriptor, protobufKinds, unknownEnvelope } from './descriptors.js';
import { ApiError } from '../api/errors.js';
import { type JsonObject, asObject, asString } from '../util/object.js';

class Reader {
  position = 0;

  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.position++];
      if (byte === undefined) throw new Error('truncated varint');
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  chunk(): Uint8Array {
    const length = this.varint();
    const slice = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.position += 8;
    else if (wireType === 2) this.chunk();
    else if (wireType === 5) this.position += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

const text = new TextDecoder();

function decodeMapEntry(bytes: Uint8Array, value: 'string' | 'bytes'): [string, string] {
  const reader = new Reader(bytes);
  let key = '';
  let entry = '';
  while (!reader.done) {
    const tag = reader.varint();
    if (tag >>> 3 === 1) key = text.decode(reader.chunk());
    else if (tag >>> 3 === 2) {
      const raw = reader.chunk();
      entry = value === 'bytes' ? Buffer.from(raw).toString('base64') : text.decode(raw);
    } else reader.skip(tag & 7);
  }
  return [key, entry];
}

function decodeField(reader: Reader, field: FieldDescriptor, result: JsonObject): void {
  const { type } = field;
  if (type.kind === 'map') {
    const [key, entry] = decodeMapEntry(reader.chunk(), type.value);
    result[field.name] = { ...asObject(result[field.name]), [key]: entry };
    return;
  }
  let value: unknown;
  if (type.kind === 'int') value = reader.varint();
  else if (type.kind === 'bool') value = reader.varint() !== 0;
  else if (type.kind === 'string') value = text.decode(reader.chunk());
  else if (type.kind === 'bytes') value = reader.chunk();
  else value = decodeMessage(reader.chunk(), type.message);
  if (field.repeated === true)
    result[field.name] = [...(Array.isArray(result[field.name]) ? (result[field.name] as unknown[]) : []), value];
  else result[field.name] = value;
}

/** Decodes one protobuf message by its descriptor; unknown fields are skipped. */
export function decodeMessage(bytes: Uint8Array, descriptor: MessageDescriptor): JsonObject {
  const reader = new Reader(bytes);
  const result: JsonObject = {};
  while (!reader.done) {
    const tag = reader.varint();
    const field = descriptor[tag >>> 3];
    if (field === undefined) reader.skip(tag & 7);
    else decodeField(reader, field, result);
  }
  return result;
}

const magic = [0x6b, 0x38, 0x73, 0x00];

/**
 * Decodes an application/vnd.kubernetes.protobuf request body ("k8s\0" +
 * runtime.Unknown) into the JSON object it stands for. kubectl's typed
 * clients send these for auth can-i/whoami and the create subcommands;
 * kinds outside protobufKinds get a 415 that names what is supported.
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): JsonObject {
  if (bytes.length < 4 || magic.some((byte, index) => bytes[index] !== byte)) {
    throw new ApiError(400, 'BadRequest', 'the protobuf body does not start with the Kubernetes "k8s\\x00" prefix');
  }
  const envelope = decodeMessage(bytes.subarray(4), unknownEnvelope);
  const meta = asObject(envelope.typeMeta);
  const apiVersion = asString(meta.apiVersion);
  const kind = asString(meta.kind);
  const descriptor = protobufKinds[`${apiVersion}/${kind}`];
  if (descriptor === undefined) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the fake decodes protobuf only for ${Object.keys(protobufKinds).join(', ')}; send ${apiVersion} ${kind} as application/json`,
    );
  }
  const raw = envelope.raw instanceof Uint8Array ? envelope.raw : new Uint8Array();
  return { apiVersion, kind, ...decodeMessage(raw, descriptor) };
}
