import { type ResourceType, standardVerbs, statusSubresource } from './resource-type.js';
import { defaultPrinter } from '../printers/printer.js';

/** The parts of a ResourceType a definition must give; `status: false` means no status subresource. */
export type Spec = Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural'> &
  Partial<ResourceType> & { status?: boolean };

/** A ResourceType with the usual defaults (namespaced, standard verbs, status subresource, default printer). */
export function define(spec: Spec): ResourceType {
  const { status, ...rest } = spec;
  const subresources = [
    ...(status === false ? [] : [statusSubresource(spec.group, spec.version, spec.kind)]),
    ...(spec.subresources ?? []),
  ];
  return {
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: standardVerbs,
    storage: `${spec.group}/${spec.plural}`,
    printer: defaultPrinter,
    selectableFields: [],
    ...rest,
    subresources,
  };
}
