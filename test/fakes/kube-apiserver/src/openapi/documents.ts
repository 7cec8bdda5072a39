import { createHash } from 'node:crypto';
import { ComponentWriter } from './schema-json.js';
import { type Schema } from './schema.js';
import { type Registry } from '../api/registry.js';
import { type ResourceType } from '../api/resource-type.js';
import { type JsonObject } from '../util/object.js';

/** Gives the schema of a served type, already carrying its group-version-kind. */
export type TypeSchemas = (type: ResourceType) => Extract<Schema, { kind: 'object' }> | undefined;

const patchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function queryParameter(name: string, type = 'string'): JsonObject {
  return { name, in: 'query', description: `${name} query parameter`, schema: { type, uniqueItems: true } };
}

function pathPrefix(type: ResourceType): string {
  return type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
}

function operation(
  type: ResourceType,
  action: string,
  ref: string,
  params: string[],
  extra: JsonObject = {},
): JsonObject {
  const parameters = params.map((name) =>
    queryParameter(name, name === 'force' || name === 'watch' ? 'boolean' : name === 'limit' ? 'integer' : 'string'),
  );
  return {
    operationId: `${action}${type.kind}`,
    parameters,
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
    ...extra,
  };
}

function pathsOf(type: ResourceType, ref: string): Record<string, JsonObject> {
  const base = `${pathPrefix(type)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.plural}`;
  const write = ['dryRun', 'fieldManager', 'fieldValidation'];
  const patch = operation(type, 'patch', ref, [...write, 'force'], {
    requestBody: { content: Object.fromEntries(patchTypes.map((media) => [media, { schema: { type: 'object' } }])) },
  });
  const item: JsonObject = type.verbs.includes('get')
    ? {
        get: operation(type, 'get', ref, []),
        ...(type.verbs.includes('update')
          ? {
              put: operation(type, 'put', ref, write),
              patch,
              delete: operation(type, 'delete', ref, ['dryRun', 'propagationPolicy']),
            }
          : {}),
      }
    : {};
  const collection: JsonObject = {
    ...(type.verbs.includes('list')
      ? { get: operation(type, 'list', ref, ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch']) }
      : {}),
    ...(type.verbs.includes('create') ? { post: operation(type, 'post', ref, write) } : {}),
  };
  const paths: Record<string, JsonObject> = { [base]: collection };
  if (Object.keys(item).length > 0) paths[`${base}/{name}`] = item;
  if (type.subresources.some((sub) => sub.name === 'status')) {
    paths[`${base}/{name}/status`] = {
      get: operation(type, 'get', ref, []),
      put: operation(type, 'put', ref, write),
      patch,
    };
  }
  return paths;
}

/** Builds and caches the OpenAPI v3 (per group version) and v2 documents from the registry. */
export class OpenApiDocuments {
  private cache = new Map<string, JsonObject>();

  constructor(
    private readonly registry: Registry,
    private readonly schemas: TypeSchemas,
    private readonly serverVersion: string,
  ) {
    registry.onChange(() => (this.cache = new Map()));
  }

  /** /openapi/v3: one entry per group version (plus the discovery roots), each with a content hash. */
  index(): JsonObject {
    const cached = this.cache.get('index');
    if (cached !== undefined) return cached;
    const paths: Record<string, JsonObject> = {};
    for (const group of this.registry.groups()) {
      for (const version of group.versions) {
        const path = group.name === '' ? `api/${version}` : `apis/${group.name}/${version}`;
        const document = this.groupVersion(path);
        if (document === undefined) continue;
        const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').slice(0, 128).toUpperCase();
        paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
      }
    }
    const index = { paths };
    this.cache.set('index', index);
    return index;
  }

  /** /openapi/v3/api/v1 or /openapi/v3/apis/{group}/{version}. */
  groupVersion(path: string): JsonObject | undefined {
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    const types = this.registry
      .all()
      .filter((type) => (type.group === '' ? `api/${type.version}` : `apis/${type.group}/${type.version}`) === path);
    if (types.length === 0) return undefined;
    const document = this.build(types, true);
    this.cache.set(path, document);
    return document;
  }

  /** /openapi/v2: the whole API as one Swagger 2.0 document. */
  v2(): JsonObject {
    const cached = this.cache.get('v2');
    if (cached !== undefined) return cached;
    const document = this.build(this.registry.all(), false);
    this.cache.set('v2', document);
    return document;
  }

  private build(types: ResourceType[], v3: boolean): JsonObject {
    const writer = new ComponentWriter(v3 ? '#/components/schemas/' : '#/definitions/', v3);
    const paths: Record<string, JsonObject> = {};
    for (const type of types) {
      const schema = this.schemas(type);
      if (schema === undefined || type.virtual === 'metrics') continue;
      const name = writer.register(schema);
      const ref = `${v3 ? '#/components/schemas/' : '#/definitions/'}${name}`;
      Object.assign(paths, pathsOf(type, ref));
    }
    const info = { title: 'Kubernetes', version: this.serverVersion };
    if (v3) return { openapi: '3.0.0', info, paths, components: { schemas: writer.components } };
    return { swagger: '2.0', info, paths: toV2Paths(paths), definitions: writer.components };
  }
}

function toV2Paths(paths: Record<string, JsonObject>): Record<string, JsonObject> {
  const converted: Record<string, JsonObject> = {};
  for (const [path, item] of Object.entries(paths)) {
    converted[path] = Object.fromEntries(
      Object.entries(item).map(([method, raw]) => {
        const op = raw as JsonObject;
        const { requestBody: _body, responses: _responses, parameters, ...rest } = op;
        const params = (parameters as JsonObject[]).map(({ schema: _schema, ...param }) => ({
          ...param,
          type: 'string',
          uniqueItems: true,
        }));
        return [
          method,
          {
            ...rest,
            consumes: method === 'patch' ? patchTypes : ['*/*'],
            produces: ['application/json'],
            parameters: params,
            responses: { '200': { description: 'OK' } },
          },
        ];
      }),
    );
  }
  return converted;
}
