import { type Registry } from '../api/registry.js';
import { type ResourceType } from '../api/resource-type.js';
import { type JsonObject } from '../util/object.js';

/** The aggregated-discovery version a client accepts (v2, or v2beta1 for older clients), or undefined. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const mediaType of (accept ?? '').split(',')) {
    const params = mediaType.split(';').map((part) => part.trim());
    if (!params.includes('as=APIGroupDiscoveryList') || !params.includes('g=apidiscovery.k8s.io')) continue;
    if (params.includes('v=v2')) return 'v2';
    if (params.includes('v=v2beta1')) return 'v2beta1';
  }
  return undefined;
}

/** The Content-Type of an aggregated discovery answer. */
export function aggregatedContentType(version: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

function kindRef(type: ResourceType, group: string, version: string, kind: string): JsonObject {
  const same = group === type.group && version === type.version;
  return { group: same ? '' : group, version: same ? '' : version, kind };
}

function resourceEntry(type: ResourceType): JsonObject {
  return {
    resource: type.plural,
    responseKind: kindRef(type, type.group, type.version, type.kind),
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: type.verbs,
    ...(type.shortNames.length > 0 ? { shortNames: type.shortNames } : {}),
    ...(type.categories.length > 0 ? { categories: type.categories } : {}),
    ...(type.subresources.length > 0
      ? {
          subresources: type.subresources.map((sub) => ({
            subresource: sub.name,
            responseKind: kindRef(type, sub.group, sub.version, sub.kind),
            verbs: sub.verbs,
          })),
        }
      : {}),
  };
}

/**
 * /api or /apis as an APIGroupDiscoveryList: what kubectl 1.32 and client-go
 * ask for first, so one request replaces one per group version.
 */
export function aggregatedDiscovery(registry: Registry, legacy: boolean, version: 'v2' | 'v2beta1'): JsonObject {
  const groups = registry.groups().filter((group) => (group.name === '') === legacy);
  const types = registry.all();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group.name, creationTimestamp: null },
      versions: group.versions.map((groupVersion) => ({
        version: groupVersion,
        resources: types
          .filter((type) => type.group === group.name && type.version === groupVersion)
          .map(resourceEntry),
        freshness: 'Current',
      })),
    })),
  };
}
