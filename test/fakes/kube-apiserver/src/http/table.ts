import { type ResourceType } from '../api/resource-type.js';
import { type JsonObject, asObject } from '../util/object.js';

/** What a Table row carries besides its cells (?includeObject=). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(object: JsonObject, include: IncludeObject): JsonObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

/** A meta.k8s.io/v1 Table of objects, cells computed by the type's printer. */
export function toTable(
  type: ResourceType,
  objects: JsonObject[],
  options: { include: IncludeObject; now: Date; listMeta: JsonObject; withColumns?: boolean },
): JsonObject {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.listMeta,
    ...(options.withColumns === false ? {} : { columnDefinitions: type.printer.columns }),
    rows: objects.map((object) => {
      const embedded = rowObject(object, options.include);
      return {
        cells: type.printer.cells(object, options.now),
        ...(embedded === undefined ? {} : { object: embedded }),
      };
    }),
  };
}

/** PartialObjectMetadata of one object. */
export function toPartial(object: JsonObject): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: asObject(object.metadata) };
}
