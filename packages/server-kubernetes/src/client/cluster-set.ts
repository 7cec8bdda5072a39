import { ToolError, type CircuitBreaker } from '@infra-mcp/core';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WebSocketInterface } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { createAccessPolicy, type AccessPolicy, type AccessSettings } from './access-policy.js';
import { DispatcherCache } from './dispatchers.js';
import { createGuard, type Guard } from './guarded-http.js';
import { createKubeClient, redactUrl, type KubeClient, type StreamClients } from './kube-client.js';
import { createSecretTagger } from './secret-redaction.js';

/** Where the kubeconfig comes from: files (merged like kubectl merges KUBECONFIG), or the pod's service account. */
export type KubeconfigSource = { kind: 'files'; paths: readonly string[] } | { kind: 'in-cluster' };

/** Everything the cluster set needs, parsed from config. */
export interface ClusterSetOptions {
  source: KubeconfigSource;
  /** Contexts that may be used; undefined allows every context of the kubeconfig. */
  contexts?: readonly string[] | undefined;
  /** The context used when a call names none; the kubeconfig's current context by default. */
  defaultContext?: string | undefined;
  access: AccessSettings;
  requestTimeoutMs: number;
  /** A circuit breaker per context, so one unreachable cluster fails fast without slowing the others. */
  breaker: (name: string) => CircuitBreaker;
}

/** One context as contexts_list shows it: never credentials. */
export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  namespace: string;
  user: string;
  current: boolean;
  allowed: boolean;
}

/** The clusters of a kubeconfig, each behind its own guard. */
export interface ClusterSet {
  readonly policy: AccessPolicy;
  /** The client of `context` (the default context when undefined). */
  client(context?: string): Promise<KubeClient>;
  contexts(): Promise<ContextInfo[]>;
  /** The namespace rules in one line: `all`, or the allowed and denied patterns. */
  describeNamespaces(): string;
  close(): Promise<void>;
}

/** Creates the cluster set; the kubeconfig is read on first use, never written. */
export function createClusterSet(options: ClusterSetOptions): ClusterSet {
  const policy = createAccessPolicy(options.access);
  const tagger = createSecretTagger();
  const dispatchers = new DispatcherCache();
  const clients = new Map<string, KubeClient>();
  let loaded: Promise<KubeConfig> | undefined;
  const load = (): Promise<KubeConfig> => (loaded ??= loadKubeconfig(options.source));
  const allowed = (name: string): boolean => options.contexts === undefined || options.contexts.includes(name);

  const client = async (requested?: string): Promise<KubeClient> => {
    const config = await load();
    const name = requested ?? options.defaultContext ?? config.getCurrentContext();
    const existing = clients.get(name);
    if (existing !== undefined) return existing;
    const context = config.getContextObject(name);
    if (context === null) {
      throw new ToolError('NOT_FOUND', `The kubeconfig has no context named ${name || '(none)'}.`, {
        hint: 'contexts_list shows the contexts this server may use.',
      });
    }
    if (!allowed(name)) {
      throw new ToolError('FORBIDDEN', `Refused by the server's policy: context ${name} is not allowed.`, {
        hint: 'contexts_list shows the contexts this server may use.',
      });
    }
    const { KubeConfig } = await import('./client-node.js');
    const own = new KubeConfig();
    own.loadFromOptions({
      clusters: config.clusters,
      users: config.users,
      contexts: config.contexts,
      currentContext: name,
    });
    const cluster = own.getCurrentCluster();
    const guard = createGuard({
      context: name,
      config: own,
      cluster,
      policy,
      tagger,
      breaker: options.breaker(`kubernetes:${name}`),
      dispatchers,
      timeoutMs: options.requestTimeoutMs,
    });
    const created = createKubeClient({
      guard,
      server: cluster?.server ?? '',
      namespace: context.namespace ?? 'default',
      streams: async () => guardedStreams(guard, own, cluster?.server ?? ''),
    });
    clients.set(name, created);
    return created;
  };

  return {
    policy,
    client,
    contexts: async () => {
      const config = await load();
      const current = options.defaultContext ?? config.getCurrentContext();
      return config.getContexts().map((context) => ({
        name: context.name,
        cluster: context.cluster,
        server: redactUrl(config.getCluster(context.cluster)?.server ?? ''),
        namespace: context.namespace ?? 'default',
        user: context.user,
        current: context.name === current,
        allowed: allowed(context.name),
      }));
    },
    describeNamespaces: () => {
      const { namespaces, deniedNamespaces } = options.access;
      if (namespaces.length === 0 && deniedNamespaces.length === 0) return 'all';
      return [
        namespaces.length === 0 ? 'all' : `only ${namespaces.join(', ')}`,
        deniedNamespaces.length === 0 ? '' : `never ${deniedNamespaces.join(', ')}`,
      ]
        .filter(Boolean)
        .join('; ');
    },
    close: () => dispatchers.close(),
  };
}

/** client-node's exec and port-forward behind the guard: every WebSocket passes the same policy first. */
async function guardedStreams(guard: Guard, config: KubeConfig, server: string): Promise<StreamClients> {
  const { Exec, PortForward, WebSocketHandler } = await import('./client-node.js');
  const handler = new WebSocketHandler(config);
  const guarded: WebSocketInterface = {
    connect: async (path, text, binary) => {
      guard.authorize('GET', new URL(path, server));
      return handler.connect(path, text, binary);
    },
  };
  return { exec: new Exec(config, guarded), portForward: new PortForward(config, true, guarded) };
}

async function loadKubeconfig(source: KubeconfigSource): Promise<KubeConfig> {
  // client-node takes most of a second to import, so it loads on the first call, not at start.
  const { KubeConfig } = await import('./client-node.js');
  const config = new KubeConfig();
  if (source.kind === 'in-cluster') {
    config.loadFromCluster();
    return config;
  }
  for (const [index, path] of source.paths.entries()) {
    const next = new KubeConfig();
    try {
      next.loadFromFile(path);
    } catch (error) {
      // The parser's message quotes the file, which may hold credentials: name the file only.
      throw new ToolError('INVALID_INPUT', `The kubeconfig ${path} cannot be read or is not valid YAML.`, {
        hint: 'Fix the file, or point KUBECONFIG at a valid kubeconfig.',
        cause: error,
      });
    }
    if (index === 0)
      config.loadFromOptions({
        clusters: next.clusters,
        users: next.users,
        contexts: next.contexts,
        currentContext: next.getCurrentContext(),
      });
    else config.mergeConfig(next, true);
  }
  return config;
}
