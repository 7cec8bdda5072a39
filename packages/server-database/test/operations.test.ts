import { connectClient, type TestClient } from '@infra-mcp/core/testing';
import { silentLogger } from '@infra-mcp/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseServer, Database } from '../src/index.js';
import { callConfirmed, errorCode, structured, textOf } from './support/fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

type Listing = Record<string, unknown>[];

describe('operations tools', () => {
  let db: TestDatabase;
  let database: Database;
  let session: TestClient;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('ops');
    await db.admin(`
      CREATE TABLE dup (x int); INSERT INTO dup VALUES (1), (1);
      CREATE TABLE counters (id serial PRIMARY KEY); SELECT setval('counters_id_seq', 2000000000);
      CREATE TABLE contested (id int); INSERT INTO contested VALUES (1);
      CREATE INDEX contested_a ON contested (id); CREATE INDEX contested_b ON contested (id);
    `);
    await db.admin('CREATE UNIQUE INDEX CONCURRENTLY dup_x ON dup (x)').catch(() => undefined);
    database = new Database({
      config: {
        connections: [
          db.connection({ name: 'watch', mode: 'read-only' }),
          db.connection({ name: 'ops', mode: 'full' }),
        ],
        defaultConnection: 'watch',
      },
      log: silentLogger,
    });
    session = await connectClient(createDatabaseServer({ database, mode: 'destructive' }));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await session?.close();
    await database?.close();
    await db?.[Symbol.asyncDispose]();
  });

  const call = (name: string, args: Record<string, unknown> = {}) =>
    callConfirmed(session.client, { name, arguments: args });

  async function openClient(): Promise<pg.Client> {
    const client = new pg.Client({
      host: '127.0.0.1',
      user: 'postgres',
      database: db.name,
      application_name: 'ops-test-victim',
    });
    client.on('error', () => undefined);
    await client.connect();
    clients.push(client);
    return client;
  }

  it('flags an invalid index as critical, duplicate indexes and a nearly exhausted int4 sequence', async () => {
    const result = structured<{ worst: string; findings: Listing }>(await call('health_check'));
    const finding = (check: string) => result.findings.find((item) => item.check === check);
    expect(finding('invalid_indexes')).toMatchObject({
      status: 'critical',
      details: [{ index: 'dup_x', table: 'dup' }],
    });
    expect(finding('duplicate_indexes')).toMatchObject({ status: 'warning' });
    expect(JSON.stringify(finding('duplicate_indexes')?.details)).toMatch(/contested_a.*contested_b/);
    expect(finding('sequences')).toMatchObject({ status: 'critical' });
    expect(result.worst).toBe('critical');
    expect(result.findings.map((item) => item.check)).toEqual([
      'cache_hit',
      'unused_indexes',
      'duplicate_indexes',
      'invalid_indexes',
      'bloat',
      'wraparound',
      'sequences',
      'connections',
      'long_transactions',
      'locks',
      'replication',
    ]);
  });

  it('runs only the checks asked for', async () => {
    const result = structured<{ findings: Listing }>(await call('health_check', { checks: ['connections'] }));
    expect(result.findings).toEqual([expect.objectContaining({ check: 'connections', status: 'ok' })]);
  });

  it('shows a running query with its text and age, and who blocks a waiting one, then cancels it on a full connection', async () => {
    const holder = await openClient();
    const waiter = await openClient();
    await holder.query('BEGIN; LOCK TABLE contested IN ACCESS EXCLUSIVE MODE');
    const waiting = waiter.query('SELECT * FROM contested').then(
      () => 'finished',
      (error: Error) => error.message,
    );
    const waiterPid = (waiter as unknown as { processID: number }).processID;
    const holderPid = (holder as unknown as { processID: number }).processID;

    await expect
      .poll(
        async () =>
          structured<{ sessions: Listing }>(await call('active_queries')).sessions.find((s) => s.pid === waiterPid)
            ?.waiting_on,
      )
      .toBe('Lock:relation');
    const active = structured<{ sessions: Listing }>(await call('active_queries'));
    expect(active.sessions.find((s) => s.pid === waiterPid)).toMatchObject({
      application: 'ops-test-victim',
      state: 'active',
      query: 'SELECT * FROM contested',
      blocked_by: [holderPid],
    });
    // Another session's SQL is anyone's text: the model reads it fenced as data.
    expect(textOf(await call('active_queries'))).toMatch(
      /<(untrusted-[0-9a-f]{8}) source="database">[\s\S]*SELECT \* FROM contested[\s\S]*<\/\1>/,
    );

    const locks = structured<{ waits: Listing }>(await call('locks'));
    expect(locks.waits).toContainEqual(
      expect.objectContaining({
        pid: waiterPid,
        wants: 'AccessShareLock',
        object: 'contested',
        blocked_by: [expect.objectContaining({ pid: holderPid })],
      }),
    );
    const health = structured<{ findings: Listing }>(await call('health_check', { checks: ['locks'] }));
    expect(health.findings[0]).toMatchObject({ check: 'locks', status: 'warning' });

    const refused = await call('cancel_query', { pid: waiterPid });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(textOf(refused)).toMatch(/needs a connection in full mode; watch is read-only/);

    const cancelled = structured<{ signalled: boolean; session: Record<string, unknown> }>(
      await call('cancel_query', { pid: waiterPid, connection: 'ops' }),
    );
    expect(cancelled).toMatchObject({ signalled: true, session: { query: 'SELECT * FROM contested' } });
    expect(await waiting).toMatch(/canceling statement due to user request/);
    await holder.query('ROLLBACK');
  });

  it('says when a pid is unknown, and refuses to signal a server process', async () => {
    const unknown = await call('cancel_query', { pid: 999_999, connection: 'ops' });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    const { rows } = await db.admin("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'");
    const checkpointer = (rows[0] as { pid: number } | undefined)?.pid;
    if (checkpointer === undefined) return;
    const refused = await call('cancel_query', { pid: checkpointer, connection: 'ops', terminate: true });
    expect(textOf(refused)).toMatch(/is a checkpointer process, not a client session/);
  });

  it('says how to enable pg_stat_statements when it is missing, and when it is not preloaded', async () => {
    const missing = await call('top_queries');
    expect(errorCode(missing)).toBe('UPSTREAM_UNAVAILABLE');
    expect(textOf(missing)).toMatch(/pg_stat_statements is not installed[\s\S]*shared_preload_libraries/);
    const { rows } = await db.admin("SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries'");
    if (String((rows[0] as { setting: string }).setting).includes('pg_stat_statements')) return;
    await db.admin('CREATE EXTENSION pg_stat_statements');
    const unloaded = await call('top_queries');
    expect(textOf(unloaded)).toMatch(/installed but not loaded/);
  });
});
