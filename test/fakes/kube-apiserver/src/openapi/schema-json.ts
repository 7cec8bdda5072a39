import { type Schema } from './schema.js';
import { type JsonObject } from '../util/object.js';

/**
 * The OpenAPI name of a client-node model, shaped like the real ones so
 * `kubectl explain` shows the bare kind: V1DeploymentStrategy becomes
 * io.k8s.api.v1.DeploymentStrategy, CoreV1Event io.k8s.api.core.v1.Event.
 * Names that already contain dots (custom resources) are kept.
 */
export function componentName(model: string): string {
  if (model.includes('.')) return model;
  const match = /^([A-Z][a-z]*)?(V\d+(?:(?:alpha|beta)\d+)?)([A-Z].*)$/.exec(model);
  if (!match) return `io.k8s.api.${model}`;
  const prefix = match[1] === undefined ? '' : `${match[1].toLowerCase()}.`;
  return `io.k8s.api.${prefix}${(match[2] ?? '').toLowerCase()}.${match[3] ?? ''}`;
}

/** Collects named schemas into OpenAPI components while converting; refs are "#/components/schemas/X" (v3) or "#/definitions/X" (v2). */
export class ComponentWriter {
  readonly components: Record<string, JsonObject> = {};
  private readonly pending: Extract<Schema, { kind: 'object' }>[] = [];

  constructor(
    private readonly refPrefix: string,
    private readonly v3: boolean,
  ) {}

  /** The JSON schema of `schema`, registering named objects as components. */
  write(schema: Schema): JsonObject {
    switch (schema.kind) {
      case 'object':
        if (schema.model !== undefined) return { $ref: `${this.refPrefix}${this.register(schema)}` };
        return this.objectBody(schema);
      case 'map':
        return { type: 'object', additionalProperties: this.wrap(this.write(schema.values)) };
      case 'array':
        return {
          type: 'array',
          items: this.wrap(this.write(schema.items)),
          ...(schema.listType === 'atomic' ? {} : { 'x-kubernetes-list-type': schema.listType }),
          ...(schema.listMapKeys && schema.listMapKeys.length > 0
            ? { 'x-kubernetes-list-map-keys': schema.listMapKeys }
            : {}),
          ...(schema.patchStrategy ? { 'x-kubernetes-patch-strategy': schema.patchStrategy } : {}),
          ...(schema.patchMergeKey ? { 'x-kubernetes-patch-merge-key': schema.patchMergeKey } : {}),
        };
      case 'scalar':
        return {
          type: schema.type,
          ...(schema.format ? { format: schema.format } : {}),
          ...(schema.enum ? { enum: schema.enum } : {}),
        };
      case 'int-or-string':
        return { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true };
      case 'any':
        return this.v3 ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } : { type: 'object' };
    }
  }

  /** Registers a named object schema and returns its component name. */
  register(schema: Extract<Schema, { kind: 'object' }>): string {
    const name = componentName(schema.model ?? '');
    if (!(name in this.components)) {
      this.components[name] = {};
      this.pending.push(schema);
      this.drain();
    }
    return name;
  }

  private drain(): void {
    while (this.pending.length > 0) {
      const next = this.pending.shift();
      if (next?.model !== undefined) this.components[componentName(next.model)] = this.objectBody(next);
    }
  }

  private wrap(value: JsonObject): JsonObject {
    // Real v3 documents wrap references in allOf so a description can sit beside them.
    return this.v3 && value.$ref !== undefined ? { allOf: [value] } : value;
  }

  private objectBody(schema: Extract<Schema, { kind: 'object' }>): JsonObject {
    const properties: Record<string, JsonObject> = {};
    for (const [name, field] of schema.fields()) {
      const written = this.wrap(this.write(field.schema));
      properties[name] = {
        ...(field.description === '' ? {} : { description: field.description }),
        ...written,
        ...(field.patchStrategy ? { 'x-kubernetes-patch-strategy': field.patchStrategy } : {}),
      };
    }
    return {
      ...(schema.description === '' ? {} : { description: schema.description }),
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(schema.required.length > 0 ? { required: schema.required } : {}),
      ...(schema.atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}),
      ...(schema.preserveUnknown && this.v3 ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
      ...(schema.gvk ? { 'x-kubernetes-group-version-kind': schema.gvk } : {}),
    };
  }
}
