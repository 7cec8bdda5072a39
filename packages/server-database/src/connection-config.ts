/** What a call on a connection may do: read only, change rows, or anything (DDL, cancelling other sessions). */
export const connectionModes = ['read-only', 'dml', 'full'] as const;

/** One of {@link connectionModes}. */
export type ConnectionMode = (typeof connectionModes)[number];

/** TLS settings of a PostgreSQL connection, with certificate files already read. */
export interface TlsConfig {
  mode: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  ca?: string;
  cert?: string;
  key?: string;
}

/** A PostgreSQL server reached over the network. */
export interface PostgresTarget {
  kind: 'postgres';
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  applicationName: string;
  tls: TlsConfig | undefined;
}

/** The embedded PGlite database; `dataDir` undefined keeps it in memory. */
export interface SandboxTarget {
  kind: 'sandbox';
  dataDir: string | undefined;
}

/** One named connection, as parsed from env or the config file. */
export interface ConnectionConfig {
  name: string;
  mode: ConnectionMode;
  /** Upper bound of every statement on this connection; a call may lower it. */
  statementTimeoutMs: number;
  /** How long a write waits for a lock before giving up. */
  lockTimeoutMs: number;
  /** A role to `SET LOCAL ROLE` to for reads: an extra layer, never the only one. */
  readOnlyRole?: string;
  /** Volatile user functions (`schema.name`) that reads may call anyway. */
  allowFunctions: readonly string[];
  pool: { max: number; idleTimeoutMs: number; connectTimeoutMs: number };
  target: PostgresTarget | SandboxTarget;
}

/** Settings of the database server: its connections and which one tools use by default. */
export interface DatabaseConfig {
  connections: ConnectionConfig[];
  defaultConnection: string;
}
