import { ToolError, modeAllows, modeFor, type ServerMode, type ToolClass } from '@infra-mcp/core';
import { describeResource, type RequestInfo } from './request-info.js';

/** What the operator allows, enforced on every request to every cluster. */
export interface AccessSettings {
  mode: ServerMode;
  /** Namespace patterns (`*` wildcards) that may be touched; empty means every namespace. */
  namespaces: readonly string[];
  /** Namespace patterns that may never be touched; wins over `namespaces`. */
  deniedNamespaces: readonly string[];
  /** Resources never touched: `secrets`, `roles.rbac.authorization.k8s.io`, or `*.rbac.authorization.k8s.io`. */
  deniedResources: readonly string[];
  /** Whether `pods/exec` is allowed at all. */
  exec: boolean;
  /** Whether `pods/portforward` is allowed at all. */
  portForward: boolean;
}

/** The policy every request passes: context-free, pure, and the same for every tool. */
export interface AccessPolicy {
  /** Throws FORBIDDEN when the request may not be made. */
  check(info: RequestInfo): void;
  /** Whether objects in `namespace` may be shown or touched. */
  namespaceAllowed(namespace: string): boolean;
  /** Whether lists that span namespaces must have items of other namespaces removed. */
  readonly filtersNamespaces: boolean;
  /** The class of a request: what it would do to the cluster. */
  classOf(info: RequestInfo): ToolClass;
}

/** Subresources no tool may reach: they tunnel to arbitrary endpoints or mint credentials. */
const forbiddenSubresources = new Set(['attach', 'proxy', 'token']);
/** Creates that only ask the API server a question about the caller. */
const reviewResources = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

/** Builds the policy from the operator's settings. */
export function createAccessPolicy(settings: AccessSettings): AccessPolicy {
  const allow = settings.namespaces.map(globToRegExp);
  const deny = settings.deniedNamespaces.map(globToRegExp);
  const namespaceAllowed = (namespace: string): boolean =>
    !deny.some((pattern) => pattern.test(namespace)) &&
    (allow.length === 0 || allow.some((pattern) => pattern.test(namespace)));
  const policy: AccessPolicy = {
    namespaceAllowed,
    filtersNamespaces: allow.length > 0 || deny.length > 0,
    classOf: classOfRequest,
    check: (info) => {
      if (!info.resourceRequest) {
        if (info.verb !== 'get' && info.verb !== 'head') refuse(`${info.method} ${info.path} is not a read`);
        return;
      }
      checkResource(info, settings);
      if (info.namespace !== '' && !namespaceAllowed(info.namespace)) {
        refuse(`namespace ${info.namespace} is outside the namespaces this server may touch`, {
          hint: 'Use a namespace the operator allowed (contexts_list shows the allowed namespaces).',
        });
      }
      const requestClass = classOfRequest(info);
      if (!modeAllows(settings.mode, requestClass)) {
        refuse(
          `${info.verb} ${describeResource(info)} is ${requestClass === 'read' ? 'a read' : `a ${requestClass}`}, and the server runs in ${settings.mode} mode`,
          { hint: `Ask the operator for --mode ${modeFor(requestClass)}, or use dryRun.` },
        );
      }
    },
  };
  return policy;
}

function checkResource(info: RequestInfo, settings: AccessSettings): void {
  if (info.verb === 'watch') refuse('watch requests are not made by this server');
  // `proxy/admin/…`: the subresource is the first segment; the rest is the tunnelled path.
  if (forbiddenSubresources.has(info.subresource.split('/')[0] ?? ''))
    refuse(`${describeResource(info)} is never reachable through this server`);
  if (info.subresource === 'exec' && !settings.exec) {
    refuse('exec into pods is disabled', { hint: 'The operator enables it with INFRA_MCP_KUBERNETES_EXEC=true.' });
  }
  if (info.subresource === 'portforward' && !settings.portForward) {
    refuse('port-forwarding is disabled', {
      hint: 'The operator enables it (stdio only) with INFRA_MCP_KUBERNETES_PORT_FORWARD=true.',
    });
  }
  const denied = settings.deniedResources.find((entry) => resourceMatches(entry, info));
  if (denied !== undefined) refuse(`${describeResource(info)} is denied by this server's policy (${denied})`);
}

/** `secrets` matches core secrets; `x.group` matches resource x of group; `*.group` matches the whole group. */
function resourceMatches(entry: string, info: RequestInfo): boolean {
  const dot = entry.indexOf('.');
  const resource = dot === -1 ? entry : entry.slice(0, dot);
  const group = dot === -1 ? '' : entry.slice(dot + 1);
  return (resource === '*' || resource === info.resource) && group === info.group;
}

function classOfRequest(info: RequestInfo): ToolClass {
  if (!info.resourceRequest) return 'read';
  // A shell in a container or a tunnel to it can change anything the container can.
  if (info.subresource === 'exec' || info.subresource === 'portforward') return 'write';
  switch (info.verb) {
    case 'get':
    case 'list':
    case 'watch':
      return 'read';
    case 'create':
      if (info.dryRun || reviewResources.has(info.resource)) return 'read';
      return info.subresource === 'eviction' ? 'destructive' : 'write';
    case 'delete':
    case 'deletecollection':
      return info.dryRun ? 'read' : 'destructive';
    default:
      return info.dryRun ? 'read' : 'write';
  }
}

function refuse(message: string, options: { hint?: string } = {}): never {
  throw new ToolError('FORBIDDEN', `Refused by the server's policy: ${message}.`, options);
}

/** `team-*` → /^team-.*$/; every other character is literal. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}
