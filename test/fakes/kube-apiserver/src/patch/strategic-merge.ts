import { badRequest } from '../api/errors.js';
import { type Schema, fieldSchema } from '../openapi/schema.js';
import { type JsonObject, asArray, clone, deepEqual, isObject } from '../util/object.js';

const deletePrefix = '$deleteFromPrimitiveList/';
const orderPrefix = '$setElementOrder/';

/** Removes SMP directives from a value that is being inserted as is. */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value))
    return value.filter((item) => !(isObject(item) && item.$patch === 'delete')).map(stripDirectives);
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    if (child !== null) result[key] = stripDirectives(child);
  }
  return result;
}

function isMergeList(schema: Schema | undefined): schema is Extract<Schema, { kind: 'array' }> {
  return schema?.kind === 'array' && (schema.patchStrategy ?? '').includes('merge');
}

function mergeKeyedList(original: unknown[], patch: unknown[], schema: Extract<Schema, { kind: 'array' }>): unknown[] {
  const key = schema.patchMergeKey ?? '';
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return stripDirectives(patch.filter((item) => !(isObject(item) && item.$patch === 'replace'))) as unknown[];
  }
  const result = [...original];
  for (const item of patch) {
    if (!isObject(item))
      throw badRequest(`unable to find api field in struct for the list item ${JSON.stringify(item)}`);
    if (item[key] === undefined)
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const index = result.findIndex((existing) => isObject(existing) && deepEqual(existing[key], item[key]));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = mergeObject(result[index], item, schema.items);
    else result.push(stripDirectives(item));
  }
  return result;
}

function mergeList(original: unknown, patch: unknown[], schema: Schema | undefined): unknown[] {
  if (!isMergeList(schema)) return stripDirectives(patch) as unknown[];
  const current = asArray(original);
  if (schema.patchMergeKey === undefined) {
    const result = [...current];
    for (const item of patch) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
    return result;
  }
  return mergeKeyedList(current, patch, schema);
}

function applyOrder(value: unknown, order: unknown[], schema: Schema | undefined): unknown {
  if (!Array.isArray(value)) return value;
  const list: unknown[] = value;
  const key = schema?.kind === 'array' ? schema.patchMergeKey : undefined;
  const position = (item: unknown) =>
    order.findIndex((entry) =>
      key !== undefined && isObject(entry) && isObject(item)
        ? deepEqual(entry[key], item[key])
        : deepEqual(entry, item),
    );
  const ranked = list.map((item, index) => ({ item, index, rank: position(item) }));
  ranked.sort((a, b) => (a.rank < 0 || b.rank < 0 ? a.index - b.index : a.rank - b.rank));
  return ranked.map((entry) => entry.item);
}

function mergeField(result: JsonObject, key: string, value: unknown, schema: Schema | undefined): void {
  const child = fieldSchema(schema, key);
  if (value === null) delete result[key];
  else if (isObject(value) && value.$patch === 'delete') delete result[key];
  else if (isObject(value) && child?.kind !== 'scalar') result[key] = mergeObject(result[key], value, child);
  else if (Array.isArray(value)) result[key] = mergeList(result[key], value, child);
  else result[key] = value;
}

function mergeObject(original: unknown, patch: JsonObject, schema: Schema | undefined): unknown {
  if (patch.$patch === 'replace') return stripDirectives(patch);
  const result: JsonObject = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(deletePrefix)) {
      const field = key.slice(deletePrefix.length);
      const remove = asArray(value);
      result[field] = asArray(result[field]).filter((item) => !remove.some((gone) => deepEqual(gone, item)));
    } else if (!key.startsWith('$')) mergeField(result, key, value, schema);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(orderPrefix)) {
      const field = key.slice(orderPrefix.length);
      result[field] = applyOrder(result[field], asArray(value), fieldSchema(schema, field));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const retain = new Set(asArray(patch.$retainKeys));
    for (const key of Object.keys(result)) if (!retain.has(key)) delete result[key];
  }
  return result;
}

/** Applies a strategic merge patch: lists with a merge key merge item by item, directives ($patch, $retainKeys, $setElementOrder, $deleteFromPrimitiveList) honoured. */
export function applyStrategicMergePatch(original: JsonObject, patch: unknown, schema: Schema | undefined): JsonObject {
  if (!isObject(patch)) throw badRequest('the strategic merge patch must be a JSON object');
  const result = mergeObject(original, patch, schema);
  return isObject(result) ? result : {};
}
