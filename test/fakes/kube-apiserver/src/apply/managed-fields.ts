import { type FieldSet, decodeFieldsV1, encodeFieldsV1, fieldSetOf } from './field-set.js';
import { valueAt, pathOf } from './field-path.js';
import { type Schema } from '../openapi/schema.js';
import { type JsonObject, asArray, asObject, asString, deepEqual, ensureObject } from '../util/object.js';
import { formatTime } from '../util/time.js';

/** One managedFields entry with its field set decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource: string;
  fields: FieldSet;
}

/** The managedFields entries of an object, decoded. */
export function readEntries(object: JsonObject | undefined): ManagerEntry[] {
  if (object === undefined) return [];
  return asArray(asObject(object.metadata).managedFields).map((raw) => {
    const entry = asObject(raw);
    return {
      manager: asString(entry.manager),
      operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: asString(entry.apiVersion),
      time: asString(entry.time),
      subresource: asString(entry.subresource),
      fields: decodeFieldsV1(entry.fieldsV1),
    };
  });
}

/** Writes entries back to metadata.managedFields, dropping managers that own nothing. */
export function writeEntries(object: JsonObject, entries: ManagerEntry[]): void {
  const metadata = ensureObject(object, ['metadata']);
  const kept = entries.filter((entry) => entry.fields.size > 0);
  if (kept.length === 0) {
    delete metadata.managedFields;
    return;
  }
  metadata.managedFields = kept.map((entry) => ({
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    time: entry.time,
    fieldsType: 'FieldsV1',
    fieldsV1: encodeFieldsV1(entry.fields),
    ...(entry.subresource === '' ? {} : { subresource: entry.subresource }),
  }));
}

/** Who made a write and through which endpoint. */
export interface WriteContext {
  manager: string;
  apiVersion: string;
  subresource: string;
  schema: Schema | undefined;
  now: Date;
  /** Whether the kind has a status subresource (then the main endpoint does not own status). */
  hasStatus: boolean;
}

/** The part of an object a write through `context` may own. */
export function scopeOf(context: WriteContext): 'main' | 'status' | 'all' {
  if (context.subresource === 'status') return 'status';
  return context.hasStatus ? 'main' : 'all';
}

/**
 * Records an Update (create, PUT, non-apply PATCH) in managedFields: the writer
 * takes every field it changed, other managers lose those fields, and fields
 * that disappeared leave every set.
 */
export function trackUpdate(previous: JsonObject | undefined, updated: JsonObject, context: WriteContext): void {
  const scope = scopeOf(context);
  const before = previous === undefined ? new Set<string>() : fieldSetOf(previous, context.schema, scope);
  const after = fieldSetOf(updated, context.schema, scope);
  const changed = [...after].filter(
    (key) => !before.has(key) || !deepEqual(valueAt(previous, pathOf(key)), valueAt(updated, pathOf(key))),
  );
  const entries = readEntries(previous);
  for (const entry of entries) {
    for (const key of changed)
      if (entry.manager !== context.manager || entry.operation !== 'Update') entry.fields.delete(key);
    for (const key of entry.fields) if (!after.has(key) && scopeMatches(key, scope)) entry.fields.delete(key);
  }
  if (changed.length > 0) {
    let mine = entries.find(
      (entry) =>
        entry.manager === context.manager && entry.operation === 'Update' && entry.subresource === context.subresource,
    );
    if (mine === undefined) {
      mine = {
        manager: context.manager,
        operation: 'Update',
        apiVersion: context.apiVersion,
        time: '',
        subresource: context.subresource,
        fields: new Set(),
      };
      entries.push(mine);
    }
    for (const key of changed) mine.fields.add(key);
    mine.time = formatTime(context.now);
    mine.apiVersion = context.apiVersion;
  }
  writeEntries(updated, entries);
}

function scopeMatches(key: string, scope: 'main' | 'status' | 'all'): boolean {
  if (scope === 'all') return true;
  const isStatus = key === 'f:status' || key.startsWith('f:status\n');
  return scope === 'status' ? isStatus : !isStatus;
}

/** Renders a path the way conflict messages do: .spec.template.spec.containers[name="web"].image */
export function formatPath(key: string): string {
  return pathOf(key)
    .map((element) => {
      if (element.startsWith('f:')) return `.${element.slice(2)}`;
      if (element.startsWith('v:')) return `[=${element.slice(2)}]`;
      const keys = JSON.parse(element.slice(2)) as JsonObject;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(',')}]`;
    })
    .join('');
}
