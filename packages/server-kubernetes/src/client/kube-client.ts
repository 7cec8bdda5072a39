import { ToolError } from '@infra-mcp/core';
import type { ApiConstructor, ApiType, Exec, PortForward } from '@kubernetes/client-node';
import { createDiscovery, type Discovery } from './discovery.js';
import type { Guard } from './guarded-http.js';

/** Query values; arrays repeat the key, undefined is left out. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

/** client-node's streaming clients, bound to one context's guard. */
export interface StreamClients {
  exec: Exec;
  portForward: PortForward;
}

/** One request, as tools describe it. */
export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute API path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Query;
  /** A JSON value, or text sent as-is (YAML for server-side apply). */
  body?: unknown;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal | undefined;
}

/** A client for one kubeconfig context; every request goes through that context's guard. */
export interface KubeClient {
  readonly context: string;
  /** The context's namespace, or `default`. */
  readonly namespace: string;
  /** The cluster's API server URL, without credentials. */
  readonly server: string;
  readonly guard: Guard;
  readonly discovery: Discovery;
  /** Sends a request and returns the sanitized JSON body. */
  request<T = unknown>(request: KubeRequest): Promise<T>;
  /** Sends a request whose answer is text (pod logs). */
  text(request: KubeRequest): Promise<string>;
  /** A generated client-node API whose requests pass the same guard. */
  api<T extends ApiType>(type: ApiConstructor<T>): Promise<T>;
  /** client-node's exec and port-forward over WebSockets whose every connection passes the guard's policy first. */
  streams(): Promise<StreamClients>;
}

/** Builds the client of one context around its guard. */
export function createKubeClient(options: {
  guard: Guard;
  server: string;
  namespace: string;
  streams: () => Promise<StreamClients>;
}): KubeClient {
  const base = options.server.replace(/\/+$/, '');
  const send = async (request: KubeRequest): Promise<unknown> => {
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json' };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
      headers['Content-Type'] = request.contentType ?? 'application/json';
    }
    const response = await options.guard.send({
      method: request.method ?? 'GET',
      url: `${base}${request.path}${queryString(request.query)}`,
      headers,
      body,
      signal: request.signal,
    });
    return response.body;
  };
  const client: KubeClient = {
    context: options.guard.context,
    namespace: options.namespace,
    server: redactUrl(options.server),
    guard: options.guard,
    discovery: createDiscovery((request) => send(request)),
    request: async <T>(request: KubeRequest) => (await send(request)) as T,
    text: async (request) => {
      const body = await send({ ...request, accept: request.accept ?? '*/*' });
      if (typeof body !== 'string') throw new ToolError('INTERNAL', `Expected text from ${request.path}`);
      return body;
    },
    streams: options.streams,
    api: async (type) => {
      // Loaded on use: client-node's generated code takes most of a second to import.
      const { createConfiguration, ServerConfiguration, wrapHttpLibrary } = await import('./client-node.js');
      const { guardHttpLibrary } = await import('./http-library.js');
      return new type(
        createConfiguration({
          baseServer: new ServerConfiguration(base, {}),
          httpApi: wrapHttpLibrary(guardHttpLibrary(options.guard)),
          authMethods: {},
        }),
      );
    },
  };
  return client;
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A server URL fit to show: no user info, no query. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<unparseable server URL>';
  }
}
