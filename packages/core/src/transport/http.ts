import {
  hostHeaderValidation,
  originValidation,
  toNodeHandler,
  type NodeMcpRequestHandler,
} from '@modelcontextprotocol/node';
import { createMcpHandler, type AuthInfo, type McpHttpHandler } from '@modelcontextprotocol/server';
import { createServer, type IncomingMessage, type Server as NodeHttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import { anonymousLoopbackPrincipal, type Principal } from '../principal.js';
import type { InfraServer } from '../server.js';
import { isLoopbackHost, sendJson } from './http-util.js';
import { serveLegacyJson } from './legacy-json.js';
import { serveModernFetch } from './modern-fetch.js';

/** The outcome of authenticating one HTTP request. */
export type Authentication = { principal: Principal } | { respond: (response: ServerResponse) => void };

/** One MCP request as an authenticator sees it. */
export interface AuthRequest {
  readonly request: IncomingMessage;
  /** The server the request is addressed to (`/mcp/<name>`). */
  readonly server: InfraServer;
  /** The parsed JSON-RPC body (a message or a batch); `undefined` for GET and DELETE. */
  readonly body: unknown;
  /** The externally visible base URL, without a trailing slash. */
  readonly publicUrl: string;
}

/** Resolves the caller of an MCP request (API key, OAuth token), or answers it (401/403). */
export type Authenticator = (context: AuthRequest) => Promise<Authentication>;

/** Where an extra route is being asked to answer. */
export interface RouteContext {
  readonly url: URL;
  /** The externally visible base URL, without a trailing slash. */
  readonly publicUrl: string;
}

/** Answers a request outside `/mcp/*` (e.g. OAuth metadata); returns false to fall through to 404. */
export type ExtraRoute = (
  request: IncomingMessage,
  response: ServerResponse,
  context: RouteContext,
) => boolean | Promise<boolean>;

/** Options for {@link startHttpHost}. */
export interface HttpHostOptions {
  servers: readonly InfraServer[];
  host: string;
  port: number;
  log: Logger;
  maxBodyBytes: number;
  /** The externally visible base URL; its host name is allowed in `Host` and `Origin`. */
  publicUrl?: string;
  /** More host names allowed in `Host` and `Origin` (behind a proxy, in a cluster). */
  allowedHosts?: readonly string[];
  /** Without one, every caller is the anonymous loopback principal (allowed only on loopback binds). */
  authenticate?: Authenticator;
  extraRoutes?: readonly ExtraRoute[];
}

/** A running HTTP host. */
export interface HttpHost {
  /** Base URL, e.g. `http://127.0.0.1:7700`. */
  readonly url: string;
  readonly port: number;
  /** The externally visible base URL: `publicUrl` when given, else {@link url}. */
  readonly publicUrl: string;
  readonly server: NodeHttpServer;
  /** `/mcp/<name>` URL of each served server. */
  endpoint(name: string): string;
  close(): Promise<void>;
}

/**
 * Serves every server over stateless Streamable HTTP at `/mcp/<name>`, both
 * protocol eras, with `Host`/`Origin` validation against DNS rebinding, a
 * request body limit, `/healthz` and `/readyz`.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const allowed = allowedHostnames(options);
  const checkHost = hostHeaderValidation(allowed);
  const checkOrigin = originValidation(allowed);
  const endpoints = new Map(options.servers.map((server) => [server.name, endpointHandler(server, options)]));
  const byName = new Map(options.servers.map((server) => [server.name, server]));
  const authenticate = options.authenticate ?? (async () => ({ principal: anonymousLoopbackPrincipal }));
  // Known only once listening (port 0 picks one); requests arrive after that.
  let publicUrl = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
    if (url.pathname === '/readyz') return sendReadiness(response, options.servers);
    const match = /^\/mcp\/([a-z][a-z0-9-]*)\/?$/.exec(url.pathname);
    const endpoint = match === null ? undefined : endpoints.get(match[1]!);
    if (endpoint !== undefined && match !== null) {
      if (!checkHost(request, response) || !checkOrigin(request, response)) return;
      const body = await readBody(request, response, options.maxBodyBytes);
      if (body === rejected) return;
      const server = byName.get(match[1]!)!;
      const authentication = await authenticate({ request, server, body, publicUrl });
      if ('respond' in authentication) return authentication.respond(response);
      // The credential has done its job: nothing past this point (the SDK, tools, upstream calls) may see it.
      delete request.headers.authorization;
      const authInfo = authInfoFor(authentication.principal);
      if (await serveLegacyJson(server, authentication.principal, authInfo, request, response, body)) return;
      if (await serveModernFetch(endpoint.handler, authInfo, request, response, body)) return;
      (request as IncomingMessage & { auth?: AuthInfo }).auth = authInfo;
      return endpoint.node(request, response, body);
    }
    for (const route of options.extraRoutes ?? []) if (await route(request, response, { url, publicUrl })) return;
    sendJson(response, 404, {
      error: 'not_found',
      message: `No route ${url.pathname}; MCP endpoints are ${[...endpoints.keys()].map((name) => `/mcp/${name}`).join(', ')}`,
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error('http request failed', { error, path: request.url });
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error' });
      else response.end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostForUrl === '0.0.0.0' || hostForUrl === '[::]' ? '127.0.0.1' : hostForUrl}:${port}`;
  publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  return {
    url,
    port,
    publicUrl,
    server,
    endpoint: (name) => `${url}/mcp/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** One server's MCP endpoint: the SDK handler, and its Node adapter for what the fast paths leave. */
interface Endpoint {
  handler: McpHttpHandler;
  node: NodeMcpRequestHandler;
}

function endpointHandler(server: InfraServer, options: HttpHostOptions): Endpoint {
  const handler = createMcpHandler(
    ({ era, authInfo }) => server.createInstance({ era, principal: principalOf(authInfo) }),
    {
      maxRequestBodySize: options.maxBodyBytes,
      onerror: (error) => options.log.debug('mcp request rejected', { server: server.name, error: error.message }),
    },
  );
  const node = toNodeHandler(handler, {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => options.log.warn('mcp handler failed', { error }),
  });
  return { handler, node };
}

const principalKey = 'infra-mcp/principal';

/** AuthInfo carrying the resolved principal. The caller's token is deliberately left out: it is never passed on. */
function authInfoFor(principal: Principal): AuthInfo {
  return {
    token: '',
    clientId: principal.id,
    scopes: principal.scopes === 'all' ? [] : [...principal.scopes],
    extra: { [principalKey]: principal },
  };
}

function principalOf(authInfo: AuthInfo | undefined): Principal {
  const principal = authInfo?.extra?.[principalKey] as Principal | undefined;
  return principal ?? anonymousLoopbackPrincipal;
}

function allowedHostnames(options: HttpHostOptions): string[] {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (!isLoopbackHost(options.host) && options.host !== '0.0.0.0' && options.host !== '::')
    names.add(options.host.includes(':') ? `[${options.host}]` : options.host);
  if (options.publicUrl !== undefined) names.add(new URL(options.publicUrl).hostname);
  for (const host of options.allowedHosts ?? []) names.add(host);
  return [...names];
}

const rejected = Symbol('rejected');

async function readBody(request: IncomingMessage, response: ServerResponse, maxBytes: number): Promise<unknown> {
  if (request.method !== 'POST') return undefined;
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    sendJson(response, 413, {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: `Request body over the ${maxBytes}-byte limit` },
    });
    request.resume();
    return rejected;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      sendJson(response, 413, {
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, message: `Request body over the ${maxBytes}-byte limit` },
      });
      return rejected;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    sendJson(response, 400, {
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: the body is not valid JSON' },
    });
    return rejected;
  }
}

async function sendReadiness(response: ServerResponse, servers: readonly InfraServer[]): Promise<void> {
  const checks = await Promise.all(
    servers.map(async (server) => {
      try {
        await Promise.race([
          server.ready(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('readiness check timed out')), 2000).unref()),
        ]);
        return [server.name, 'ready'] as const;
      } catch (error) {
        return [server.name, `not ready: ${(error as Error).message}`] as const;
      }
    }),
  );
  const ready = checks.every(([, state]) => state === 'ready');
  sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', servers: Object.fromEntries(checks) });
}
