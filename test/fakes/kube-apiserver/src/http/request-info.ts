/** A resource request as the API server's RequestInfoFactory parses it. */
export interface ResourceRequest {
  group: string;
  version: string;
  /** Namespace from the path; "" for cluster-scoped or all-namespace requests. */
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: string;
}

/** Any other request the server answers. */
export type ParsedRequest =
  | { kind: 'resource'; request: ResourceRequest }
  | { kind: 'discovery'; group: string; version: string }
  | { kind: 'group'; group: string }
  | { kind: 'root'; path: '/api' | '/apis' }
  | { kind: 'other'; path: string };

function verbOf(method: string, hasName: boolean, isWatch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return hasName ? 'get' : isWatch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function resourcePart(rest: string[]): Omit<ResourceRequest, 'group' | 'version' | 'verb'> {
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    return { namespace: rest[1] ?? '', resource: rest[2] ?? '', name: rest[3] ?? '', subresource: rest[4] ?? '' };
  }
  const namespace = rest[0] === 'namespaces' ? (rest[1] ?? '') : '';
  return { namespace, resource: rest[0] ?? '', name: rest[1] ?? '', subresource: rest[2] ?? '' };
}

/** Splits an API path into what it addresses; `isWatch` is the watch query parameter. */
export function parseRequestPath(method: string, path: string, isWatch: boolean): ParsedRequest {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { kind: 'root', path: '/api' };
    group = '';
    version = segments[1] ?? '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { kind: 'root', path: '/apis' };
    if (segments.length === 2) return { kind: 'group', group: segments[1] ?? '' };
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    rest = segments.slice(3);
  } else return { kind: 'other', path };
  if (rest.length === 0) return { kind: 'discovery', group, version };
  let watch = isWatch;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  const part = resourcePart(rest);
  const verb = watch ? 'watch' : verbOf(method, part.name !== '', false);
  return { kind: 'resource', request: { group, version, ...part, verb } };
}
