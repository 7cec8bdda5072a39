import { customResourceSchema } from './json-schema.js';
import { type ModelCatalog } from './model-catalog.js';
import { type Schema } from './schema.js';
import { type ResourceType } from '../api/resource-type.js';

type ObjectSchema = Extract<Schema, { kind: 'object' }>;

/** Resolves the schema of each served type: client-node models for built-ins, the CRD's schema for custom resources. */
export class SchemaProvider {
  private readonly cache = new WeakMap<ResourceType, ObjectSchema | undefined>();

  constructor(private readonly catalog: ModelCatalog) {}

  /** The schema of a type with its group-version-kind attached, or undefined for schemaless kinds (metrics). */
  forType(type: ResourceType): ObjectSchema | undefined {
    if (this.cache.has(type)) return this.cache.get(type);
    const gvk = [{ group: type.group, version: type.version, kind: type.kind }];
    let schema: ObjectSchema | undefined;
    if (type.model !== undefined) {
      const model = this.catalog.model(type.model);
      if (model?.kind === 'object') schema = { ...model, gvk };
    } else if (type.customSchema !== undefined) {
      const objectMeta = this.catalog.model('V1ObjectMeta');
      const root = customResourceSchema(type.customSchema, objectMeta, gvk[0] ?? { group: '', version: '', kind: '' });
      if (root.kind === 'object')
        schema = { ...root, model: `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}` };
    }
    this.cache.set(type, schema);
    return schema;
  }

  /** A named model (e.g. "V1Scale"). */
  model(name: string): Schema | undefined {
    return this.catalog.model(name);
  }
}
