import { Client } from '@modelcontextprotocol/client';
import {
  InMemoryTransport,
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  Server,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { type Metrics } from '../../src/index.js';
import { createMetrics } from '../../src/metrics.js';
import { parseExposition, valueOf } from './exposition-parser.js';

/**
 * An SDK server whose request handlers are wrapped the way buildServer wraps
 * its own: each non-tool method in `timeOperation`, and a `tools/call` that
 * names no known tool timed as `_unknown` (known tools are timed by
 * metricsMiddleware inside the chain).
 */
function createTimedServer(metrics: Metrics): Server {
  const server = new Server({ name: 'timed', version: '1.0.0' }, { capabilities: { tools: {}, resources: {} } });
  const target = (method: string) => ({ method, server: 'demo' });
  server.setRequestHandler('tools/list', () =>
    metrics.timeOperation(target('tools/list'), async () => ({ tools: [] })),
  );
  server.setRequestHandler('tools/call', (request) =>
    metrics.timeOperation(target('tools/call'), async () => {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }),
  );
  server.setRequestHandler('resources/read', (request) =>
    metrics.timeOperation(target('resources/read'), async () => {
      throw new ResourceNotFoundError(request.params.uri);
    }),
  );
  return server;
}

async function connect(metrics: Metrics): Promise<Client & AsyncDisposable> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createTimedServer(metrics);
  await server.connect(serverSide);
  const client = new Client({ name: 'metrics-test', version: '0.0.0' });
  await client.connect(clientSide);
  return Object.assign(client, {
    [Symbol.asyncDispose]: async () => {
      await client.close();
      await server.close();
    },
  });
}

const count = 'mcp_server_operation_duration_seconds_count';

describe('operations timed in request handlers, through a real client', () => {
  it('records each tools/list without an error type', async () => {
    const metrics = createMetrics({ transport: 'pipe', processMetrics: false });
    await using client = await connect(metrics);
    await client.listTools();
    await client.listTools();
    const scraped = parseExposition(metrics.render());
    expect(valueOf(scraped, count, { mcp_method_name: 'tools/list', error_type: '', network_transport: 'pipe' })).toBe(
      2,
    );
  });

  it('records a call of a tool the server lacks under _unknown, never the name the client sent', async () => {
    const metrics = createMetrics({ transport: 'pipe', processMetrics: false });
    await using client = await connect(metrics);
    await expect(client.callTool({ name: 'drop_tables_zz', arguments: { sql: 'zz_secret' } })).rejects.toThrow(
      /Unknown tool/,
    );
    const text = metrics.render();
    expect(text).not.toContain('zz_');
    const scraped = parseExposition(text);
    expect(valueOf(scraped, count, { gen_ai_tool_name: '_unknown', error_type: '-32602' })).toBe(1);
  });

  it('records a missing resource with the JSON-RPC code the client received', async () => {
    const metrics = createMetrics({ transport: 'pipe', processMetrics: false });
    await using client = await connect(metrics);
    const read = client.readResource({ uri: 'file:///zz_private/report.pdf' });
    const code = await read.then(
      () => undefined,
      (error: { code?: number }) => error.code,
    );
    expect(code).toBe(ProtocolErrorCode.InvalidParams);
    const scraped = parseExposition(metrics.render());
    expect(valueOf(scraped, count, { mcp_method_name: 'resources/read', error_type: '-32602' })).toBe(1);
    expect(metrics.render()).not.toContain('zz_private');
  });
});
