import type { TestClient } from '@infra-mcp/core/testing';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advisoryLocksSql, engineKinds, startEngine, type Engine } from './support/engines.js';
import { bypassAttacks as attacks, bypassFixtureSql, errorCode, pwned, textOf } from './support/fixtures.js';

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

  it('lets a STABLE function that lies run, but the advisory lock it takes does not outlive the call', async () => {
    await engine.admin(
      'CREATE FUNCTION liar() RETURNS int LANGUAGE plpgsql STABLE AS $$ BEGIN PERFORM pg_advisory_lock(4250); RETURN 1; END $$',
    );
    const result = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT liar()' } });
    expect(result.isError, textOf(result)).not.toBe(true);
    await expect
      .poll(async () => Number((await engine.admin(advisoryLocksSql))[0]?.n), {
        timeout: 10_000,
      })
      .toBe(0);
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
         (${advisoryLocksSql}) AS advisory_locks,
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
