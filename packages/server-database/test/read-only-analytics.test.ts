import type { TestClient } from '@infra-mcp/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineKinds, startEngine, type Engine } from './support/engines.js';
import { bypassFixtureSql, structured, textOf } from './support/fixtures.js';

/** Queries analysts and SREs run every day; the read-only guard must let every one through. */
const analytics: { name: string; sql: string; params?: unknown[] }[] = [
  {
    name: 'window functions',
    sql: 'SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), rank() OVER (ORDER BY secret DESC) FROM victim',
  },
  {
    name: 'percentile_cont WITHIN GROUP',
    sql: 'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY id), mode() WITHIN GROUP (ORDER BY secret) FROM victim',
  },
  {
    name: 'a recursive CTE',
    sql: 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n',
  },
  { name: 'LATERAL with generate_series', sql: 'SELECT v.id, g FROM victim v, LATERAL generate_series(1, v.id) AS g' },
  {
    name: 'JSON functions',
    sql: `SELECT jsonb_build_object('id', id) -> 'id', json_agg(secret), jsonb_path_query_array('{"a":[1,2]}', '$.a[*]') FROM victim GROUP BY id`,
  },
  {
    name: 'random() and time functions',
    sql: 'SELECT random() < 1, now() <= clock_timestamp(), gen_random_uuid() IS NOT NULL',
  },
  { name: "the user's own STABLE function", sql: 'SELECT answer()' },
  {
    name: 'parameters and casts',
    sql: 'SELECT * FROM victim WHERE id = ANY ($1::int[]) AND secret <> $2',
    params: [[1, 2], 'z'],
  },
  { name: 'the statistics views', sql: 'SELECT count(*) FROM pg_stat_activity' },
  { name: 'the lock view', sql: 'SELECT count(*) FROM pg_locks' },
  {
    name: 'information_schema',
    sql: "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'victim'",
  },
  { name: 'sizes', sql: 'SELECT pg_size_pretty(pg_total_relation_size($1::regclass))', params: ['victim'] },
  { name: 'sequence state from pg_sequences', sql: 'SELECT last_value FROM pg_sequences' },
  { name: 'TABLE and VALUES', sql: 'TABLE victim' },
  {
    name: 'set operations and DISTINCT ON',
    sql: 'SELECT DISTINCT ON (x) x FROM (SELECT 1 AS x UNION ALL SELECT 1 EXCEPT SELECT 2) s',
  },
  { name: 'TABLESAMPLE', sql: 'SELECT count(*) >= 0 FROM victim TABLESAMPLE SYSTEM (50)' },
  { name: 'a composite column through attribute notation', sql: 'SELECT (p).a FROM (SELECT ROW(1, 2)::pair AS p) s' },
  { name: 'a STABLE function through attribute notation', sql: 'SELECT v.answer_for FROM victim v' },
];

describe.each(engineKinds)('read-only analytics on %s', (kind) => {
  let engine: Engine;
  let session: TestClient;

  beforeAll(async () => {
    engine = await startEngine(kind, { mode: 'full' });
    await engine.admin(bypassFixtureSql);
    await engine.admin('CREATE FUNCTION answer_for(victim) RETURNS int LANGUAGE sql STABLE AS $$ SELECT 42 $$');
    session = await engine.connect();
  });

  afterAll(async () => {
    await session?.close();
    await engine?.[Symbol.asyncDispose]();
  });

  it('can rely on built-in operators calling only non-volatile functions, which the catalog check skips', async () => {
    const [row] = await engine.admin(
      "SELECT count(*) AS n FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode WHERE o.oid < 16384 AND p.provolatile = 'v'",
    );
    expect(Number(row?.n)).toBe(0);
  });

  it.each(analytics)('runs $name', async ({ sql, params }) => {
    const result = await session.client.callTool({ name: 'query', arguments: { sql, ...(params ? { params } : {}) } });
    expect(result.isError, textOf(result)).not.toBe(true);
    expect(structured<{ rows: unknown[] }>(result).rows.length).toBeGreaterThan(0);
  });
});

describe('read-only analytics with extensions on postgres', () => {
  let engine: Engine;
  let session: TestClient;

  beforeAll(async () => {
    engine = await startEngine('postgres', { mode: 'full' });
    await engine.admin('CREATE EXTENSION pg_trgm; CREATE EXTENSION dblink; CREATE EXTENSION tablefunc;');
    await engine.admin("CREATE TABLE words (w text); INSERT INTO words VALUES ('postgres'), ('postgis'), ('mysql')");
    session = await engine.connect();
  });

  afterAll(async () => {
    await session?.close();
    await engine?.[Symbol.asyncDispose]();
  });

  it("runs pg_trgm's similarity() and its % operator", async () => {
    const result = await session.client.callTool({
      name: 'query',
      arguments: { sql: "SELECT w, similarity(w, 'postgre') FROM words WHERE w % 'postgre' ORDER BY 2 DESC" },
    });
    expect(structured<{ rows: unknown[][] }>(result).rows[0]?.[0]).toBe('postgres');
  });

  it("refuses pg_trgm's set_limit, which changes a session setting", async () => {
    const result = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT set_limit(0.1)' } });
    expect(textOf(result)).toMatch(/public\.set_limit changes settings/);
  });

  it('refuses dblink, which reaches other servers', async () => {
    const result = await session.client.callTool({
      name: 'query',
      arguments: { sql: "SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(x int)" },
    });
    expect(textOf(result)).toMatch(/public\.dblink reaches other servers/);
  });

  it("refuses tablefunc's crosstab, which runs SQL given as a string", async () => {
    const result = await session.client.callTool({
      name: 'query',
      arguments: { sql: "SELECT * FROM crosstab('SELECT 1, 1, 1') AS t(a int, b int)" },
    });
    expect(textOf(result)).toMatch(/crosstab runs SQL given as a string/);
  });
});
