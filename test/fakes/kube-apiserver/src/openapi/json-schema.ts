import { type Field, type Schema } from './schema.js';
import { type JsonObject, asArray, asObject, asString, isObject } from '../util/object.js';

/** Converts a CRD's openAPIV3Schema (a JSONSchemaProps) to the server's schema model. */
export function schemaFromJsonSchema(props: JsonObject): Schema {
  if (props['x-kubernetes-int-or-string'] === true) return { kind: 'int-or-string' };
  const type = asString(props.type);
  if (type === 'array') {
    const listType = asString(props['x-kubernetes-list-type'], 'atomic');
    return {
      kind: 'array',
      items: schemaFromJsonSchema(asObject(props.items)),
      listType: listType === 'map' || listType === 'set' ? listType : 'atomic',
      listMapKeys: asArray(props['x-kubernetes-list-map-keys']).map((key) => asString(key)),
    };
  }
  if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') {
    return {
      kind: 'scalar',
      type,
      ...(typeof props.format === 'string' ? { format: props.format } : {}),
      ...(Array.isArray(props.enum) ? { enum: props.enum } : {}),
    };
  }
  if (type === 'object' && !isObject(props.properties) && isObject(props.additionalProperties)) {
    return { kind: 'map', values: schemaFromJsonSchema(props.additionalProperties) };
  }
  if (type === 'object' || isObject(props.properties)) return objectSchema(props);
  return { kind: 'any' };
}

function objectSchema(props: JsonObject): Schema {
  const properties = asObject(props.properties);
  let fields: Map<string, Field> | undefined;
  return {
    kind: 'object',
    description: asString(props.description),
    fields: () =>
      (fields ??= new Map(
        Object.entries(properties).map(([name, child]) => [
          name,
          { schema: schemaFromJsonSchema(asObject(child)), description: asString(asObject(child).description) },
        ]),
      )),
    required: asArray(props.required).map((name) => asString(name)),
    atomic: props['x-kubernetes-map-type'] === 'atomic',
    preserveUnknown: props['x-kubernetes-preserve-unknown-fields'] === true,
  };
}

/** The schema of a whole custom resource: the CRD's schema with apiVersion, kind and ObjectMeta filled in. */
export function customResourceSchema(
  props: JsonObject,
  objectMeta: Schema | undefined,
  gvk: { group: string; version: string; kind: string },
): Schema {
  const inner = schemaFromJsonSchema(props);
  const innerFields = inner.kind === 'object' ? inner.fields() : new Map<string, Field>();
  const string: Schema = { kind: 'scalar', type: 'string' };
  let fields: Map<string, Field> | undefined;
  return {
    kind: 'object',
    description: inner.kind === 'object' ? inner.description : '',
    fields: () =>
      (fields ??= new Map<string, Field>([
        [
          'apiVersion',
          {
            schema: string,
            description: 'APIVersion defines the versioned schema of this representation of an object.',
          },
        ],
        [
          'kind',
          {
            schema: string,
            description: 'Kind is a string value representing the REST resource this object represents.',
          },
        ],
        ['metadata', { schema: objectMeta ?? { kind: 'any' }, description: "Standard object's metadata." }],
        ...[...innerFields].filter(([name]) => !['apiVersion', 'kind', 'metadata'].includes(name)),
      ])),
    required: inner.kind === 'object' ? inner.required : [],
    atomic: false,
    preserveUnknown: inner.kind === 'object' ? inner.preserveUnknown : true,
    gvk: [gvk],
  };
}
