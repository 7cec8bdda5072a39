import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { ConnectionConfig, ConnectionMode, DatabaseConfig } from '../../src/index.js';

const host = process.env.PGHOST ?? '127.0.0.1';
const port = Number(process.env.PGPORT ?? 5432);
const user = process.env.PGUSER ?? 'postgres';

/** A throwaway database on the local PostgreSQL, dropped (with its roles) on dispose. */
export interface TestDatabase extends AsyncDisposable {
  readonly name: string;
  /** Runs SQL as the superuser in the test database, outside the server under test. */
  admin(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** A connection config to this database. */
  connection(
    overrides?: Partial<Omit<ConnectionConfig, 'target'>> & { user?: string; password?: string },
  ): ConnectionConfig;
  /** A one-connection server config. */
  config(mode?: ConnectionMode, overrides?: Partial<Omit<ConnectionConfig, 'target'>>): DatabaseConfig;
  /** Creates a login role that is dropped with the database. */
  createRole(name: string, options?: string): Promise<string>;
}

/** Creates a database named after `label` plus random letters, so parallel test files never collide. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const name = `infra_mcp_${label}_${suffix}`;
  const roles: string[] = [];
  const server = new pg.Client({ host, port, user, database: 'postgres' });
  await server.connect();
  await server.query(`CREATE DATABASE ${name}`);
  const client = new pg.Client({ host, port, user, database: name });
  await client.connect();
  const connection: TestDatabase['connection'] = (overrides = {}) => {
    const { user: roleUser, password, ...rest } = overrides;
    return {
      name: 'main',
      mode: 'read-only',
      statementTimeoutMs: 30_000,
      lockTimeoutMs: 5_000,
      allowFunctions: [],
      pool: { max: 3, idleTimeoutMs: 10_000, connectTimeoutMs: 10_000 },
      ...rest,
      target: {
        kind: 'postgres',
        host,
        port,
        database: name,
        user: roleUser ?? user,
        ...(password === undefined ? {} : { password }),
        applicationName: 'infra-mcp-test',
        tls: undefined,
      },
    };
  };
  return {
    name,
    admin: (sql, params) => client.query(sql, params),
    connection,
    config: (mode = 'read-only', overrides = {}) => ({
      connections: [connection({ mode, ...overrides })],
      defaultConnection: overrides.name ?? 'main',
    }),
    createRole: async (role, options = 'LOGIN') => {
      const full = `${role}_${suffix}`;
      await server.query(`CREATE ROLE ${full} ${options}`);
      roles.push(full);
      return full;
    },
    [Symbol.asyncDispose]: async () => {
      await client.end();
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      for (const role of roles) await server.query(`DROP ROLE IF EXISTS ${role}`);
      await server.end();
    },
  };
}
