import { connectClient, type TestClient } from '@infra-mcp/core/testing';
import { silentLogger } from '@infra-mcp/core';
import {
  createDatabaseServer,
  Database,
  loadSqlParser,
  type ConnectionConfig,
  type ConnectionMode,
} from '../../src/index.js';
import type { ReadLayers } from '../../src/session/read-guard.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

/**
 * Advisory locks held in the engine's own database. pg_locks shows the whole
 * cluster, where other tests (core's state store migrations, for one) take
 * advisory locks of their own at any moment.
 */
export const advisoryLocksSql =
  "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

/** The two engines every read-only test runs against. */
export const engineKinds = ['postgres', 'pglite'] as const;

/** A database to attack and inspect: the server's session layer, and a side door for setup and checks. */
export interface Engine extends AsyncDisposable {
  readonly kind: (typeof engineKinds)[number];
  readonly database: Database;
  /** Runs setup or inspection SQL with full rights, outside the checks under test (a separate session on PostgreSQL). */
  admin(sql: string): Promise<Record<string, unknown>[]>;
  /** Connects a real MCP client to a server over this engine. */
  connect(options?: { mode?: 'read-only' | 'write' | 'destructive' }): Promise<TestClient>;
}

/** Options for {@link startEngine}. */
export interface EngineOptions {
  mode?: ConnectionMode;
  layers?: ReadLayers;
  connection?: Partial<Omit<ConnectionConfig, 'target'>>;
}

/** Starts a fresh database of `kind`: a throwaway PostgreSQL database, or an in-memory PGlite sandbox. */
export async function startEngine(kind: Engine['kind'], options: EngineOptions = {}): Promise<Engine> {
  await loadSqlParser();
  return kind === 'postgres' ? startPostgres(options) : startPglite(options);
}

async function startPostgres(options: EngineOptions): Promise<Engine> {
  const db: TestDatabase = await createTestDatabase('engine');
  const database = new Database({
    config: {
      connections: [db.connection({ mode: options.mode ?? 'read-only', ...options.connection })],
      defaultConnection: 'main',
    },
    log: silentLogger,
    ...(options.layers === undefined ? {} : { readLayers: options.layers }),
  });
  return {
    kind: 'postgres',
    database,
    admin: async (sql) => (await db.admin(sql)).rows as Record<string, unknown>[],
    connect: (serverOptions = {}) =>
      connectClient(createDatabaseServer({ database, mode: serverOptions.mode ?? 'read-only' })),
    [Symbol.asyncDispose]: async () => {
      await database.close();
      await db[Symbol.asyncDispose]();
    },
  };
}

async function startPglite(options: EngineOptions): Promise<Engine> {
  const connection: ConnectionConfig = {
    name: 'main',
    mode: options.mode ?? 'read-only',
    statementTimeoutMs: 30_000,
    lockTimeoutMs: 5_000,
    allowFunctions: [],
    pool: { max: 1, idleTimeoutMs: 10_000, connectTimeoutMs: 120_000 },
    ...options.connection,
    target: { kind: 'sandbox', dataDir: undefined },
  };
  const database = new Database({
    config: { connections: [connection], defaultConnection: 'main' },
    log: silentLogger,
    ...(options.layers === undefined ? {} : { readLayers: options.layers }),
  });
  const driver = database.entry('main').driver;
  return {
    kind: 'pglite',
    database,
    admin: async (sql) => {
      const session = await driver.acquire();
      try {
        const results = await session.script(sql);
        const last = results.at(-1);
        return (last?.rows ?? []).map((row) =>
          Object.fromEntries((last?.fields ?? []).map((field, index) => [field.name, row[index]])),
        );
      } finally {
        await session.release(false);
      }
    },
    connect: (serverOptions = {}) =>
      connectClient(createDatabaseServer({ database, mode: serverOptions.mode ?? 'read-only' })),
    [Symbol.asyncDispose]: () => database.close(),
  };
}
