import type { TestClient } from '@infra-mcp/core/testing';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineKinds, startEngine, type Engine } from './support/engines.js';
import { bypassFixtureSql, errorCode, textOf } from './support/fixtures.js';

const pwned = `/tmp/infra_mcp_pwned_${randomBytes(4).toString('hex')}`;

/**
 * Every published escape from the read-only modes of other PostgreSQL MCP
 * servers and SQL agents, plus the variants the issue names. The connection
 * role is a superuser and no read-only role is configured: the guarantee
 * must hold on the server's own layers.
 */
const attacks: { name: string; sql: string }[] = [
  // modelcontextprotocol/servers server-postgres: `pg` runs multi-statement strings over the simple protocol.
  { name: 'COMMIT; DROP TABLE after a harmless SELECT', sql: 'SELECT 1; COMMIT; DROP TABLE victim' },
  { name: 'COMMIT; DROP TABLE', sql: 'COMMIT; DROP TABLE victim;' },
  { name: 'END; DELETE', sql: 'END; DELETE FROM victim' },
  {
    name: 'ROLLBACK; BEGIN READ WRITE; DELETE (PostHog)',
    sql: 'ROLLBACK; BEGIN READ WRITE; DELETE FROM victim; COMMIT',
  },
  { name: 'a leading comment before COMMIT (pgEdge)', sql: '/* report */ COMMIT; DROP TABLE victim' },
  // pgAdmin CVE-2026-17351: a client lexer that disagrees with PostgreSQL about backslashes.
  { name: 'backslash-quote lexer confusion (pgAdmin)', sql: "SELECT 'a\\'; COMMIT; DROP TABLE victim; --'" },
  { name: 'SET TRANSACTION READ WRITE (pgEdge)', sql: 'SET TRANSACTION READ WRITE' },
  { name: 'SET SESSION CHARACTERISTICS', sql: 'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE' },
  { name: 'SET default_transaction_read_only', sql: 'SET default_transaction_read_only = off' },
  {
    name: 'set_config of the read-only default',
    sql: "SELECT set_config('default_transaction_read_only', 'off', false)",
  },
  // crystaldba/postgres-mcp #178: functions in FROM were never checked.
  { name: 'pg_read_file in FROM (Postgres MCP Pro)', sql: "SELECT * FROM pg_read_file('/etc/passwd')" },
  { name: 'pg_read_file in the select list', sql: "SELECT pg_read_file('/etc/passwd')" },
  { name: 'pg_read_file schema-qualified and quoted', sql: `SELECT "pg_catalog"."pg_read_file"('/etc/passwd')` },
  { name: 'pg_read_file in LATERAL', sql: "SELECT v.id FROM victim v, LATERAL pg_read_file('/etc/passwd') f" },
  { name: 'pg_read_file in ROWS FROM', sql: "SELECT * FROM ROWS FROM (pg_read_file('/etc/passwd'))" },
  { name: 'pg_read_binary_file', sql: "SELECT pg_read_binary_file('/etc/passwd')" },
  { name: 'pg_ls_dir', sql: "SELECT * FROM pg_ls_dir('.')" },
  { name: 'pg_stat_file', sql: "SELECT pg_stat_file('postgresql.conf')" },
  // apache/airflow #70134: SQL given as a string escapes a table-level check.
  {
    name: 'query_to_xml running a locking statement',
    sql: "SELECT query_to_xml('SELECT pg_advisory_lock(4301)', true, false, '')",
  },
  { name: 'ts_stat running SQL', sql: "SELECT * FROM ts_stat('SELECT to_tsvector(secret) FROM victim')" },
  { name: 'COPY TO PROGRAM (pgAdmin chain)', sql: "COPY victim TO PROGRAM 'id'" },
  { name: 'COPY to a server file', sql: `COPY victim TO '${pwned}'` },
  // Attribute notation: (x).f and row.f call f(x) without parentheses.
  { name: 'attribute notation (x).pg_sleep', sql: 'SELECT (x).pg_sleep FROM (VALUES (0.01)) AS t(x)' },
  { name: 'attribute notation through a subscript', sql: 'SELECT (ARRAY[x])[1].pg_sleep FROM (VALUES (0.01)) AS t(x)' },
  { name: 'attribute notation advancing a sequence', sql: "SELECT ('victim_id_seq'::regclass).nextval" },
  { name: 'attribute notation on a row (row.fn)', sql: 'SELECT v.lock_row FROM victim v' },
  // Functions anywhere in the tree.
  { name: 'pg_sleep in ORDER BY', sql: 'SELECT id FROM victim ORDER BY pg_sleep(0.01)' },
  {
    name: 'pg_advisory_lock in WHERE of a subquery',
    sql: 'SELECT * FROM victim WHERE id IN (SELECT 1 WHERE pg_advisory_lock(4302) IS NOT NULL)',
  },
  { name: 'pg_advisory_lock in a CTE', sql: 'WITH l AS (SELECT pg_advisory_lock(4303)) SELECT * FROM l' },
  { name: 'pg_try_advisory_lock', sql: 'SELECT pg_try_advisory_lock(4304)' },
  { name: 'pg_advisory_xact_lock', sql: 'SELECT pg_advisory_xact_lock(4305)' },
  {
    name: 'pg_terminate_backend',
    sql: 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()',
  },
  { name: 'pg_cancel_backend', sql: 'SELECT pg_cancel_backend(1)' },
  { name: 'pg_reload_conf', sql: 'SELECT pg_reload_conf()' },
  { name: 'pg_stat_reset', sql: 'SELECT pg_stat_reset()' },
  { name: 'nextval', sql: "SELECT nextval('victim_id_seq')" },
  { name: 'setval', sql: "SELECT setval('victim_id_seq', 1000)" },
  { name: 'txid_current assigns a transaction id', sql: 'SELECT txid_current()' },
  { name: 'lo_import', sql: "SELECT lo_import('/etc/passwd')" },
  { name: 'lo_export', sql: `SELECT lo_export(1, '${pwned}')` },
  { name: 'pg_notify', sql: "SELECT pg_notify('channel', 'payload')" },
  { name: 'setseed', sql: 'SELECT setseed(0.5)' },
  // Statements that are not SELECT.
  { name: 'DO block', sql: 'DO $$ BEGIN DELETE FROM victim; END $$' },
  { name: 'CALL a procedure', sql: 'CALL wipe()' },
  { name: 'LISTEN', sql: 'LISTEN channel' },
  { name: 'NOTIFY', sql: 'NOTIFY channel' },
  { name: 'VACUUM', sql: 'VACUUM victim' },
  { name: 'ANALYZE', sql: 'ANALYZE victim' },
  { name: 'CHECKPOINT', sql: 'CHECKPOINT' },
  { name: 'REINDEX', sql: 'REINDEX TABLE victim' },
  { name: 'CLUSTER', sql: 'CLUSTER victim USING victim_pkey' },
  { name: 'PREPARE', sql: 'PREPARE p AS DELETE FROM victim' },
  { name: 'DISCARD', sql: 'DISCARD ALL' },
  { name: 'LOCK TABLE', sql: 'LOCK TABLE victim IN ACCESS EXCLUSIVE MODE' },
  { name: 'CREATE TEMP TABLE', sql: 'CREATE TEMP TABLE t AS SELECT 1' },
  { name: 'EXPLAIN ANALYZE DELETE', sql: 'EXPLAIN ANALYZE DELETE FROM victim' },
  { name: 'writable CTE', sql: 'WITH d AS (DELETE FROM victim RETURNING *) SELECT * FROM d' },
  { name: 'SELECT INTO', sql: 'SELECT * INTO victim_copy FROM victim' },
  { name: 'FOR UPDATE', sql: 'SELECT * FROM victim FOR UPDATE' },
  { name: 'FOR SHARE in a subquery', sql: 'SELECT * FROM (SELECT * FROM victim FOR SHARE) s' },
  // Code the catalog hides behind a name: views, operators, casts, domains, aggregates, policies, user functions.
  { name: 'a VOLATILE user function', sql: 'SELECT sneaky_lock()' },
  { name: 'a view that takes an advisory lock', sql: 'SELECT * FROM sneaky_view' },
  { name: 'a view over that view', sql: 'SELECT x FROM nested_view' },
  { name: 'a user operator over a volatile function', sql: 'SELECT 1 === 1' },
  { name: 'a user cast over a volatile function', sql: 'SELECT (ROW(1, 2)::pair)::int' },
  { name: 'a domain whose check takes a lock', sql: 'SELECT 5::locked_int' },
  { name: 'an aggregate with a volatile transition function', sql: 'SELECT lock_sum(id) FROM victim' },
  { name: 'a row-level security policy that takes a lock', sql: 'SELECT * FROM guarded' },
];

describe.each(engineKinds)('read-only bypasses on %s', (kind) => {
  let engine: Engine;
  let session: TestClient;

  beforeAll(async () => {
    engine = await startEngine(kind, { mode: 'full' });
    await engine.admin(bypassFixtureSql);
    session = await engine.connect();
  });

  afterAll(async () => {
    await session?.close();
    await engine?.[Symbol.asyncDispose]();
  });

  it.each(attacks)('refuses $name and leaves the database as it was', async ({ sql }) => {
    const result = await session.client.callTool({ name: 'query', arguments: { sql } });
    expect(result.isError, textOf(result)).toBe(true);
    expect(['FORBIDDEN', 'INVALID_INPUT']).toContain(errorCode(result));
    await expectUntouched(engine);
  });

  it('refuses EXPLAIN ANALYZE of a DELETE through the explain tool, and the rows stay', async () => {
    const result = await session.client.callTool({
      name: 'explain',
      arguments: { sql: 'DELETE FROM victim', analyze: true },
    });
    expect(result.isError).toBe(true);
    await expectUntouched(engine);
  });

  it('names the function and the view it was reached through', async () => {
    const result = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT x FROM nested_view' } });
    expect(textOf(result)).toMatch(
      /pg_catalog\.pg_try_advisory_lock \(reached through view public\.sneaky_view\) takes or releases advisory locks/,
    );
  });

  async function expectUntouched(target: Engine): Promise<void> {
    const [state] = await target.admin(
      `SELECT (SELECT count(*) FROM victim) AS rows,
         (SELECT last_value FROM victim_id_seq) AS sequence,
         (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory') AS advisory_locks,
         to_regclass('victim_copy') IS NULL AS no_copy,
         current_setting('default_transaction_read_only') AS read_only_default`,
    );
    expect(Number(state?.rows)).toBe(3);
    expect(Number(state?.sequence)).toBe(3);
    expect(Number(state?.advisory_locks)).toBe(0);
    expect([true, 't']).toContain(state?.no_copy);
    expect(state?.read_only_default).toBe('off');
    expect(existsSync(pwned)).toBe(false);
  }
});
