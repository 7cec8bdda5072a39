import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../config.js';
import type { Logger } from '../log.js';
import { isLoopbackHost } from '../transport/http-util.js';
import { expositionContentType } from './exposition.js';

/** Options for {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** What to serve: anything that renders the exposition text (a `Metrics`). */
  metrics: { render(): string };
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  log: Logger;
  /** Serve on a non-loopback address; only when the operator asked for that host explicitly. */
  allowNonLoopback?: boolean;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` in Prometheus text format 0.0.4 on its own port, and
 * nothing else. Binds loopback unless told otherwise; on loopback it also
 * refuses requests whose `Host` is not a loopback name, so a web page cannot
 * read it through DNS rebinding.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const loopback = isLoopbackHost(options.host);
  if (!loopback && options.allowNonLoopback !== true)
    throw new ConfigError(
      `refusing to serve metrics on ${options.host}, which is reachable from other hosts: set INFRA_MCP_METRICS_HOST=${options.host} to mean it`,
    );
  const server = createServer((request, response) => respond(request, response, options, loopback));
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(describeListenError(error, options)));
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const reachable = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  options.log.info('serving metrics', { url: `http://${host}:${port}/metrics` });
  return {
    url: `http://${reachable}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function respond(
  request: IncomingMessage,
  response: ServerResponse,
  options: MetricsServerOptions,
  loopback: boolean,
): void {
  const path = (request.url ?? '/').split('?')[0];
  if (loopback && !hostHeaderIsLoopback(request.headers.host))
    return sendText(response, 403, 'Forbidden: this metrics endpoint only answers requests addressed to localhost.\n');
  if (path !== '/metrics') return sendText(response, 404, 'Not found: metrics are served at /metrics.\n');
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return sendText(response, 405, 'Method not allowed: use GET.\n', { allow: 'GET, HEAD' });
  let body: string;
  try {
    body = options.metrics.render();
  } catch (error) {
    options.log.error('rendering metrics failed', { error });
    return sendText(response, 500, 'Rendering metrics failed; the server log has the details.\n');
  }
  response.writeHead(200, {
    'content-type': expositionContentType,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function hostHeaderIsLoopback(host: string | undefined): boolean {
  // HTTP/1.0 clients may send no Host; a browser (the rebinding threat) always sends one.
  if (host === undefined || host === '') return true;
  try {
    return isLoopbackHost(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

function describeListenError(error: NodeJS.ErrnoException, options: MetricsServerOptions): Error {
  if (error.code === 'EADDRINUSE')
    return new ConfigError(
      `metrics port ${options.port} on ${options.host} is in use: set INFRA_MCP_METRICS_PORT to a free port, or to off`,
    );
  if (error.code === 'EADDRNOTAVAIL')
    return new ConfigError(
      `cannot serve metrics on ${options.host}, which is not an address of this machine: fix INFRA_MCP_METRICS_HOST`,
    );
  return error;
}
