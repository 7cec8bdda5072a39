import { ToolError } from '@infra-mcp/core';
import { parseAllDocuments } from 'yaml';
import { resourcePath, type ResourceType } from './discovery.js';
import type { KubeClient } from './kube-client.js';
import { isRecord, recordsAt, stringAt, type Json } from '../format/json.js';

/** One object of a manifest, resolved to where it lives. */
export interface ManifestObject {
  object: Json;
  type: ResourceType;
  name: string;
  namespace: string;
  path: string;
  /** `Deployment shop/web`. */
  label: string;
}

const maxObjects = 50;

/** Parses YAML or JSON (several documents, or a v1 List) into objects; refuses anything half-formed. */
export function parseManifest(text: string): Json[] {
  const documents = parseAllDocuments(text);
  const objects: Json[] = [];
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      throw new ToolError(
        'INVALID_INPUT',
        `Document ${index + 1} of the manifest is not valid YAML: ${document.errors[0]!.message}`,
      );
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value))
      throw new ToolError('INVALID_INPUT', `Document ${index + 1} of the manifest is not an object.`);
    objects.push(...(stringAt(value, 'kind') === 'List' ? recordsAt(value, 'items') : [value]));
  }
  if (objects.length === 0) throw new ToolError('INVALID_INPUT', 'The manifest holds no objects.');
  if (objects.length > maxObjects)
    throw new ToolError(
      'INVALID_INPUT',
      `The manifest holds ${objects.length} objects; apply at most ${maxObjects} per call.`,
    );
  for (const [index, object] of objects.entries()) {
    if (
      stringAt(object, 'apiVersion') === '' ||
      stringAt(object, 'kind') === '' ||
      stringAt(object, 'metadata.name') === ''
    ) {
      throw new ToolError(
        'INVALID_INPUT',
        `Object ${index + 1} of the manifest needs apiVersion, kind and metadata.name.`,
      );
    }
  }
  return objects;
}

/** Resolves each object's kind and namespace (its own, else `namespace`, else the context's). */
export async function resolveManifest(
  client: KubeClient,
  objects: readonly Json[],
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<ManifestObject[]> {
  return Promise.all(
    objects.map(async (object) => {
      const type = await client.discovery.resolve(
        `${stringAt(object, 'apiVersion')}/${stringAt(object, 'kind')}`,
        signal,
      );
      const name = stringAt(object, 'metadata.name');
      const own = stringAt(object, 'metadata.namespace');
      const resolved = type.namespaced ? own || namespace || client.namespace : '';
      if (type.namespaced && own !== '' && namespace !== undefined && own !== namespace) {
        throw new ToolError(
          'INVALID_INPUT',
          `${type.kind} ${name} says namespace ${own}, but the call names ${namespace}.`,
        );
      }
      const body: Json = type.namespaced
        ? { ...object, metadata: { ...(object.metadata as Json), namespace: resolved } }
        : object;
      return {
        object: body,
        type,
        name,
        namespace: resolved,
        path: resourcePath(type, { namespace: resolved, name }),
        label: resolved === '' ? `${type.kind} ${name}` : `${type.kind} ${resolved}/${name}`,
      };
    }),
  );
}

/** Reads an object, or undefined when it does not exist. */
export async function readIfExists(client: KubeClient, path: string, signal: AbortSignal): Promise<Json | undefined> {
  try {
    return await client.request<Json>({ path, signal });
  } catch (error) {
    if (error instanceof ToolError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** Server-side apply of one object. */
export async function serverSideApply(
  client: KubeClient,
  item: ManifestObject,
  options: { fieldManager: string; force: boolean; dryRun: boolean; signal: AbortSignal },
): Promise<Json> {
  return client.request<Json>({
    method: 'PATCH',
    path: item.path,
    query: {
      fieldManager: options.fieldManager,
      force: options.force ? true : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
    },
    body: item.object,
    contentType: 'application/apply-patch+yaml',
    signal: options.signal,
  });
}
