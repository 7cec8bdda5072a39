import { type PathElement, type PathKey, itemElement, keyOf, pathOf } from './field-path.js';
import { type Schema, fieldSchema } from '../openapi/schema.js';
import { type JsonObject, isObject } from '../util/object.js';

/** A set of owned field paths, the in-memory form of a managedFields entry. */
export type FieldSet = Set<PathKey>;

/** Top-level and metadata fields no manager ever owns (the server sets them). */
const unmanagedMetadata = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generateName',
]);

function collect(value: unknown, schema: Schema | undefined, path: PathElement[], into: FieldSet): void {
  if (schema?.kind === 'array' && Array.isArray(value)) {
    if (schema.listType === 'map') {
      for (const item of value) {
        if (!isObject(item)) continue;
        const itemPath = [...path, itemElement(item, schema.listMapKeys ?? [])];
        into.add(keyOf(itemPath));
        collectObject(item, schema.items, itemPath, into);
      }
      return;
    }
    if (schema.listType === 'set') {
      for (const item of value) into.add(keyOf([...path, `v:${JSON.stringify(item)}`]));
      return;
    }
  }
  const granular =
    isObject(value) &&
    Object.keys(value).length > 0 &&
    (schema === undefined ||
      schema.kind === 'map' ||
      schema.kind === 'any' ||
      (schema.kind === 'object' && !schema.atomic));
  if (granular) collectObject(value, schema, path, into);
  else into.add(keyOf(path));
}

function collectObject(value: JsonObject, schema: Schema | undefined, path: PathElement[], into: FieldSet): void {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined || child === null) continue;
    collect(child, fieldSchema(schema, key), [...path, `f:${key}`], into);
  }
}

/** The fields an object sets, as server-side apply counts them; `scope` limits it to the main resource or the status subresource. */
export function fieldSetOf(object: JsonObject, schema: Schema | undefined, scope: 'main' | 'status' | 'all'): FieldSet {
  const into: FieldSet = new Set();
  for (const [key, value] of Object.entries(object)) {
    if (key === 'apiVersion' || key === 'kind' || value === undefined || value === null) continue;
    if (scope === 'main' && key === 'status') continue;
    if (scope === 'status' && key !== 'status') continue;
    const child = fieldSchema(schema, key);
    if (key === 'metadata' && isObject(value)) {
      for (const [metaKey, metaValue] of Object.entries(value)) {
        if (unmanagedMetadata.has(metaKey) || metaValue === undefined || metaValue === null) continue;
        collect(metaValue, fieldSchema(child, metaKey), ['f:metadata', `f:${metaKey}`], into);
      }
    } else collect(value, child, [`f:${key}`], into);
  }
  return into;
}

/** Encodes a field set as the fieldsV1 tree kubectl shows under managedFields. */
export function encodeFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  const keys = [...set].sort();
  for (const key of keys) {
    let node = root;
    for (const element of pathOf(key)) {
      const next = node[element];
      if (isObject(next)) node = next;
      else {
        const created: JsonObject = {};
        node[element] = created;
        node = created;
      }
    }
  }
  for (const key of keys) {
    const path = pathOf(key);
    const hasChildren = keys.some((other) => other.startsWith(`${key}\n`));
    if (hasChildren && path.length > 0) {
      let node: JsonObject = root;
      for (const element of path) node = node[element] as JsonObject;
      node['.'] = {};
    }
  }
  return root;
}

/** Decodes a fieldsV1 tree back into a field set. */
export function decodeFieldsV1(tree: unknown): FieldSet {
  const set: FieldSet = new Set();
  const walk = (node: unknown, path: PathElement[]) => {
    if (!isObject(node)) return;
    const children = Object.keys(node).filter((key) => key !== '.');
    if ((children.length === 0 || '.' in node) && path.length > 0) set.add(keyOf(path));
    for (const child of children) walk(node[child], [...path, child]);
  };
  walk(tree, []);
  return set;
}

/** True when `key` lies at or below `ancestor`. */
export function isWithin(key: PathKey, ancestor: PathKey): boolean {
  return key === ancestor || key.startsWith(`${ancestor}\n`);
}
