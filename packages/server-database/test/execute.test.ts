import { connectClient } from '@infra-mcp/core/testing';
import { createLogger, silentLogger } from '@infra-mcp/core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseServer, Database, loadSqlParser } from '../src/index.js';
import { summarizeExecute } from '../src/tools/execute.js';
import { callConfirmed, errorCode, structured, textOf } from './support/fixtures.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

interface ExecuteOutput {
  dryRun: boolean;
  command: string;
  target: string;
  rowCount: number | null;
  returning?: { columns: { name: string }[]; rows: unknown[][] };
  plan?: string;
  notice: string;
}

describe('execute', () => {
  let db: TestDatabase;
  let database: Database;
  const logLines: string[] = [];

  beforeAll(async () => {
    await loadSqlParser();
    db = await createTestDatabase('execute');
    database = new Database({
      config: {
        connections: [
          db.connection({ name: 'reader', mode: 'read-only' }),
          db.connection({ name: 'app', mode: 'dml', lockTimeoutMs: 300 }),
          db.connection({ name: 'admin', mode: 'full' }),
        ],
        defaultConnection: 'app',
      },
      log: silentLogger,
    });
  });

  beforeEach(async () => {
    await db.admin(
      "DROP TABLE IF EXISTS items CASCADE; CREATE TABLE items (id serial PRIMARY KEY, label text UNIQUE, price numeric); INSERT INTO items (label, price) VALUES ('a', 1), ('b', 2), ('c', 3)",
    );
  });

  afterEach(() => {
    logLines.length = 0;
  });

  afterAll(async () => {
    await database?.close();
    await db?.[Symbol.asyncDispose]();
  });

  const serve = (mode: 'read-only' | 'write' | 'destructive') =>
    connectClient(
      createDatabaseServer({
        database,
        mode,
        log: createLogger({ level: 'info', sink: (line) => logLines.push(line) }),
      }),
    );
  const state = async () => {
    const { rows } = await db.admin(
      'SELECT (SELECT json_agg(json_build_array(id, label, price) ORDER BY id) FROM items) AS items, (SELECT last_value FROM items_id_seq) AS sequence',
    );
    return rows[0] as { items: unknown[]; sequence: string };
  };

  it('is not listed while the server is read-only', async () => {
    await using session = await serve('read-only');
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name)).not.toContain('execute');
  });

  it('refuses even a dry run on a read-only connection, leaving rows and sequences alone', async () => {
    await using session = await serve('write');
    const before = await state();
    const result = await session.client.callTool({
      name: 'execute',
      arguments: { sql: "INSERT INTO items (label) VALUES ('d')", connection: 'reader' },
    });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(textOf(result)).toMatch(/Connection reader is read-only/);
    expect(await state()).toEqual(before);
  });

  it('dry-runs an UPDATE: affected rows, RETURNING rows and the plan, then rolls back', async () => {
    await using session = await serve('write');
    const before = await state();
    const result = structured<ExecuteOutput>(
      await session.client.callTool({
        name: 'execute',
        arguments: { sql: 'UPDATE items SET price = price * 10 WHERE price >= $1 RETURNING id, price', params: [2] },
      }),
    );
    expect(result).toMatchObject({ dryRun: true, command: 'UPDATE', target: 'items', rowCount: 2 });
    expect(result.returning?.rows).toEqual([
      [2, 20],
      [3, 30],
    ]);
    expect(result.plan).toMatch(/Update on items/);
    expect(result.notice).toMatch(/rolled back, nothing changed \(2 rows would be affected\)/);
    expect(await state()).toEqual(before);
  });

  it('needs destructive mode for a real run', async () => {
    await using session = await serve('write');
    const result = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: "DELETE FROM items WHERE label = 'a'", dry_run: false },
    });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(textOf(result)).toMatch(/destructive/);
    expect((await state()).items).toHaveLength(3);
  });

  it('commits a real run only after a person confirms it, and records it in the history', async () => {
    await using session = await serve('destructive');
    const request = {
      name: 'execute',
      arguments: { sql: "DELETE FROM items WHERE label IN ('a', 'b')", dry_run: false },
    };
    const asked = structured<{ confirmation_required: boolean; summary: string }>(
      await session.client.callTool(request),
    );
    expect(asked).toMatchObject({
      confirmation_required: true,
      summary: "Commit on connection app: DELETE items — DELETE FROM items WHERE label IN ('a', 'b')",
    });
    expect((await state()).items).toHaveLength(3);
    const result = structured<ExecuteOutput>(await callConfirmed(session.client, request));
    expect(result).toMatchObject({ dryRun: false, command: 'DELETE', rowCount: 2, notice: 'Committed: 2 rows.' });
    expect((await state()).items).toEqual([[3, 'c', 3]]);
    expect(
      logLines.some((line) => line.includes('"msg":"history"') && line.includes('DELETE items on app: 2 rows')),
    ).toBe(true);
  });

  it('applies nothing when one row of a statement fails', async () => {
    await using session = await serve('destructive');
    const before = await state();
    const result = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: "INSERT INTO items (label) VALUES ('x'), ('y'), ('a')", dry_run: false },
    });
    expect(errorCode(result)).toBe('CONFLICT');
    expect(textOf(result)).toMatch(/duplicate key value violates unique constraint "items_label_key".*\(label\)=\(a\)/);
    expect((await state()).items).toEqual(before.items);
  });

  it('keeps DDL to full connections', async () => {
    await using session = await serve('destructive');
    const refused = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: 'DROP TABLE items', dry_run: false },
    });
    expect(textOf(refused)).toMatch(/dml mode, which allows INSERT, UPDATE, DELETE and MERGE; this is DROP TABLE/);
    const created = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: 'CREATE TABLE audit (id int)', dry_run: false, connection: 'admin' },
    });
    expect(created.isError, textOf(created)).not.toBe(true);
    const { rows } = await db.admin("SELECT to_regclass('audit') IS NOT NULL AS exists");
    expect(rows[0]).toEqual({ exists: true });
    await db.admin('DROP TABLE audit');
  });

  it('dry-runs DDL on a full connection without keeping it', async () => {
    await using session = await serve('write');
    const result = structured<ExecuteOutput>(
      await session.client.callTool({ name: 'execute', arguments: { sql: 'DROP TABLE items', connection: 'admin' } }),
    );
    expect(result).toMatchObject({ command: 'DROP TABLE', target: 'items', dryRun: true });
    expect((await state()).items).toHaveLength(3);
  });

  it('refuses COPY to a program even on a full connection', async () => {
    await using session = await serve('destructive');
    const result = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: "COPY items TO PROGRAM 'cat'", connection: 'admin', dry_run: false },
    });
    expect(textOf(result)).toMatch(/runs a shell command on the database host/);
  });

  it('explains that a command which cannot run in a transaction is not possible here', async () => {
    await using session = await serve('destructive');
    const result = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: 'VACUUM items', connection: 'admin', dry_run: false },
    });
    expect(textOf(result)).toMatch(
      /cannot run inside a transaction block[\s\S]*every call runs in one so nothing is half-applied/,
    );
  });

  it('checks the functions a write calls on a dml connection, but lets sequences advance', async () => {
    await using session = await serve('destructive');
    const refused = await session.client.callTool({
      name: 'execute',
      arguments: { sql: "UPDATE items SET label = pg_read_file('/etc/hostname')" },
    });
    expect(textOf(refused)).toMatch(/pg_read_file reads, lists or writes files/);
    const inserted = await callConfirmed(session.client, {
      name: 'execute',
      arguments: { sql: "INSERT INTO items (id, label) VALUES (nextval('items_id_seq'), 'd')", dry_run: false },
    });
    expect(inserted.isError, textOf(inserted)).not.toBe(true);
  });

  it('gives up on a lock after the connection lock timeout instead of queueing behind it', async () => {
    const holder = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: db.name });
    await holder.connect();
    try {
      await holder.query('BEGIN; LOCK TABLE items IN ACCESS EXCLUSIVE MODE');
      await using session = await serve('write');
      const result = await session.client.callTool({
        name: 'execute',
        arguments: { sql: "UPDATE items SET label = 'z' WHERE id = 1" },
      });
      expect(errorCode(result)).toBe('TIMEOUT');
      expect(textOf(result)).toMatch(/lock timeout[\s\S]*locks tool/);
    } finally {
      await holder.end();
    }
  });

  it('summarizes a real run for the person confirming it: connection, command, target, statement and params', () => {
    expect(
      summarizeExecute(
        { sql: 'DELETE FROM   shop.orders\n WHERE id = $1', params: [42], dry_run: false, connection: 'prod' },
        'main',
      ),
    ).toBe('Commit on connection prod: DELETE shop.orders — DELETE FROM shop.orders WHERE id = $1 with params [42]');
    expect(summarizeExecute({ sql: 'TRUNCATE audit', dry_run: false }, 'main')).toBe(
      'Commit on connection main: TRUNCATE audit — TRUNCATE audit',
    );
  });
});
