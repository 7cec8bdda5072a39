import { connectClient } from '@infra-mcp/core/testing';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseServer, loadDatabaseConfig, loadSqlParser, type DatabaseConfig } from '../src/index.js';
import { callConfirmed, errorCode, structured, textOf } from './support/fixtures.js';

describe('the PGlite sandbox', () => {
  let dataDir: string;
  let config: DatabaseConfig;

  beforeAll(async () => {
    await loadSqlParser();
    dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-sandbox-'));
    config = loadDatabaseConfig({ env: {}, args: [], section: undefined, dataDir });
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is the connection when nothing is configured, and starts only when first used', async () => {
    expect(config.connections.map((connection) => [connection.name, connection.mode])).toEqual([['sandbox', 'full']]);
    const server = createDatabaseServer({ config, mode: 'destructive' });
    await using session = await connectClient(server);
    await session.client.listTools();
    expect(existsSync(join(dataDir, 'database', 'sandbox', 'pgdata'))).toBe(false);
    const about = structured<{ engine: string; connection: string }>(
      await session.client.callTool({ name: 'list_schemas', arguments: {} }),
    );
    expect(about.connection).toBe('sandbox');
    expect(about.engine).toMatch(/^sandbox: PGlite/);
    expect(existsSync(join(dataDir, 'database', 'sandbox', 'pgdata'))).toBe(true);
    await server.close();
  });

  it('is seeded with the sample shop schema once, and keeps changes across restarts', async () => {
    const first = createDatabaseServer({ config, mode: 'destructive' });
    await using one = await connectClient(first);
    const seeded = structured<{ rows: unknown[][] }>(
      await one.client.callTool({ name: 'query', arguments: { sql: 'SELECT count(*) FROM shop.customers' } }),
    );
    expect(seeded.rows).toEqual([[50]]);
    const insert = await callConfirmed(one.client, {
      name: 'execute',
      arguments: { sql: "INSERT INTO shop.customers (email, name) VALUES ('new@example.com', 'New')", dry_run: false },
    });
    expect(insert.isError, textOf(insert)).not.toBe(true);
    await first.close();

    const second = createDatabaseServer({ config });
    await using two = await connectClient(second);
    const after = structured<{ rows: unknown[][] }>(
      await two.client.callTool({ name: 'query', arguments: { sql: 'SELECT count(*) FROM shop.customers' } }),
    );
    expect(after.rows).toEqual([[51]]);
    await second.close();
  });

  it('falls back to an in-memory copy, and says so, when another server holds the files', async () => {
    const holder = createDatabaseServer({ config });
    await using held = await connectClient(holder);
    await held.client.callTool({ name: 'query', arguments: { sql: 'SELECT 1' } });
    const other = createDatabaseServer({ config });
    await using second = await connectClient(other);
    const about = structured<{ engine: string }>(await second.client.callTool({ name: 'list_schemas', arguments: {} }));
    expect(about.engine).toMatch(
      /in memory \(its files are in use by infra-mcp process \d+\): changes are lost on exit/,
    );
    const fresh = structured<{ rows: unknown[][] }>(
      await second.client.callTool({ name: 'query', arguments: { sql: 'SELECT count(*) FROM shop.customers' } }),
    );
    expect(fresh.rows).toEqual([[50]]);
    await other.close();
    await holder.close();
  });

  it('stops a runaway statement by restarting the engine, says why, and works again on the next call', async () => {
    const server = createDatabaseServer({ config });
    await using session = await connectClient(server);
    const runaway = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT count(*) FROM generate_series(1, 100000000000)', timeout_ms: 1500 },
    });
    expect(errorCode(runaway)).toBe('TIMEOUT');
    expect(textOf(runaway)).toMatch(/PGlite cannot cancel a running statement, so the sandbox engine was stopped/);
    const next = structured<{ rows: unknown[][] }>(
      await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT count(*) FROM shop.customers' } }),
    );
    expect(next.rows).toEqual([[51]]);
    await server.close();
  });

  it('keeps running after a tool refuses inside a read, and says there is no other session to cancel', async () => {
    const memory = createDatabaseServer({
      config: {
        ...config,
        connections: config.connections.map((c) => ({
          ...c,
          target: { kind: 'sandbox' as const, dataDir: undefined },
        })),
      },
      mode: 'destructive',
    });
    await using session = await connectClient(memory);
    const created = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: 'CREATE TABLE scratch (id int)', dry_run: false },
    });
    expect(created.isError, textOf(created)).not.toBe(true);
    const missing = await session.client.callTool({ name: 'top_queries', arguments: {} });
    expect(textOf(missing)).toMatch(/pg_stat_statements is not installed/);
    const cancel = await session.client.callTool({ name: 'cancel_query', arguments: { pid: 1 } });
    expect(textOf(cancel)).toMatch(/PGlite runs a single session/);
    const still = structured<{ rows: unknown[][] }>(
      await session.client.callTool({ name: 'query', arguments: { sql: "SELECT to_regclass('scratch') IS NOT NULL" } }),
    );
    expect(still.rows).toEqual([[true]]);
    await memory.close();
  });
});
