import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';

/** One kind the cluster serves, as discovery describes it. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
  shortNames: readonly string[];
  singular: string;
  /** Subresource names, e.g. `status`, `scale`, `log`. */
  subresources: readonly string[];
}

/** Resolves kind names to API paths, from one discovery snapshot per context. */
export interface Discovery {
  /** Every kind the cluster serves, preferred versions only. */
  all(signal?: AbortSignal): Promise<readonly ResourceType[]>;
  /** `Deployment`, `deployments`, `deploy`, `deployments.apps` or `apps/v1/Deployment` → the type. */
  resolve(kind: string, signal?: AbortSignal): Promise<ResourceType>;
  /** Whether a group is served at all (e.g. `metrics.k8s.io`). */
  hasGroup(group: string, signal?: AbortSignal): Promise<boolean>;
}

type Send = (request: { path: string; accept?: string; signal?: AbortSignal | undefined }) => Promise<unknown>;

const aggregatedAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

const discoveryResource = z.object({
  resource: z.string(),
  responseKind: z.object({ kind: z.string() }).optional(),
  scope: z.string(),
  singularResource: z.string().optional(),
  shortNames: z.array(z.string()).optional(),
  verbs: z.array(z.string()).optional(),
  subresources: z.array(z.object({ subresource: z.string() })).optional(),
});
const aggregatedList = z.object({
  kind: z.literal('APIGroupDiscoveryList'),
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string().optional() }).optional(),
      versions: z.array(z.object({ version: z.string(), resources: z.array(discoveryResource).optional() })),
    }),
  ),
});
const legacyResources = z.object({
  groupVersion: z.string(),
  resources: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      namespaced: z.boolean(),
      singularName: z.string().optional(),
      shortNames: z.array(z.string()).optional(),
      verbs: z.array(z.string()).optional(),
    }),
  ),
});
const legacyGroups = z.object({
  groups: z.array(z.object({ name: z.string(), preferredVersion: z.object({ groupVersion: z.string() }) })),
});

const ttlMs = 5 * 60_000;

/** Discovery through `send` (so through the guard), cached for five minutes and refreshed on a miss. */
export function createDiscovery(send: Send): Discovery {
  let cached: { at: number; types: Promise<readonly ResourceType[]> } | undefined;
  const load = (signal?: AbortSignal, fresh = false): Promise<readonly ResourceType[]> => {
    if (cached === undefined || fresh || Date.now() - cached.at > ttlMs) {
      const types = discover(send, signal);
      cached = { at: Date.now(), types };
      types.catch(() => (cached = undefined));
    }
    return cached.types;
  };
  return {
    all: (signal) => load(signal),
    hasGroup: async (group, signal) => (await load(signal)).some((type) => type.group === group),
    resolve: async (kind, signal) => {
      const found = match(await load(signal), kind) ?? match(await load(signal, true), kind);
      if (found === undefined) {
        throw new ToolError('NOT_FOUND', `The cluster serves no kind named ${kind}.`, {
          hint: 'explain without a kind lists the kinds this cluster serves.',
        });
      }
      return found;
    },
  };
}

async function discover(send: Send, signal?: AbortSignal): Promise<readonly ResourceType[]> {
  const [core, groups] = await Promise.all([
    send({ path: '/api', accept: aggregatedAccept, signal }),
    send({ path: '/apis', accept: aggregatedAccept, signal }),
  ]);
  const aggregatedCore = aggregatedList.safeParse(core);
  const aggregatedGroups = aggregatedList.safeParse(groups);
  if (aggregatedCore.success && aggregatedGroups.success) {
    return [...fromAggregated(aggregatedCore.data, ''), ...fromAggregated(aggregatedGroups.data)];
  }
  // Servers before aggregated discovery: one request per preferred group version.
  const versions = [
    'v1',
    ...(legacyGroups.safeParse(groups).data?.groups ?? []).map((g) => g.preferredVersion.groupVersion),
  ];
  const lists = await Promise.all(
    versions.map(async (groupVersion) =>
      legacyResources.safeParse(
        await send({ path: groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`, signal }).catch(
          () => undefined,
        ),
      ),
    ),
  );
  return lists.flatMap((list) => (list.success ? fromLegacy(list.data) : []));
}

function fromAggregated(list: z.infer<typeof aggregatedList>, coreGroup?: string): ResourceType[] {
  return list.items.flatMap((item) => {
    const preferred = item.versions[0];
    if (preferred === undefined) return [];
    const group = coreGroup ?? item.metadata?.name ?? '';
    return (preferred.resources ?? []).map((resource) => ({
      group,
      version: preferred.version,
      resource: resource.resource,
      kind: resource.responseKind?.kind ?? resource.resource,
      namespaced: resource.scope === 'Namespaced',
      verbs: resource.verbs ?? [],
      shortNames: resource.shortNames ?? [],
      singular: resource.singularResource ?? '',
      subresources: (resource.subresources ?? []).map((sub) => sub.subresource),
    }));
  });
}

function fromLegacy(list: z.infer<typeof legacyResources>): ResourceType[] {
  const [group, version] = list.groupVersion.includes('/') ? list.groupVersion.split('/') : ['', list.groupVersion];
  const top = list.resources.filter((resource) => !resource.name.includes('/'));
  return top.map((resource) => ({
    group: group ?? '',
    version: version ?? 'v1',
    resource: resource.name,
    kind: resource.kind,
    namespaced: resource.namespaced,
    verbs: resource.verbs ?? [],
    shortNames: resource.shortNames ?? [],
    singular: resource.singularName || resource.kind.toLowerCase(),
    subresources: list.resources
      .filter((sub) => sub.name.startsWith(`${resource.name}/`))
      .map((sub) => sub.name.slice(resource.name.length + 1)),
  }));
}

/** Core and apps win ties (`Event` is core/v1, not events.k8s.io; `pods` is core, not metrics). */
function rank(type: ResourceType): number {
  if (type.group === '') return 0;
  if (type.group === 'apps') return 1;
  return type.group === 'metrics.k8s.io' ? 3 : 2;
}

function match(types: readonly ResourceType[], input: string): ResourceType | undefined {
  const { name, group, version } = splitKind(input.trim());
  const lower = name.toLowerCase();
  const candidates = types.filter(
    (type) =>
      (group === undefined || type.group === group) &&
      (version === undefined || type.version === version) &&
      (type.kind.toLowerCase() === lower ||
        type.resource === lower ||
        type.singular === lower ||
        type.shortNames.includes(lower)),
  );
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

/** `apps/v1/Deployment`, `v1/Pod`, `deployments.apps`, `Deployment`. */
function splitKind(input: string): { name: string; group?: string; version?: string } {
  const slash = input.split('/');
  if (slash.length === 3) return { group: slash[0]!, version: slash[1]!, name: slash[2]! };
  if (slash.length === 2) return { group: '', version: slash[0]!, name: slash[1]! };
  const dot = input.indexOf('.');
  if (dot > 0) return { name: input.slice(0, dot), group: input.slice(dot + 1) };
  return { name: input };
}

/** The API path of a type, optionally in a namespace, of one object, of a subresource. */
export function resourcePath(
  type: Pick<ResourceType, 'group' | 'version' | 'resource' | 'namespaced'>,
  options: { namespace?: string | undefined; name?: string | undefined; subresource?: string | undefined } = {},
): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const namespace =
    type.namespaced && options.namespace !== undefined ? `/namespaces/${encodeURIComponent(options.namespace)}` : '';
  const name = options.name === undefined ? '' : `/${encodeURIComponent(options.name)}`;
  const sub = options.subresource === undefined ? '' : `/${options.subresource}`;
  return `${prefix}${namespace}/${type.resource}${name}${sub}`;
}

/** `deployments.apps`, `pods`: a type as kubectl names it. */
export function qualifiedName(type: Pick<ResourceType, 'resource' | 'group'>): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}
