import { isRecord, type Json } from './json.js';

const noisyAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
];

/**
 * A copy of an object without what only machines read: managedFields, and
 * the last-applied annotation that repeats the whole spec. Keeps outputs
 * small enough to fit a model's context.
 */
export function cleanObject(object: Json): Json {
  const copy: Json = { ...object };
  if (isRecord(copy.metadata)) {
    const metadata: Json = { ...copy.metadata };
    delete metadata.managedFields;
    if (isRecord(metadata.annotations)) {
      const annotations = Object.fromEntries(
        Object.entries(metadata.annotations).filter(([key]) => !noisyAnnotations.includes(key)),
      );
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
      else metadata.annotations = annotations;
    }
    copy.metadata = metadata;
  }
  return copy;
}

/** The selected fields of an object, keyed by their dotted paths, e.g. `status.phase`. */
export function projectFields(object: Json, fields: readonly string[]): Json {
  const result: Json = {};
  for (const field of fields) {
    let current: unknown = object;
    for (const part of field.split('.').filter(Boolean)) {
      current = Array.isArray(current) ? current[Number(part)] : isRecord(current) ? current[part] : undefined;
    }
    result[field] = current ?? null;
  }
  return result;
}
