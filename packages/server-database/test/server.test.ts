import { connectClient } from '@infra-mcp/core/testing';
import { createLogger } from '@infra-mcp/core';
import { describe, expect, it } from 'vitest';
import { createDatabaseServer, loadDatabaseConfig, type DatabaseConfig } from '../src/index.js';
import { errorCode, textOf } from './support/fixtures.js';

const config = (password?: string, database = 'postgres'): DatabaseConfig =>
  loadDatabaseConfig({
    env: {
      INFRA_MCP_DATABASE_URL: `postgres://postgres${password === undefined ? '' : `:${password}`}@127.0.0.1:5432/${database}`,
      INFRA_MCP_DATABASE_SANDBOX: 'on',
    },
    args: [],
    section: undefined,
    dataDir: '/nonexistent',
  });

describe('the database server', () => {
  it.each([
    [
      'read-only',
      [
        'list_schemas',
        'list_objects',
        'describe_object',
        'search_objects',
        'query',
        'explain',
        'top_queries',
        'health_check',
        'active_queries',
        'locks',
      ],
    ],
    ['write', ['execute']],
    ['destructive', ['execute', 'cancel_query']],
  ] as const)('lists the tools %s mode allows', async (mode, expected) => {
    await using session = await connectClient(createDatabaseServer({ config: config(), mode }));
    const names = (await session.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining([...expected]));
    if (mode === 'read-only') expect(names).toHaveLength(10);
  });

  it('marks reads read-only, execute a write and cancel_query destructive', async () => {
    await using session = await connectClient(createDatabaseServer({ config: config(), mode: 'destructive' }));
    const { tools } = await session.client.listTools();
    // As a client reads them: hints left out take the MCP spec's defaults.
    const defaults = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
    const hints = Object.fromEntries(tools.map((tool) => [tool.name, { ...defaults, ...tool.annotations }]));
    expect(hints.query).toMatchObject({ readOnlyHint: true });
    expect(hints.execute).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(hints.cancel_query).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  it('tells the model which connections exist, their modes, and that the sandbox is one', async () => {
    await using session = await connectClient(createDatabaseServer({ config: config() }));
    expect(session.client.getInstructions()).toMatch(
      /Connections: main \(read-only\), sandbox \(full, an embedded sandbox with sample data\); the first is the default\./,
    );
  });

  it('never shows or logs a password, even when PostgreSQL repeats it in an error', async () => {
    const secret = 's3cr3t-pass';
    const lines: string[] = [];
    const server = createDatabaseServer({
      config: config(secret, `db_${secret}`),
      log: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    });
    await using session = await connectClient(server);
    const result = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT 1' } });
    expect(errorCode(result)).toBe('UPSTREAM_UNAVAILABLE');
    expect(textOf(result)).toMatch(/database "db_\*\*\*" does not exist/);
    const listing = await session.client.callTool({ name: 'list_schemas', arguments: {} });
    expect(JSON.stringify([result, listing, lines])).not.toContain(secret);
    await server.close();
  });
});
