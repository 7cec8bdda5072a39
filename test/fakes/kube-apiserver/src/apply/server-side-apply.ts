import {
  type ManagerEntry,
  type WriteContext,
  formatPath,
  readEntries,
  scopeOf,
  writeEntries,
} from './managed-fields.js';
import { type FieldSet, fieldSetOf, isWithin } from './field-set.js';
import { findItem, pathOf, removeAt, valueAt } from './field-path.js';
import { ApiError, type StatusCause } from '../api/errors.js';
import { type Schema, fieldSchema } from '../openapi/schema.js';
import { type JsonObject, asArray, clone, deepEqual, isObject } from '../util/object.js';
import { formatTime } from '../util/time.js';

function mergeValue(live: unknown, config: unknown, schema: Schema | undefined): unknown {
  if (schema?.kind === 'array' && Array.isArray(config)) {
    if (schema.listType === 'map') return mergeAssociative(asArray(live), config, schema);
    if (schema.listType === 'set') {
      const result = [...asArray(live)];
      for (const item of config) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
      return result;
    }
    return clone(config);
  }
  const granular =
    schema === undefined ||
    schema.kind === 'map' ||
    schema.kind === 'any' ||
    (schema.kind === 'object' && !schema.atomic);
  if (isObject(config) && granular) {
    const result: JsonObject = isObject(live) ? clone(live) : {};
    for (const [key, value] of Object.entries(config)) {
      if (value === null) delete result[key];
      else result[key] = mergeValue(result[key], value, fieldSchema(schema, key));
    }
    return result;
  }
  return clone(config);
}

function mergeAssociative(live: unknown[], config: unknown[], schema: Extract<Schema, { kind: 'array' }>): unknown[] {
  const result = live.map((item) => clone(item));
  const keys = schema.listMapKeys ?? [];
  for (const item of config) {
    if (!isObject(item)) continue;
    const index = result.findIndex(
      (existing) =>
        isObject(existing) && keys.every((key) => item[key] === undefined || deepEqual(existing[key], item[key])),
    );
    if (index >= 0) result[index] = mergeValue(result[index], item, schema.items);
    else result.push(clone(item));
  }
  return result;
}

interface Conflict {
  entry: ManagerEntry;
  key: string;
}

function findConflicts(live: JsonObject, config: JsonObject, applied: FieldSet, others: ManagerEntry[]): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const key of applied) {
    const path = pathOf(key);
    if ((path[path.length - 1] ?? '').startsWith('k:')) continue;
    for (const entry of others) {
      if (entry.fields.has(key) && !deepEqual(valueAt(live, path), valueAt(config, path)))
        conflicts.push({ entry, key });
    }
  }
  return conflicts;
}

function managerLabel(entry: ManagerEntry): string {
  return entry.operation === 'Update' ? `"${entry.manager}" using ${entry.apiVersion}` : `"${entry.manager}"`;
}

function conflictError(conflicts: Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((conflict) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${managerLabel(conflict.entry)}`,
    field: formatPath(conflict.key),
  }));
  const count = conflicts.length === 1 ? '1 conflict' : `${conflicts.length} conflicts`;
  const first = conflicts[0];
  const body =
    conflicts.length === 1 && first !== undefined
      ? `conflict with ${managerLabel(first.entry)}: ${formatPath(first.key)}`
      : `conflicts with ${[...new Set(conflicts.map((c) => managerLabel(c.entry)))].join(', ')}:\n${conflicts.map((c) => `- ${formatPath(c.key)}`).join('\n')}`;
  return new ApiError(409, 'Conflict', `Apply failed with ${count}: ${body}`, { causes });
}

function removeDropped(object: JsonObject, dropped: string[], others: ManagerEntry[]): void {
  const ownedElsewhere = (key: string) =>
    others.some((entry) => [...entry.fields].some((owned) => isWithin(owned, key)));
  // Shallowest first: removing a list item takes its fields with it, and its key fields must still be there to find it.
  const removable = dropped.filter((key) => !ownedElsewhere(key)).sort((a, b) => a.length - b.length);
  const removed: string[] = [];
  for (const key of removable) {
    if (removed.some((ancestor) => isWithin(key, ancestor))) continue;
    const path = pathOf(key);
    const last = path[path.length - 1] ?? '';
    if (!last.startsWith('f:') && findItem(asArray(valueAt(object, path.slice(0, -1))), last) < 0) continue;
    removeAt(object, path);
    removed.push(key);
  }
}

/** Options of one server-side apply. */
export interface ApplyOptions {
  live: JsonObject | undefined;
  config: JsonObject;
  force: boolean;
  context: WriteContext;
}

/**
 * Server-side apply: merges the applied configuration into the live object,
 * refuses (409, one cause per field) to change fields another manager owns
 * unless forced, removes fields this manager applied before but no longer
 * does, and records the manager's Apply entry.
 */
export function serverSideApply(options: ApplyOptions): JsonObject {
  const { config, context } = options;
  const live = options.live ?? {};
  const applied = fieldSetOf(config, context.schema, scopeOf(context));
  const entries = readEntries(options.live);
  const isMine = (entry: ManagerEntry) =>
    entry.manager === context.manager && entry.operation === 'Apply' && entry.subresource === context.subresource;
  const others = entries.filter((entry) => !isMine(entry));
  const conflicts = findConflicts(live, config, applied, others);
  if (conflicts.length > 0 && !options.force) throw conflictError(conflicts);
  for (const conflict of conflicts) conflict.entry.fields.delete(conflict.key);
  const merged = mergeValue(live, config, context.schema) as JsonObject;
  const previous = entries.find(isMine);
  removeDropped(
    merged,
    [...(previous?.fields ?? [])].filter((key) => !applied.has(key)),
    others,
  );
  const mine: ManagerEntry = previous ?? {
    manager: context.manager,
    operation: 'Apply',
    apiVersion: '',
    time: '',
    subresource: context.subresource,
    fields: new Set(),
  };
  mine.fields = applied;
  mine.apiVersion = context.apiVersion;
  mine.time = formatTime(context.now);
  writeEntries(merged, previous === undefined ? [...entries, mine] : entries);
  return merged;
}
