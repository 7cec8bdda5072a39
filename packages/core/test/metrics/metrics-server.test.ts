import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, silentLogger, type MetricsServer, type MetricsServerOptions } from '../../src/index.js';
import { createMetrics, startMetricsServer } from '../../src/metrics.js';
import { parseExposition } from './exposition-parser.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can set the Host header (fetch forbids it). */
function send(url: string, options: { method?: string; host?: string; path?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? target.pathname,
        method: options.method ?? 'GET',
        headers: options.host === undefined ? {} : { host: options.host },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function serve(options: Partial<MetricsServerOptions> = {}): Promise<MetricsServer & AsyncDisposable> {
  const metrics = createMetrics({ transport: 'tcp', processMetrics: false });
  metrics.authFailure('expired');
  const server = await startMetricsServer({ metrics, host: '127.0.0.1', port: 0, log: silentLogger, ...options });
  return { ...server, [Symbol.asyncDispose]: () => server.close() };
}

describe('the metrics endpoint', () => {
  it('serves the registry at /metrics as Prometheus text 0.0.4', async () => {
    await using server = await serve();
    const answer = await send(server.url);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(parseExposition(answer.body).get('infra_mcp_auth_failures_total')?.samples).toHaveLength(1);
  });

  it('answers HEAD with headers only and ignores a query string', async () => {
    await using server = await serve();
    const head = await send(server.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await send(server.url, { path: '/metrics?name[]=x' })).status).toBe(200);
  });

  it.each(['/', '/metrics/', '/healthz', '/mcp/demo', '/../metrics'])('serves nothing at %s', async (path) => {
    await using server = await serve();
    expect((await send(server.url, { path })).status).toBe(404);
  });

  it('refuses other methods on /metrics and says which are allowed', async () => {
    await using server = await serve();
    const answer = await send(server.url, { method: 'POST' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('refuses a request addressed to another host name while bound to loopback (DNS rebinding)', async () => {
    await using server = await serve();
    expect((await send(server.url, { host: 'attacker.example:9464' })).status).toBe(403);
    expect((await send(server.url, { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await send(server.url, { host: `[::1]:${server.port}` })).status).toBe(200);
  });

  it('refuses to bind a non-loopback address unless the operator chose it', async () => {
    const metrics = createMetrics({ transport: 'tcp', processMetrics: false });
    const attempt = startMetricsServer({ metrics, host: '0.0.0.0', port: 0, log: silentLogger });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(attempt).rejects.toThrow(/INFRA_MCP_METRICS_HOST=0\.0\.0\.0/);
  });

  it('serves any Host once the operator chose a non-loopback address, as a Prometheus scraping the pod IP needs', async () => {
    await using server = await serve({ host: '0.0.0.0', allowNonLoopback: true });
    expect((await send(server.url, { host: `10.1.2.3:${server.port}` })).status).toBe(200);
  });

  it('names the variable to change when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(serve({ port })).rejects.toThrow(
        /metrics port \d+ on 127\.0\.0\.1 is in use: set INFRA_MCP_METRICS_PORT/,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
