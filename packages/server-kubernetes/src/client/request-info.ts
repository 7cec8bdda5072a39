/**
 * What one HTTP request to the API server asks to do, in the API server's own
 * terms (verb, group, resource, namespace, name, subresource), parsed from
 * its method and URL the way kube-apiserver's RequestInfoFactory does.
 */
export interface RequestInfo {
  method: string;
  path: string;
  /** False for discovery, /version, /openapi and other non-resource paths. */
  resourceRequest: boolean;
  /** get, list, watch, create, update, patch, delete, deletecollection (or the HTTP method, lowercased, for non-resource paths). */
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** The namespace the request touches; for a Namespace object, its own name. */
  namespace: string;
  name: string;
  /** `dryRun=All`: the server validates and answers but persists nothing. */
  dryRun: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** Parses a request to the API server; `url` is the full request URL. */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const upper = method.toUpperCase();
  const parts = url.pathname.split('/').filter((part) => part !== '');
  const base: RequestInfo = {
    method: upper,
    path: url.pathname,
    resourceRequest: false,
    verb: upper.toLowerCase(),
    group: '',
    version: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    dryRun: url.searchParams.getAll('dryRun').includes('All'),
  };
  const prefixLength = parts[0] === 'api' ? 2 : parts[0] === 'apis' ? 3 : 0;
  if (prefixLength === 0 || parts.length <= prefixLength) return base;
  const info: RequestInfo = {
    ...base,
    resourceRequest: true,
    group: prefixLength === 3 ? (parts[1] ?? '') : '',
    version: parts[prefixLength - 1] ?? '',
  };
  let rest = parts.slice(prefixLength);
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1] ?? '';
    if (rest.length > 2 && !namespaceSubresources.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  info.resource = rest[0] ?? '';
  info.name = rest[1] ?? '';
  info.subresource = rest.slice(2).join('/');
  info.verb = verbOf(upper, info.name !== '', url.searchParams);
  return info;
}

function verbOf(method: string, named: boolean, query: URLSearchParams): string {
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const watch = query.get('watch');
      if (watch === 'true' || watch === '1') return 'watch';
      return named ? 'get' : 'list';
    }
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** `deployments.apps`, `pods/log` or `secrets`: how a request's resource reads in messages. */
export function describeResource(info: Pick<RequestInfo, 'resource' | 'group' | 'subresource'>): string {
  const resource = info.group === '' ? info.resource : `${info.resource}.${info.group}`;
  return info.subresource === '' ? resource : `${resource}/${info.subresource}`;
}
