import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startHttpHost, type HttpHost } from '../src/transport/http.js';
import { createDemoServer } from './fixtures/demo-server.js';

let host: HttpHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(maxBodyBytes = 64 * 1024): Promise<HttpHost> {
  host = await startHttpHost({
    servers: [createDemoServer(new Map([['a', 'one']]))],
    host: '127.0.0.1',
    port: 0,
    log: silentLogger,
    maxBodyBytes,
  });
  return host;
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
  });

/** fetch cannot set Host; node:http can. */
function rawStatus(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the HTTP host', () => {
  it.each(['legacy', 'modern'] as const)('serves a %s-era client at /mcp/<server>', async (era) => {
    const { endpoint } = await start();
    const client = new Client(
      { name: 't', version: '0' },
      era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint('demo'))));
    const result = await client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    expect(result.structuredContent).toEqual({ key: 'a', value: 'one' });
    expect(client.getProtocolEra()).toBe(era);
    await client.close();
  });

  it('answers health and readiness probes', async () => {
    const { url } = await start();
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', servers: { demo: 'ready' } });
  });

  it('rejects a request whose Host is not this machine (DNS rebinding)', async () => {
    const { endpoint } = await start();
    const status = await rawStatus(endpoint('demo'), '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', {
      host: 'evil.example:7700',
    });
    expect(status).toBe(403);
  });

  it('rejects a browser request from a foreign origin', async () => {
    const { endpoint } = await start();
    const response = await post(endpoint('demo'), '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
  });

  it('refuses a body over the limit before parsing it', async () => {
    const { endpoint } = await start(2048);
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'get_value', arguments: { key: 'x'.repeat(4096) } },
    });
    const response = await post(endpoint('demo'), big);
    expect(response.status).toBe(413);
  });

  it('answers an unknown path with 404 naming the endpoints', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/mcp/nope`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('/mcp/demo');
  });
});

describe('the HTTP host fast path', () => {
  const call = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'get_value', arguments: { key: 'a' }, ...extra },
    });

  it('answers a single 2025-era request with a plain JSON body', async () => {
    const { endpoint } = await start();
    const response = await post(endpoint('demo'), call());
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 7,
      result: { structuredContent: { key: 'a', value: 'one' } },
    });
  });

  it('turns the answer into an event stream when the tool reports progress first', async () => {
    const { endpoint } = await start();
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'list_values', arguments: {}, _meta: { progressToken: 'p1' } },
    });
    const response = await post(endpoint('demo'), body);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((event) => JSON.parse(event.replace(/^event: message\ndata: /, '')) as { method?: string; id?: number });
    expect(events.map((event) => event.method ?? event.id)).toEqual(['notifications/progress', 7]);
  });

  it('streams progress to a 2026-era client before its answer', async () => {
    const { endpoint } = await start();
    const client = new Client({ name: 't', version: '0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new StreamableHTTPClientTransport(new URL(endpoint('demo'))));
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'list_values', arguments: {} },
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(result.structuredContent).toEqual({ entries: [{ key: 'a', value: 'one' }] });
    await client.close();
  });

  it('still refuses a client that does not accept both JSON and event streams', async () => {
    const { endpoint } = await start();
    const response = await fetch(endpoint('demo'), {
      method: 'POST',
      body: call(),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(response.status).toBe(406);
  });
});
