import { evaluateJsonPath } from './json-path.js';
import { type ResourceType, scaleSubresource, standardVerbs, statusSubresource } from '../api/resource-type.js';
import { type ColumnDefinition, type Printer, ageCell, column, nameColumn, nameOf } from '../printers/printer.js';
import { type JsonObject, asArray, asObject, asString, getIn } from '../util/object.js';
import { ageOf } from '../util/time.js';

function printerOf(version: JsonObject): Printer {
  const declared = asArray(version.additionalPrinterColumns).map(asObject);
  if (declared.length === 0) {
    return {
      columns: [
        nameColumn,
        column(
          'Age',
          'date',
          'CreationTimestamp is a timestamp representing the server time when this object was created.',
        ),
      ],
      cells: (object, now) => [nameOf(object), ageCell(object, now)],
    };
  }
  const columns: ColumnDefinition[] = [
    nameColumn,
    ...declared.map((c) =>
      column(
        asString(c.name),
        asString(c.type, 'string'),
        asString(c.description),
        Number(c.priority ?? 0),
        asString(c.format),
      ),
    ),
  ];
  return {
    columns,
    cells: (object, now) => [
      nameOf(object),
      ...declared.map((c) => {
        const values = evaluateJsonPath(object, asString(c.jsonPath));
        const first = values[0];
        if (first === undefined) return null;
        if (c.type === 'date') return ageOf(first, now);
        return values.length > 1
          ? values
              .map((value) => (typeof value === 'object' ? JSON.stringify(value) : String(value as string)))
              .join(',')
          : first;
      }),
    ],
  };
}

function dotted(path: unknown): string[] {
  return asString(path)
    .replace(/^\./, '')
    .split('.')
    .filter((part) => part !== '');
}

/** The resource types a CustomResourceDefinition serves, one per served version. */
export function customTypesOf(crd: JsonObject): ResourceType[] {
  const spec = asObject(crd.spec);
  const names = asObject(spec.names);
  const group = asString(spec.group);
  const namespaced = asString(spec.scope, 'Namespaced') === 'Namespaced';
  return asArray(spec.versions)
    .map(asObject)
    .filter((version) => version.served !== false)
    .map((version) => {
      const versionName = asString(version.name);
      const kind = asString(names.kind);
      const subresources = asObject(version.subresources);
      const scale = asObject(subresources.scale);
      const hasScale = subresources.scale !== undefined;
      return {
        group,
        version: versionName,
        kind,
        listKind: asString(names.listKind) || `${kind}List`,
        plural: asString(names.plural),
        singular: asString(names.singular) || kind.toLowerCase(),
        namespaced,
        shortNames: asArray(names.shortNames).map((name) => asString(name)),
        categories: asArray(names.categories).map((name) => asString(name)),
        verbs: standardVerbs,
        subresources: [
          ...(subresources.status !== undefined ? [statusSubresource(group, versionName, kind)] : []),
          ...(hasScale ? [scaleSubresource()] : []),
        ],
        storage: `${group}/${asString(names.plural)}`,
        customSchema: asObject(getIn(version, ['schema', 'openAPIV3Schema'])),
        printer: printerOf(version),
        selectableFields: asArray(version.selectableFields).map((field) =>
          asString(asObject(field).jsonPath).replace(/^\./, ''),
        ),
        ...(hasScale
          ? {
              scalePaths: {
                spec: dotted(scale.specReplicasPath),
                status: dotted(scale.statusReplicasPath),
                selector: dotted(scale.labelSelectorPath),
              },
            }
          : {}),
      } satisfies ResourceType;
    });
}
