import { ToolError } from '@infra-mcp/core';
import type { ResourceType } from './discovery.js';
import type { KubeClient } from './kube-client.js';
import { isRecord, recordAt, type Json } from '../format/json.js';

/** One node of the schema walk: the schema and how it reads. */
interface SchemaNode {
  schema: Json;
  type: string;
}

/** What explain shows of a kind or field: its type, description and child fields (`*` marks required). */
export interface Explanation {
  type: string;
  description: string;
  fields: { NAME: string; TYPE: string }[];
}

const documents = new WeakMap<KubeClient, Map<string, Promise<Json>>>();

/** The OpenAPI v3 document of a type's group version, cached per client. */
async function documentFor(client: KubeClient, type: ResourceType, signal: AbortSignal): Promise<Json> {
  const key = type.group === '' ? `api/${type.version}` : `apis/${type.group}/${type.version}`;
  let cache = documents.get(client);
  if (cache === undefined) documents.set(client, (cache = new Map<string, Promise<Json>>()));
  let document = cache.get(key);
  if (document === undefined) {
    document = (async () => {
      const index = await client.request({ path: '/openapi/v3', signal });
      const url = recordAt(recordAt(index, 'paths'), key).serverRelativeURL;
      if (typeof url !== 'string')
        throw new ToolError('NOT_FOUND', `The cluster publishes no OpenAPI v3 schema for ${key}.`);
      const parsed = new URL(url, 'http://server');
      return client.request<Json>({ path: parsed.pathname, query: Object.fromEntries(parsed.searchParams), signal });
    })();
    document.catch(() => cache.delete(key));
    cache.set(key, document);
  }
  return document;
}

/** The schema of a kind, then of a dotted field path below it (`spec.template.spec.containers`). */
export async function explainField(
  client: KubeClient,
  type: ResourceType,
  field: string | undefined,
  signal: AbortSignal,
): Promise<Explanation> {
  const document = await documentFor(client, type, signal);
  const schemas = recordAt(document, 'components.schemas');
  const root = Object.values(schemas).find(
    (schema) =>
      isRecord(schema) &&
      Array.isArray(schema['x-kubernetes-group-version-kind']) &&
      schema['x-kubernetes-group-version-kind'].some(
        (gvk) =>
          isRecord(gvk) && gvk.kind === type.kind && (gvk.group ?? '') === type.group && gvk.version === type.version,
      ),
  );
  if (!isRecord(root)) throw new ToolError('NOT_FOUND', `The cluster publishes no schema for ${type.kind}.`);
  let node = resolve(root, schemas);
  for (const part of (field ?? '').split('.').filter(Boolean)) {
    const child = recordAt(elementOf(node, schemas).schema, 'properties')[part];
    if (!isRecord(child)) {
      throw new ToolError(
        'NOT_FOUND',
        `${type.kind} has no field ${field}; ${part} is not among ${Object.keys(recordAt(elementOf(node, schemas).schema, 'properties')).join(', ') || 'its fields'}.`,
      );
    }
    node = resolve(child, schemas);
  }
  const element = elementOf(node, schemas).schema;
  const required = new Set(Array.isArray(element.required) ? element.required.map(String) : []);
  return {
    type: node.type,
    description: typeof node.schema.description === 'string' ? node.schema.description : '',
    fields: Object.entries(recordAt(element, 'properties')).map(([name, schema]) => ({
      NAME: required.has(name) ? `${name}*` : name,
      TYPE: isRecord(schema) ? typeName(schema, schemas) : 'Object',
    })),
  };
}

/** Follows `$ref` and single `allOf`, keeping the outer description. */
function resolve(schema: Json, schemas: Json): SchemaNode {
  let target = schema;
  const ref =
    typeof schema.$ref === 'string'
      ? schema.$ref
      : Array.isArray(schema.allOf) && isRecord(schema.allOf[0])
        ? schema.allOf[0].$ref
        : undefined;
  if (typeof ref === 'string') {
    const resolved = schemas[ref.replace('#/components/schemas/', '')];
    if (isRecord(resolved))
      target = { ...resolved, ...(typeof schema.description === 'string' ? { description: schema.description } : {}) };
  }
  return { schema: target, type: typeName(target, schemas) };
}

/** Arrays and maps are explained by their elements' fields. */
function elementOf(node: SchemaNode, schemas: Json): SchemaNode {
  if (isRecord(node.schema.items)) return resolve(node.schema.items, schemas);
  if (isRecord(node.schema.additionalProperties)) return resolve(node.schema.additionalProperties, schemas);
  return node;
}

/** `Object`, `[]Container`, `map[string]string`, `string`, as kubectl explain prints types. */
function typeName(schema: Json, schemas: Json): string {
  const refName = (value: unknown): string | undefined => {
    if (!isRecord(value)) return undefined;
    const ref =
      typeof value.$ref === 'string'
        ? value.$ref
        : Array.isArray(value.allOf) && isRecord(value.allOf[0])
          ? value.allOf[0].$ref
          : undefined;
    return typeof ref === 'string' ? (ref.split('.').pop() ?? ref) : undefined;
  };
  if (schema.type === 'array')
    return `[]${refName(schema.items) ?? (isRecord(schema.items) ? typeName(schema.items, schemas) : 'Object')}`;
  if (schema.type === 'object' && isRecord(schema.additionalProperties)) {
    return `map[string]${refName(schema.additionalProperties) ?? typeName(schema.additionalProperties, schemas)}`;
  }
  if (typeof schema.type === 'string') return schema.type === 'object' ? 'Object' : schema.type;
  return refName(schema) ?? 'Object';
}
