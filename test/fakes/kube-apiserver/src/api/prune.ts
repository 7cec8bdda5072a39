import { type Schema } from '../openapi/schema.js';
import { type JsonObject, isObject } from '../util/object.js';

function pruneValue(value: unknown, schema: Schema, path: string, unknown: string[]): void {
  if (schema.kind === 'array' && Array.isArray(value)) {
    value.forEach((item, index) => pruneValue(item, schema.items, `${path}[${index}]`, unknown));
  } else if (schema.kind === 'map' && isObject(value)) {
    for (const [key, child] of Object.entries(value)) pruneValue(child, schema.values, `${path}.${key}`, unknown);
  } else if (schema.kind === 'object' && isObject(value)) pruneObject(value, schema, path, unknown);
}

function pruneObject(
  object: JsonObject,
  schema: Extract<Schema, { kind: 'object' }>,
  path: string,
  unknown: string[],
): void {
  const fields = schema.fields();
  if (fields.size === 0 && (schema.preserveUnknown || schema.model === undefined)) return;
  for (const [key, child] of Object.entries(object)) {
    const field = fields.get(key);
    const childPath = path === '' ? key : `${path}.${key}`;
    if (field !== undefined) pruneValue(child, field.schema, childPath, unknown);
    else if (!schema.preserveUnknown) {
      unknown.push(childPath);
      delete object[key];
    }
  }
}

/**
 * Drops fields the schema does not declare (what decoding into Go structs, or
 * CRD structural pruning, does) and returns their paths for fieldValidation.
 */
export function pruneUnknownFields(object: JsonObject, schema: Schema | undefined): string[] {
  const unknown: string[] = [];
  if (schema?.kind === 'object') pruneObject(object, schema, '', unknown);
  return unknown;
}
