import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStateStore } from '../../src/state/open-state-store.js';
import type { StateStore } from '../../src/state/store.js';
import { dropSchema, postgresTestUrl, schemaUrl, throwawaySchema } from './backends.js';

const schemas: string[] = [];
const stores: StateStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

function newSchema(): string {
  const schema = throwawaySchema();
  schemas.push(schema);
  return schema;
}

async function open(url: string): Promise<StateStore> {
  const store = await openStateStore({ url, dataDir: '/nonexistent', log: silentLogger, sweepIntervalMs: 0 });
  stores.push(store);
  return store;
}

async function openError(url: string): Promise<ConfigError> {
  const error: unknown = await open(url).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgresTestUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL state schema', () => {
  it('is migrated exactly once when replicas start together', async () => {
    const schema = newSchema();
    const replicas = await Promise.all(Array.from({ length: 4 }, () => open(schemaUrl(schema))));
    await replicas[0]!.putNote({ namespace: 'k8s', owner: 'alice', key: 'k', value: 'v' });
    expect((await replicas[3]!.getNote({ namespace: 'k8s', owner: 'alice', key: 'k' }))?.value).toBe('v');
    expect(await sql(`SELECT version FROM "${schema}".schema_version`)).toEqual([{ version: 1 }]);
  });

  it('refuses a schema written by a newer infra-mcp and keeps its data', async () => {
    const schema = newSchema();
    const first = await open(schemaUrl(schema));
    await first.putNote({ namespace: 'k8s', owner: 'alice', key: 'precious', value: 'v' });
    await sql(`INSERT INTO "${schema}".schema_version (version) VALUES (7)`);
    const error = await openError(schemaUrl(schema));
    expect(error.message).toMatch(/written by a newer infra-mcp \(schema v7; this version knows up to v1\)/);
    expect(await sql(`SELECT key FROM "${schema}".notes`)).toEqual([{ key: 'precious' }]);
  });

  it('refuses a schema that holds tables of another application', async () => {
    const schema = newSchema();
    await sql(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".orders (id int)`);
    const error = await openError(schemaUrl(schema));
    expect(error.message).toMatch(/not an infra-mcp state store.*\?schema=/);
    expect(await sql(`SELECT count(*)::int AS n FROM "${schema}".orders`)).toEqual([{ n: 0 }]);
  });

  it('says where it could not connect without showing the password', async () => {
    const error = await openError('postgres://app:s3cret-pw@127.0.0.1:1/state');
    expect(error.message).toMatch(/cannot open the state store at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/state/);
    expect(error.message).toMatch(/check INFRA_MCP_STATE_URL/);
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    const error = await openError(`${postgresTestUrl}?schema=${encodeURIComponent('x"; DROP TABLE y; --')}`);
    expect(error.message).toMatch(/INFRA_MCP_STATE_URL names the schema/);
  });
});
