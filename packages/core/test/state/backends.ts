import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../../src/log.js';
import { openStateStore, type OpenStateStoreOptions } from '../../src/state/open-state-store.js';
import type { StateStore } from '../../src/state/store.js';

/** The PostgreSQL the tests use; each fixture gets its own throwaway schema in it. */
export const postgresTestUrl = process.env.INFRA_MCP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One disposable store on fresh, empty data. */
export interface StoreFixture extends AsyncDisposable {
  readonly store: StateStore;
  /** The settings that open this data again, as another process would. */
  readonly settings: Pick<OpenStateStoreOptions, 'url' | 'dataDir'>;
  /** Opens a second store on the same data (another process's view). */
  reopen(options?: Partial<OpenStateStoreOptions>): Promise<StateStore>;
}

/** A backend under test. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  create(options?: Partial<OpenStateStoreOptions>): Promise<StoreFixture>;
}

async function fixture(
  settings: StoreFixture['settings'],
  options: Partial<OpenStateStoreOptions>,
  cleanup: () => Promise<void>,
): Promise<StoreFixture> {
  const opened: StateStore[] = [];
  const open = async (extra: Partial<OpenStateStoreOptions> = {}): Promise<StateStore> => {
    const store = await openStateStore({ log: silentLogger, sweepIntervalMs: 0, ...settings, ...options, ...extra });
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    settings,
    reopen: open,
    [Symbol.asyncDispose]: async () => {
      for (const each of opened) await each.close();
      await cleanup();
    },
  };
}

/** The embedded backend on a temporary data directory, removed afterwards. */
export const sqliteBackend: Backend = {
  name: 'sqlite',
  create: async (options = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-state-'));
    return fixture({ dataDir }, options, async () => rmSync(dataDir, { recursive: true, force: true }));
  },
};

/** A schema name no other run uses. */
export function throwawaySchema(): string {
  return `infra_mcp_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a throwaway schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresTestUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The URL of `schema` in the test database. */
export function schemaUrl(schema: string): string {
  const url = new URL(postgresTestUrl);
  url.searchParams.set('schema', schema);
  return url.href;
}

/** The PostgreSQL backend on a throwaway schema, dropped afterwards. */
export const postgresBackend: Backend = {
  name: 'postgres',
  create: async (options = {}) => {
    const schema = throwawaySchema();
    const dataDir = join(tmpdir(), 'infra-mcp-unused');
    return fixture({ url: schemaUrl(schema), dataDir }, options, () => dropSchema(schema));
  },
};

/** Both backends, for suites that must hold on each. */
export const backends: readonly Backend[] = [sqliteBackend, postgresBackend];
