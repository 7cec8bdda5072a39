import { ConfigError } from '@infra-mcp/core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatabaseConfig } from '../src/index.js';

const dataDir = '/var/lib/infra-mcp-test';
const load = (input: { env?: NodeJS.ProcessEnv; args?: string[]; section?: unknown }) =>
  loadDatabaseConfig({ env: input.env ?? {}, args: input.args ?? [], section: input.section, dataDir });

describe('database settings', () => {
  it('makes INFRA_MCP_DATABASE_URL a read-only connection named main', () => {
    const config = load({
      env: { INFRA_MCP_DATABASE_URL: 'postgres://app:s3cret@db.internal:6543/shop?sslmode=require' },
    });
    expect(config.defaultConnection).toBe('main');
    expect(config.connections).toEqual([
      expect.objectContaining({
        name: 'main',
        mode: 'read-only',
        statementTimeoutMs: 30_000,
        target: expect.objectContaining({
          kind: 'postgres',
          host: 'db.internal',
          port: 6543,
          database: 'shop',
          user: 'app',
          password: 's3cret',
          tls: { mode: 'require' },
          applicationName: 'infra-mcp-database',
        }),
      }),
    ]);
  });

  it('takes a URL from the command line, and the mode, role and timeout from env', () => {
    const config = load({
      args: ['postgresql:///shop?host=/var/run/postgresql'],
      env: {
        INFRA_MCP_DATABASE_MODE: 'dml',
        INFRA_MCP_DATABASE_READ_ONLY_ROLE: 'readers',
        INFRA_MCP_DATABASE_STATEMENT_TIMEOUT_MS: '5000',
        USER: 'ops',
      },
    });
    expect(config.connections[0]).toMatchObject({
      mode: 'dml',
      readOnlyRole: 'readers',
      statementTimeoutMs: 5000,
      target: { host: '/var/run/postgresql', database: 'shop', user: 'ops' },
    });
  });

  it('reads several named connections from the config file, each with its own mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-config-'));
    writeFileSync(join(dir, 'pw'), 'from-file\n');
    const config = load({
      env: { ANALYTICS_PASSWORD: 'from-env' },
      section: {
        defaultConnection: 'analytics',
        connections: {
          prod: { url: 'postgres://reader@prod/app', passwordFile: join(dir, 'pw'), statementTimeoutMs: 10_000 },
          analytics: {
            host: 'warehouse',
            database: 'dw',
            user: 'etl',
            passwordEnv: 'ANALYTICS_PASSWORD',
            mode: 'full',
            pool: { max: 8 },
          },
        },
      },
    });
    expect(config.defaultConnection).toBe('analytics');
    expect(
      config.connections.map((c) => [c.name, c.mode, c.target.kind === 'postgres' ? c.target.password : undefined]),
    ).toEqual([
      ['prod', 'read-only', 'from-file'],
      ['analytics', 'full', 'from-env'],
    ]);
    expect(config.connections[1]?.pool).toEqual({ max: 8, idleTimeoutMs: 30_000, connectTimeoutMs: 10_000 });
  });

  it('offers the sandbox under the data dir when nothing is configured, and not when it is switched off', () => {
    expect(load({}).connections).toEqual([
      expect.objectContaining({
        name: 'sandbox',
        mode: 'full',
        target: { kind: 'sandbox', dataDir: `${dataDir}/database/sandbox` },
      }),
    ]);
    expect(() => load({ env: { INFRA_MCP_DATABASE_SANDBOX: 'off' } })).toThrow(
      /no database configured and the sandbox is off/,
    );
    const both = load({ env: { INFRA_MCP_DATABASE_URL: 'postgres://h/db', INFRA_MCP_DATABASE_SANDBOX: 'on' } });
    expect(both.connections.map((c) => c.name)).toEqual(['main', 'sandbox']);
  });

  it.each([
    [{ env: { INFRA_MCP_DATABASE_URL: 'mysql://h/db' } }, /INFRA_MCP_DATABASE_URL must start with postgres:\/\//],
    [
      { env: { INFRA_MCP_DATABASE_URL: 'postgres://h/db', INFRA_MCP_DATABASE_MODE: 'admin' } },
      /INFRA_MCP_DATABASE_MODE=admin is not valid: set it to read-only, dml or full/,
    ],
    [
      { env: { INFRA_MCP_DATABASE_URL: 'postgres://h/db?sslmode=maybe' } },
      /sslmode=maybe: use disable, require, verify-ca or verify-full/,
    ],
    [{ args: ['postgres://a/x', 'postgres://b/y'] }, /at most one database URL/],
    [
      { section: { connections: { prod: { url: 'postgres://h/db', passwordEnv: 'NOPE' } } } },
      /passwordEnv names NOPE, which is not set/,
    ],
    [
      { section: { defaultConnection: 'nope', connections: { prod: { url: 'postgres://h/db' } } } },
      /"nope", which is not a configured connection: choose one of prod/,
    ],
    [
      { section: { connections: { prod: { url: 'postgres://h/db', mode: 'everything' } } } },
      /servers\.database in the config file: connections\.prod\.mode/,
    ],
  ])('names the setting and the fix when it is wrong (%#)', (input, message) => {
    expect(() => load(input)).toThrow(ConfigError);
    expect(() => load(input)).toThrow(message);
  });

  it('never repeats a password from a URL it cannot parse', () => {
    try {
      load({ env: { INFRA_MCP_DATABASE_URL: 'postgres://app:hunter2@h:99999/db' } });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('hunter2');
    }
  });
});
