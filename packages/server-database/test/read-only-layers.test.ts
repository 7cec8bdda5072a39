import type { TestClient } from '@infra-mcp/core/testing';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadLayers } from '../src/index.js';
import { advisoryLocksSql, engineKinds, startEngine, type Engine } from './support/engines.js';
import { bypassAttacks, bypassFixtureSql, textOf, writingFunctionSql } from './support/fixtures.js';

/** Every layer off but `layer` (rollback off means COMMIT): what that layer stops, it stops alone. */
function only(layer: keyof ReadLayers | undefined): ReadLayers {
  const none: ReadLayers = {
    extendedProtocol: false,
    readOnlyTransaction: false,
    readOnlyRole: false,
    statementCheck: false,
    rollback: false,
  };
  return layer === undefined ? none : { ...none, [layer]: true };
}

describe.each(engineKinds)('each read-only layer on its own, on %s', (kind) => {
  const open: (Engine | TestClient)[] = [];

  afterEach(async () => {
    for (const resource of open.splice(0).reverse())
      await ('client' in resource ? resource.close() : resource[Symbol.asyncDispose]());
  });

  async function setUp(
    layer: keyof ReadLayers | undefined,
    role?: string,
  ): Promise<{ engine: Engine; session: TestClient }> {
    const engine = await startEngine(kind, {
      mode: 'full',
      layers: only(layer),
      ...(role === undefined ? {} : { connection: { readOnlyRole: role } }),
    });
    open.push(engine);
    await engine.admin(`${bypassFixtureSql}\n${writingFunctionSql}`);
    const session = await engine.connect();
    open.push(session);
    return { engine, session };
  }

  const victimRows = async (engine: Engine): Promise<number | undefined> => {
    const [row] = await engine.admin("SELECT count(*) AS n FROM pg_class WHERE relname = 'victim'");
    if (Number(row?.n) === 0) return undefined;
    const [count] = await engine.admin('SELECT count(*) AS n FROM victim');
    return Number(count?.n);
  };

  it('without any layer, a stacked DROP TABLE goes through (the attack is real)', async () => {
    const { engine, session } = await setUp(undefined);
    await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT 1; DROP TABLE victim CASCADE' } });
    expect(await victimRows(engine)).toBeUndefined();
  });

  it('layer 1, the extended protocol, refuses a stacked second statement', async () => {
    const { engine, session } = await setUp('extendedProtocol');
    const result = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT 1; DROP TABLE victim CASCADE' },
    });
    expect(textOf(result)).toMatch(/cannot insert multiple commands into a prepared statement/);
    expect(await victimRows(engine)).toBe(3);
  });

  it('layer 2, BEGIN READ ONLY, stops a write made inside a SELECT', async () => {
    const { engine, session } = await setUp('readOnlyTransaction');
    const write = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT write_row()' } });
    expect(textOf(write)).toMatch(/read-only transaction/);
    const sequence = await session.client.callTool({
      name: 'query',
      arguments: { sql: "SELECT nextval('victim_id_seq')" },
    });
    expect(textOf(sequence)).toMatch(/read-only transaction/);
    const analyze = await session.client.callTool({
      name: 'explain',
      arguments: { sql: 'DELETE FROM victim', analyze: true },
    });
    expect(textOf(analyze)).toMatch(/read-only transaction/);
    expect(await victimRows(engine)).toBe(3);
  });

  it('layer 3, the read-only role, stops a write the role has no grant for', async () => {
    const role = `reader_${randomBytes(3).toString('hex')}`;
    const { engine, session } = await setUp('readOnlyRole', role);
    await engine.admin(
      `CREATE ROLE ${role} NOLOGIN; GRANT SELECT ON victim TO ${role}; GRANT EXECUTE ON FUNCTION write_row() TO ${role}`,
    );
    try {
      const write = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT write_row()' } });
      expect(textOf(write)).toMatch(/permission denied for table victim/);
      const analyze = await session.client.callTool({
        name: 'explain',
        arguments: { sql: 'DELETE FROM victim', analyze: true },
      });
      expect(textOf(analyze)).toMatch(/permission denied/);
      expect(await victimRows(engine)).toBe(3);
    } finally {
      await engine.admin(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });

  it('layer 4, the parse-tree and catalog check, refuses every published bypass before it runs', async () => {
    const { engine, session } = await setUp('statementCheck');
    for (const { sql } of bypassAttacks) {
      const result = await session.client.callTool({ name: 'query', arguments: { sql } });
      expect(result.isError, `${sql}: ${textOf(result)}`).toBe(true);
    }
    const [locks] = await engine.admin(advisoryLocksSql);
    expect(Number(locks?.n)).toBe(0);
    const [sequence] = await engine.admin('SELECT last_value FROM victim_id_seq');
    expect(Number(sequence?.last_value)).toBe(3);
    expect(await victimRows(engine)).toBe(3);
  });

  it('layer 5, ROLLBACK, undoes a write made inside a SELECT', async () => {
    const { engine, session } = await setUp('rollback');
    const result = await session.client.callTool({ name: 'query', arguments: { sql: 'SELECT write_row()' } });
    expect(result.isError, textOf(result)).not.toBe(true);
    expect(await victimRows(engine)).toBe(3);
  });

  it('layer 5 discards a session left holding an advisory lock, so the lock does not outlive the call', async () => {
    const { engine, session } = await setUp('rollback');
    const result = await session.client.callTool({
      name: 'query',
      arguments: { sql: 'SELECT pg_advisory_lock(7777)' },
    });
    expect(result.isError, textOf(result)).not.toBe(true);
    await expect.poll(async () => Number((await engine.admin(advisoryLocksSql))[0]?.n), { timeout: 10_000 }).toBe(0);
  });
});
