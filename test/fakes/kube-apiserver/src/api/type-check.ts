import { type Schema } from '../openapi/schema.js';
import { type JsonObject, isObject } from '../util/object.js';

/** A value whose JSON type does not match its schema. */
export interface TypeMismatch {
  /** Dotted path from the object root, e.g. "spec.replicas". */
  path: string;
  /** The expected type as the Go decoder names it ("int32", "string", "bool"). */
  goType: string;
  /** The expected type as OpenAPI names it ("integer", "string", "boolean"). */
  openApiType: string;
  /** The JSON type that arrived ("string", "number", "object", "array", "bool"). */
  actual: string;
  /** The struct that holds the field, for Go-style messages ("DeploymentSpec"). */
  parent: string;
  value: unknown;
}

/** The OpenAPI type name of a JSON value, as CRD validation messages use it. */
export function openApiTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function scalarMatches(schema: Extract<Schema, { kind: 'scalar' }>, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
  }
}

function goTypeOf(schema: Extract<Schema, { kind: 'scalar' }>): string {
  if (schema.type === 'integer') return schema.format === 'int64' ? 'int64' : 'int32';
  return { string: 'string', boolean: 'bool', number: 'float64' }[schema.type];
}

function structName(model: string | undefined): string {
  return (model ?? '').replace(/^[A-Z][a-z]*V\d+(?:(?:alpha|beta)\d+)?|^V\d+(?:(?:alpha|beta)\d+)?/, '');
}

interface Walk {
  path: string;
  parent: string;
  found: TypeMismatch[];
}

function check(value: unknown, schema: Schema, walk: Walk): void {
  if (value === null || value === undefined) return;
  const report = (goType: string, openApiType: string): void => {
    walk.found.push({ path: walk.path, goType, openApiType, actual: jsonType(value), parent: walk.parent, value });
  };
  switch (schema.kind) {
    case 'scalar':
      if (!scalarMatches(schema, value)) report(goTypeOf(schema), schema.type);
      return;
    case 'int-or-string':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value)))
        report('intstr.IntOrString', 'integer-or-string');
      return;
    case 'array':
      if (!Array.isArray(value))
        return report(
          `[]${structName(schema.items.kind === 'object' ? schema.items.model : undefined) || 'string'}`,
          'array',
        );
      value.forEach((item, index) => check(item, schema.items, { ...walk, path: `${walk.path}[${index}]` }));
      return;
    case 'map':
      if (!isObject(value)) return report('map[string]string', 'object');
      for (const [key, child] of Object.entries(value))
        check(child, schema.values, { ...walk, path: `${walk.path}.${key}` });
      return;
    case 'object':
      if (!isObject(value)) return report(structName(schema.model) || 'object', 'object');
      checkFields(value, schema, walk);
      return;
    case 'any':
      return;
  }
}

function checkFields(object: JsonObject, schema: Extract<Schema, { kind: 'object' }>, walk: Walk): void {
  const fields = schema.fields();
  for (const [key, child] of Object.entries(object)) {
    const field = fields.get(key);
    if (field === undefined) continue;
    check(child, field.schema, {
      path: walk.path === '' ? key : `${walk.path}.${key}`,
      parent: structName(schema.model),
      found: walk.found,
    });
  }
}

/** Every value in `object` whose JSON type contradicts the schema (what decoding into Go types, or CRD validation, rejects). */
export function findTypeMismatches(object: JsonObject, schema: Schema | undefined): TypeMismatch[] {
  const found: TypeMismatch[] = [];
  if (schema?.kind === 'object') checkFields(object, schema, { path: '', parent: structName(schema.model), found });
  return found;
}
