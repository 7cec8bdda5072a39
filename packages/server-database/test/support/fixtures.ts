import { ERROR_META_KEY } from '@infra-mcp/core';
import { randomBytes } from 'node:crypto';

/** A server-side path no attack may create. */
export const pwned = `/tmp/infra_mcp_pwned_${randomBytes(4).toString('hex')}`;

/** A function that writes, for layers that must stop writes made from inside a SELECT. */
export const writingFunctionSql = `CREATE FUNCTION write_row() RETURNS int LANGUAGE sql VOLATILE AS $$ INSERT INTO victim (secret) VALUES ('x') RETURNING id $$;`;

/** Objects the bypass suite attacks and inspects, each hiding a side effect behind a catalog name. */
export const bypassFixtureSql = `
CREATE TABLE victim (id serial PRIMARY KEY, secret text NOT NULL);
INSERT INTO victim (secret) VALUES ('a'), ('b'), ('c');
CREATE FUNCTION sneaky_lock() RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4242); RETURN 1; END $$;
CREATE FUNCTION lock_row(victim) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4249); RETURN 1; END $$;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 42 $$;
CREATE VIEW sneaky_view AS SELECT pg_try_advisory_lock(4243) AS locked, 1 AS x;
CREATE VIEW nested_view AS SELECT x FROM sneaky_view;
CREATE FUNCTION eq_lock(int, int) RETURNS bool LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4244); RETURN $1 = $2; END $$;
CREATE OPERATOR === (FUNCTION = eq_lock, LEFTARG = int, RIGHTARG = int);
CREATE DOMAIN locked_int AS int CHECK (VALUE > 0 AND pg_try_advisory_lock(4245));
CREATE FUNCTION lock_sfunc(int, int) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4246); RETURN coalesce($1, 0) + $2; END $$;
CREATE AGGREGATE lock_sum(int) (SFUNC = lock_sfunc, STYPE = int);
CREATE TYPE pair AS (a int, b int);
CREATE FUNCTION pair_to_int(pair) RETURNS int LANGUAGE plpgsql VOLATILE AS $$ BEGIN PERFORM pg_advisory_lock(4247); RETURN ($1).a; END $$;
CREATE CAST (pair AS int) WITH FUNCTION pair_to_int(pair);
CREATE TABLE guarded (id int);
INSERT INTO guarded VALUES (1);
CREATE POLICY lock_policy ON guarded USING (pg_try_advisory_lock(4248));
ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
ALTER TABLE guarded FORCE ROW LEVEL SECURITY;
CREATE PROCEDURE wipe() LANGUAGE sql AS $$ DELETE FROM victim $$;
`;

interface ToolResult {
  content?: unknown;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  structuredContent?: unknown;
}

/** The text the model reads from a tool result. */
export function textOf(result: ToolResult): string {
  const content = Array.isArray(result.content) ? (result.content as { type: string; text?: string }[]) : [];
  return content.map((item) => item.text ?? '').join('\n');
}

/** The infra-mcp error code of an error result. */
export function errorCode(result: ToolResult): string | undefined {
  const meta = result._meta?.[ERROR_META_KEY] as { code?: string } | undefined;
  return meta?.code;
}

/** A client that can call tools. */
export interface ToolCaller {
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<ToolResult>;
}

/**
 * Calls a destructive tool the way a client without elicitation does: the
 * first call is answered with a confirmation token (a person would approve
 * the summary here), the second carries it. A call refused before any
 * confirmation (a precheck) is returned as is.
 */
export async function callConfirmed(
  client: ToolCaller,
  request: { name: string; arguments: Record<string, unknown> },
): Promise<ToolResult> {
  const first = await client.callTool(request);
  const asked = first.structuredContent as { confirmation_required?: boolean; confirmation_token?: string } | undefined;
  if (asked?.confirmation_required !== true) return first;
  return client.callTool({
    ...request,
    arguments: { ...request.arguments, confirmation_token: asked.confirmation_token },
  });
}

/** The structured result of a successful call, failing the test with its text otherwise. */
export function structured<T = Record<string, unknown>>(result: ToolResult): T {
  if (result.isError === true) throw new Error(`expected success, got: ${textOf(result)}`);
  return result.structuredContent as T;
}

/**
 * Every published escape from the read-only modes of other PostgreSQL MCP
 * servers and SQL agents, plus the variants the issue names. The connection
 * role is a superuser and no read-only role is configured: the guarantee
 * must hold on the server's own layers.
 */
export const bypassAttacks: { name: string; sql: string }[] = [
  // modelcontextprotocol/servers server-postgres: `pg` runs multi-statement strings over the simple protocol.
  { name: 'COMMIT; DROP TABLE after a harmless SELECT', sql: 'SELECT 1; COMMIT; DROP TABLE victim CASCADE' },
  { name: 'COMMIT; DROP TABLE', sql: 'COMMIT; DROP TABLE victim CASCADE;' },
  { name: 'END; DELETE', sql: 'END; DELETE FROM victim' },
  {
    name: 'ROLLBACK; BEGIN READ WRITE; DELETE (PostHog)',
    sql: 'ROLLBACK; BEGIN READ WRITE; DELETE FROM victim; COMMIT',
  },
  { name: 'a leading comment before COMMIT (pgEdge)', sql: '/* report */ COMMIT; DROP TABLE victim CASCADE' },
  // pgAdmin CVE-2026-17351: a client lexer that disagrees with PostgreSQL about backslashes.
  { name: 'backslash-quote lexer confusion (pgAdmin)', sql: "SELECT 'a\\'; COMMIT; DROP TABLE victim CASCADE; --'" },
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
