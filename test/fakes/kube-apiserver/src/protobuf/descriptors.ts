/** How one protobuf field decodes to JSON. */
export type FieldKind =
  | { kind: 'string' }
  | { kind: 'bytes' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'message'; message: MessageDescriptor }
  | { kind: 'map'; value: 'string' | 'bytes' };

/** One field of a message: JSON name, type, and whether it repeats. */
export interface FieldDescriptor {
  name: string;
  type: FieldKind;
  repeated?: boolean;
}

/** Field numbers of a message, as in the Kubernetes generated.proto files. */
export type MessageDescriptor = Record<number, FieldDescriptor>;

const string = { kind: 'string' } as const;
const bool = { kind: 'bool' } as const;
const message = (descriptor: MessageDescriptor) => ({ kind: 'message', message: descriptor }) as const;

/** k8s.io.apimachinery.pkg.runtime.TypeMeta */
export const typeMeta: MessageDescriptor = {
  1: { name: 'apiVersion', type: string },
  2: { name: 'kind', type: string },
};

/** k8s.io.apimachinery.pkg.runtime.Unknown: the envelope after the "k8s\0" magic. */
export const unknownEnvelope: MessageDescriptor = {
  1: { name: 'typeMeta', type: message(typeMeta) },
  2: { name: 'raw', type: { kind: 'bytes' } },
  3: { name: 'contentEncoding', type: string },
  4: { name: 'contentType', type: string },
};

/** The ObjectMeta fields a client sets on create (server-owned fields are ignored). */
const objectMeta: MessageDescriptor = {
  1: { name: 'name', type: string },
  2: { name: 'generateName', type: string },
  3: { name: 'namespace', type: string },
  11: { name: 'labels', type: { kind: 'map', value: 'string' } },
  12: { name: 'annotations', type: { kind: 'map', value: 'string' } },
  14: { name: 'finalizers', type: string, repeated: true },
};

const metadata = { name: 'metadata', type: message(objectMeta) };

const resourceAttributes: MessageDescriptor = {
  1: { name: 'namespace', type: string },
  2: { name: 'verb', type: string },
  3: { name: 'group', type: string },
  4: { name: 'version', type: string },
  5: { name: 'resource', type: string },
  6: { name: 'subresource', type: string },
  7: { name: 'name', type: string },
};

/** The kinds kubectl's typed clients send as protobuf that the fake decodes, by "apiVersion/Kind". */
export const protobufKinds: Record<string, MessageDescriptor> = {
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: metadata,
    2: {
      name: 'spec',
      type: message({
        1: { name: 'resourceAttributes', type: message(resourceAttributes) },
        2: {
          name: 'nonResourceAttributes',
          type: message({ 1: { name: 'path', type: string }, 2: { name: 'verb', type: string } }),
        },
      }),
    },
  },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': {
    1: metadata,
    2: { name: 'spec', type: message({ 1: { name: 'namespace', type: string } }) },
  },
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: metadata },
  'v1/Namespace': {
    1: metadata,
    2: { name: 'spec', type: message({ 1: { name: 'finalizers', type: string, repeated: true } }) },
  },
  'v1/ConfigMap': {
    1: metadata,
    2: { name: 'data', type: { kind: 'map', value: 'string' } },
    3: { name: 'binaryData', type: { kind: 'map', value: 'bytes' } },
    4: { name: 'immutable', type: bool },
  },
  'v1/Secret': {
    1: metadata,
    2: { name: 'data', type: { kind: 'map', value: 'bytes' } },
    3: { name: 'type', type: string },
    4: { name: 'stringData', type: { kind: 'map', value: 'string' } },
    5: { name: 'immutable', type: bool },
  },
  'policy/v1/Eviction': {
    1: metadata,
    2: {
      name: 'deleteOptions',
      type: message({
        4: { name: 'propagationPolicy', type: string },
        5: { name: 'dryRun', type: string, repeated: true },
      }),
    },
  },
  'v1/ServiceAccount': { 1: metadata, 4: { name: 'automountServiceAccountToken', type: bool } },
};
