import { ConfigError, describeIssues } from '@infra-mcp/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { connectionModes, type ConnectionConfig, type DatabaseConfig, type TlsConfig } from './connection-config.js';
import { parsePostgresUrl } from './client/postgres-url.js';

export {
  connectionModes,
  type ConnectionConfig,
  type ConnectionMode,
  type DatabaseConfig,
  type PostgresTarget,
  type SandboxTarget,
  type TlsConfig,
} from './connection-config.js';

const connectionName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, 'a connection name is a letter followed by letters, digits, - or _');

const tlsSection = z
  .object({
    mode: z.enum(['disable', 'require', 'verify-ca', 'verify-full']),
    ca: z.string().min(1).optional(),
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
  })
  .strict();

const connectionSection = z
  .object({
    url: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    database: z.string().min(1).optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    passwordEnv: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    mode: z.enum(connectionModes).default('read-only'),
    statementTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
    lockTimeoutMs: z.number().int().min(100).max(3_600_000).default(5_000),
    readOnlyRole: z.string().min(1).optional(),
    allowFunctions: z.array(z.string().min(1)).default([]),
    applicationName: z.string().min(1).max(63).default('infra-mcp-database'),
    pool: z
      .object({
        max: z.number().int().min(1).max(50).default(4),
        idleTimeoutMs: z.number().int().min(1000).default(30_000),
        connectTimeoutMs: z.number().int().min(100).default(10_000),
      })
      .strict()
      .prefault({}),
    tls: tlsSection.optional(),
  })
  .strict();

const sectionSchema = z
  .object({
    connections: z.record(connectionName, connectionSection).default({}),
    defaultConnection: connectionName.optional(),
    sandbox: z
      .object({
        enabled: z.boolean().optional(),
        mode: z.enum(connectionModes).default('full'),
        statementTimeoutMs: z.number().int().min(100).max(3_600_000).default(30_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

type ConnectionSection = z.infer<typeof connectionSection>;

/** What {@link loadDatabaseConfig} reads: env, command-line URLs, the config file section and the data dir. */
export interface LoadDatabaseConfigInput {
  env: NodeJS.ProcessEnv;
  args: readonly string[];
  section: unknown;
  dataDir: string;
}

/** The name of the connection `INFRA_MCP_DATABASE_URL` (or a URL argument) defines. */
export const envConnectionName = 'main';

/** The name of the embedded PGlite connection. */
export const sandboxConnectionName = 'sandbox';

/**
 * Reads the database settings: a URL argument or `INFRA_MCP_DATABASE_URL` for
 * one connection, the `servers.database` section of the config file for many,
 * and the PGlite sandbox when nothing else is configured.
 */
export function loadDatabaseConfig(input: LoadDatabaseConfigInput): DatabaseConfig {
  const parsed = sectionSchema.safeParse(input.section ?? {});
  if (!parsed.success) throw new ConfigError(`servers.database in the config file: ${describeIssues(parsed.error)}`);
  const section = parsed.data;
  const connections = Object.entries(section.connections).map(([name, spec]) => fromSection(name, spec, input.env));
  const url = urlFromInput(input);
  if (url !== undefined) {
    if (connections.some((connection) => connection.name === envConnectionName))
      throw new ConfigError(
        `the connection name "${envConnectionName}" is used by both INFRA_MCP_DATABASE_URL and the config file: rename the one in the file`,
      );
    connections.unshift(fromSection(envConnectionName, envSection(url, input.env), input.env));
  }
  const sandboxSetting = parseSandboxSwitch(input.env.INFRA_MCP_DATABASE_SANDBOX) ?? section.sandbox.enabled;
  if (sandboxSetting === true || (connections.length === 0 && sandboxSetting !== false)) {
    connections.push({
      name: sandboxConnectionName,
      mode: section.sandbox.mode,
      statementTimeoutMs: section.sandbox.statementTimeoutMs,
      lockTimeoutMs: 5_000,
      allowFunctions: [],
      pool: { max: 1, idleTimeoutMs: 30_000, connectTimeoutMs: 120_000 },
      target: { kind: 'sandbox', dataDir: join(input.dataDir, 'database', 'sandbox') },
    });
  }
  if (connections.length === 0)
    throw new ConfigError(
      'no database configured and the sandbox is off: set INFRA_MCP_DATABASE_URL=postgres://user@host/db, add servers.database.connections to the config file, or unset INFRA_MCP_DATABASE_SANDBOX',
    );
  const defaultConnection = section.defaultConnection ?? connections[0]!.name;
  if (!connections.some((connection) => connection.name === defaultConnection))
    throw new ConfigError(
      `servers.database.defaultConnection is "${defaultConnection}", which is not a configured connection: choose one of ${connections.map((c) => c.name).join(', ')}`,
    );
  return { connections, defaultConnection };
}

function urlFromInput({ args, env }: LoadDatabaseConfigInput): string | undefined {
  if (args.length > 1)
    throw new ConfigError(
      'pass at most one database URL on the command line: for several connections use servers.database.connections in the config file',
    );
  const fromArgs = args[0];
  if (fromArgs !== undefined) return fromArgs;
  const fromEnv = env.INFRA_MCP_DATABASE_URL;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

function envSection(url: string, env: NodeJS.ProcessEnv): ConnectionSection {
  const raw: Record<string, unknown> = { url };
  const mode = env.INFRA_MCP_DATABASE_MODE;
  if (mode !== undefined && mode !== '') raw.mode = mode;
  const role = env.INFRA_MCP_DATABASE_READ_ONLY_ROLE;
  if (role !== undefined && role !== '') raw.readOnlyRole = role;
  const timeout = env.INFRA_MCP_DATABASE_STATEMENT_TIMEOUT_MS;
  if (timeout !== undefined && timeout !== '')
    raw.statementTimeoutMs = /^\d+$/.test(timeout) ? Number(timeout) : timeout;
  const parsed = connectionSection.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable =
      issue?.path[0] === 'mode'
        ? `INFRA_MCP_DATABASE_MODE=${mode ?? ''} is not valid: set it to read-only, dml or full`
        : issue?.path[0] === 'statementTimeoutMs'
          ? `INFRA_MCP_DATABASE_STATEMENT_TIMEOUT_MS=${timeout ?? ''} is not valid: set it to milliseconds between 100 and 3600000`
          : `INFRA_MCP_DATABASE_URL settings are not valid: ${describeIssues(parsed.error)}`;
    throw new ConfigError(variable);
  }
  return parsed.data;
}

function parseSandboxSwitch(raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (/^(on|true|1|yes)$/i.test(raw)) return true;
  if (/^(off|false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`INFRA_MCP_DATABASE_SANDBOX=${raw} is not valid: set it to on or off`);
}

function fromSection(name: string, spec: ConnectionSection, env: NodeJS.ProcessEnv): ConnectionConfig {
  const where = name === envConnectionName ? 'INFRA_MCP_DATABASE_URL' : `servers.database.connections.${name}`;
  const fromUrl = spec.url === undefined ? {} : parsePostgresUrl(spec.url, where);
  const password = spec.password ?? readPassword(spec, env, where) ?? fromUrl.password;
  const user = spec.user ?? fromUrl.user ?? env.PGUSER ?? env.USER ?? 'postgres';
  const tls = resolveTls(spec.tls ?? (fromUrl.sslMode === undefined ? undefined : { mode: fromUrl.sslMode }), where);
  return {
    name,
    mode: spec.mode,
    statementTimeoutMs: spec.statementTimeoutMs,
    lockTimeoutMs: spec.lockTimeoutMs,
    ...(spec.readOnlyRole === undefined ? {} : { readOnlyRole: spec.readOnlyRole }),
    allowFunctions: spec.allowFunctions,
    pool: spec.pool,
    target: {
      kind: 'postgres',
      host: spec.host ?? fromUrl.host ?? 'localhost',
      port: spec.port ?? fromUrl.port ?? 5432,
      user,
      database: spec.database ?? fromUrl.database ?? env.PGDATABASE ?? user,
      ...(password === undefined ? {} : { password }),
      applicationName: spec.applicationName,
      tls,
    },
  };
}

function readPassword(spec: ConnectionSection, env: NodeJS.ProcessEnv, where: string): string | undefined {
  if (spec.passwordEnv !== undefined) {
    const value = env[spec.passwordEnv];
    if (value === undefined)
      throw new ConfigError(`${where}.passwordEnv names ${spec.passwordEnv}, which is not set: export it or remove it`);
    return value;
  }
  if (spec.passwordFile !== undefined) {
    try {
      return readFileSync(spec.passwordFile, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new ConfigError(`${where}.passwordFile ${spec.passwordFile} cannot be read: point it at a readable file`);
    }
  }
  return undefined;
}

function resolveTls(spec: z.infer<typeof tlsSection> | undefined, where: string): TlsConfig | undefined {
  if (spec === undefined) return undefined;
  const read = (path: string | undefined, field: string): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch {
      throw new ConfigError(`${where}.tls.${field} ${path} cannot be read: point it at a PEM file`);
    }
  };
  const ca = read(spec.ca, 'ca');
  const cert = read(spec.cert, 'cert');
  const key = read(spec.key, 'key');
  return {
    mode: spec.mode,
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
  };
}
