import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { atomicStructs, listMeta, quantityFields, retainKeysFields } from './patch-meta.js';
import { type Field, type Schema } from './schema.js';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

function isModelClass(value: unknown): value is ModelClass {
  return typeof value === 'function' && 'getAttributeTypeMap' in value;
}

/** Reads the doc comments of one generated model declaration: the class text and each field's text. */
function readDescriptions(file: string): { model: string; fields: Map<string, string> } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { model: '', fields: new Map() };
  }
  const clean = (comment: string) =>
    comment
      .split('\n')
      .map((line) => line.replace(/^\s*\*\s?/, ''))
      .join(' ')
      .replace(/\\(['"])/g, '$1')
      .trim();
  const classMatch = /\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\nexport declare class/.exec(text);
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/\/\*\*\n((?:(?!\*\/)[\s\S])*?)\*\/\n\s*'([^']+)'\??:/g)) {
    fields.set(match[2] ?? '', clean(match[1] ?? ''));
  }
  return { model: clean(classMatch?.[1] ?? ''), fields };
}

/**
 * The schemas of the Kubernetes built-in types, read from the generated models
 * that @kubernetes/client-node ships (field names, types, formats, doc text),
 * plus the list and patch metadata of patch-meta.ts.
 */
export class ModelCatalog {
  private readonly cache = new Map<string, Schema>();

  private constructor(
    private readonly classes: Record<string, unknown>,
    private readonly modelsDirectory: string,
  ) {}

  /** Loads the model classes once; the descriptions are read lazily per model. */
  static async load(): Promise<ModelCatalog> {
    const require = createRequire(import.meta.url);
    const directory = join(dirname(require.resolve('@kubernetes/client-node')), 'gen', 'models');
    const classes = (await import(pathToFileURL(join(directory, 'all.js')).href)) as Record<string, unknown>;
    return new ModelCatalog(classes, directory);
  }

  /** The schema of a model such as "V1Deployment", or undefined when client-node has no such model. */
  model(name: string): Schema | undefined {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const modelClass = this.classes[name];
    if (!isModelClass(modelClass)) return undefined;
    let fields: Map<string, Field> | undefined;
    const descriptions = readDescriptions(join(this.modelsDirectory, `${name}.d.ts`));
    const schema: Schema = {
      kind: 'object',
      model: name,
      description: descriptions.model,
      fields: () => (fields ??= this.fieldsOf(name, modelClass, descriptions.fields)),
      required: this.requiredOf(name, modelClass),
      atomic: atomicStructs.has(name),
      preserveUnknown: false,
    };
    this.cache.set(name, schema);
    return schema;
  }

  private fieldsOf(model: string, modelClass: ModelClass, descriptions: Map<string, string>): Map<string, Field> {
    const fields = new Map<string, Field>();
    for (const attribute of modelClass.getAttributeTypeMap()) {
      const key = `${model}.${attribute.baseName}`;
      const schema = this.typeSchema(attribute.type, attribute.format, key);
      // The generator drops the text of fields that reference a model; the model's own text is the closest.
      const fallback = schema.kind === 'object' ? schema.description : '';
      fields.set(attribute.baseName, {
        schema,
        description: descriptions.get(attribute.name) ?? fallback,
        ...(retainKeysFields.has(key) ? { patchStrategy: 'retainKeys' } : {}),
      });
    }
    return fields;
  }

  private requiredOf(model: string, modelClass: ModelClass): string[] {
    let text = '';
    try {
      text = readFileSync(join(this.modelsDirectory, `${model}.d.ts`), 'utf8');
    } catch {
      return [];
    }
    const jsonNames = new Map(
      modelClass.getAttributeTypeMap().map((attribute) => [attribute.name, attribute.baseName]),
    );
    return [...text.matchAll(/^\s*'([^']+)':/gm)].map((match) => jsonNames.get(match[1] ?? '') ?? match[1] ?? '');
  }

  private typeSchema(type: string, format: string, fieldKey: string): Schema {
    if (quantityFields.has(fieldKey)) {
      const quantity: Schema = { kind: 'int-or-string' };
      return type.startsWith('{') ? { kind: 'map', values: quantity } : quantity;
    }
    const array = /^Array<(.+)>$/.exec(type);
    if (array) {
      const meta = listMeta[fieldKey] ?? { listType: 'atomic' as const };
      return { kind: 'array', items: this.typeSchema(array[1] ?? 'any', '', ''), ...meta };
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { kind: 'map', values: this.typeSchema(map[1] ?? 'any', '', '') };
    switch (type) {
      case 'string':
        return { kind: 'scalar', type: 'string', ...(format === '' ? {} : { format }) };
      case 'number':
        return format === 'int32' || format === 'int64'
          ? { kind: 'scalar', type: 'integer', format }
          : { kind: 'scalar', type: 'number', ...(format === '' ? {} : { format }) };
      case 'boolean':
        return { kind: 'scalar', type: 'boolean' };
      case 'Date':
        return { kind: 'scalar', type: 'string', format: format === '' ? 'date-time' : format };
      case 'IntOrString':
        return { kind: 'int-or-string' };
      case 'any':
      case 'object':
        return { kind: 'any' };
      default:
        return this.model(type) ?? { kind: 'any' };
    }
  }
}
