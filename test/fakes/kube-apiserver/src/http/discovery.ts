import { type Registry } from '../api/registry.js';
import { type ResourceType } from '../api/resource-type.js';
import { type JsonObject } from '../util/object.js';

function resourceEntry(type: ResourceType): JsonObject {
  return {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
  };
}

function subresourceEntries(type: ResourceType): JsonObject[] {
  return type.subresources.map((sub) => ({
    name: `${type.plural}/${sub.name}`,
    singularName: '',
    namespaced: type.namespaced,
    ...(sub.group === type.group && sub.version === type.version ? {} : { group: sub.group, version: sub.version }),
    kind: sub.kind,
    verbs: sub.verbs,
  }));
}

/** /api: the legacy core group's versions. */
export function coreVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(name: string, versions: string[]): JsonObject {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

/** /apis: every named group. */
export function groupList(registry: Registry): JsonObject {
  const groups = registry.groups().filter((group) => group.name !== '');
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((group) => groupEntry(group.name, group.versions)),
  };
}

/** /apis/{group}: one group, or undefined when it is not served. */
export function groupDocument(registry: Registry, name: string): JsonObject | undefined {
  const group = registry.groups().find((candidate) => candidate.name === name && name !== '');
  return group === undefined
    ? undefined
    : { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group.name, group.versions) };
}

/** /api/v1 or /apis/{group}/{version}: the resources of one group version, or undefined. */
export function resourceList(registry: Registry, group: string, version: string): JsonObject | undefined {
  const types = registry.all().filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.flatMap((type) => [resourceEntry(type), ...subresourceEntries(type)]),
  };
}
