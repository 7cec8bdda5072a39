import { type ListMeta } from './patch-meta.js';

/** A field of an object schema, with its description for `kubectl explain`. */
export interface Field {
  schema: Schema;
  description: string;
  /** Patch strategy of a struct field (retainKeys). */
  patchStrategy?: string;
}

/** The schema model every part of the server walks: patching, apply, pruning and the OpenAPI documents. */
export type Schema =
  | {
      kind: 'object';
      /** Model name, for built-in kinds; becomes the OpenAPI component name. */
      model?: string;
      description: string;
      fields(): Map<string, Field>;
      required: string[];
      atomic: boolean;
      /** x-kubernetes-preserve-unknown-fields: unknown fields are kept, not pruned. */
      preserveUnknown: boolean;
      gvk?: { group: string; version: string; kind: string }[];
    }
  | { kind: 'map'; values: Schema }
  | ({ kind: 'array'; items: Schema } & ListMeta)
  | { kind: 'scalar'; type: 'string' | 'integer' | 'number' | 'boolean'; format?: string; enum?: unknown[] }
  | { kind: 'int-or-string' }
  | { kind: 'any' };

/** The schema used where nothing is known: anything goes, lists are atomic. */
export const anySchema: Schema = { kind: 'any' };

/** The schema of `field` inside an object schema, if declared. */
export function fieldSchema(schema: Schema | undefined, field: string): Schema | undefined {
  if (schema === undefined || schema.kind === 'any') return anySchema;
  if (schema.kind === 'map') return schema.values;
  if (schema.kind !== 'object') return undefined;
  return schema.fields().get(field)?.schema ?? (schema.preserveUnknown ? anySchema : undefined);
}

/** The item schema of a list schema. */
export function itemSchema(schema: Schema | undefined): Schema {
  return schema?.kind === 'array' ? schema.items : anySchema;
}
