import type { Logger } from '@infra-mcp/core';
import pg from 'pg';
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { ConnectionConfig, PostgresTarget } from '../connection-config.js';
import type { Driver, DriverSession, StatementResult, Step, StepOutcome } from './driver.js';
import { sessionConveniences } from './steps.js';
import { ConnectionFailure, toServerError } from './server-error.js';

/** Keeps every value in PostgreSQL's text form; the result layer converts by type. */
const textTypes = { getTypeParser: () => (value: string) => value };

interface ArrayResult {
  fields: { name: string; dataTypeID: number }[];
  rows: (string | null)[][];
  rowCount: number | null;
}

/** Options for {@link createPgDriver}. */
export interface PgDriverOptions {
  connection: ConnectionConfig & { target: PostgresTarget };
  log: Logger;
  redact: (text: string) => string;
}

/** A PostgreSQL connection pool behind the {@link Driver} interface. */
export function createPgDriver({ connection, log, redact }: PgDriverOptions): Driver {
  const clientConfig = clientConfigOf(connection);
  const pool = new pg.Pool({
    ...clientConfig,
    max: connection.pool.max,
    // Pipeline mode lets one round trip carry BEGIN, the statement, its FETCH and ROLLBACK.
    pipeline: true,
    idleTimeoutMillis: connection.pool.idleTimeoutMs,
    allowExitOnIdle: true,
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  pool.on('error', (error) => log.warn('idle database connection failed', { error: redact(error.message) }));
  const failure = (error: unknown): Error => asDriverError(error, connection.name, redact);

  return {
    kind: 'postgres',
    enforcesStatementTimeout: true,
    sessionStatementTimeoutMs: connection.statementTimeoutMs,
    acquire: async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw failure(error);
      }
      return wrapClient(client, failure);
    },
    cancel: async (session) => {
      if (session.backendPid === undefined) return;
      await signalWithFreshClient(clientConfig, session.backendPid, 'cancel').catch((error: unknown) =>
        log.warn('could not cancel a statement on the server', { error: redact(String(error)) }),
      );
    },
    signalBackend: async (pid, action) => {
      try {
        return await signalWithFreshClient(clientConfig, pid, action);
      } catch (error) {
        throw failure(error);
      }
    },
    describe: () => undefined,
    close: () => pool.end(),
  };
}

function wrapClient(client: pg.PoolClient, failure: (error: unknown) => Error): DriverSession {
  const processId = (client as unknown as { processID?: unknown }).processID;
  const stream = (client as unknown as { connection?: { stream?: Partial<Pick<Socket, 'cork' | 'uncork'>> } })
    .connection?.stream;
  const send = async (steps: readonly Step[]): Promise<StepOutcome[]> => {
    // Pipeline mode writes every query at once (corked: one packet); allSettled waits for each answer.
    stream?.cork?.();
    const pending = steps.map((step) => client.query(configOf(step)));
    stream?.uncork?.();
    const settled = await Promise.allSettled(pending);
    return settled.map((outcome) => {
      if (outcome.status === 'rejected') return { ok: false, error: failure(outcome.reason) };
      const value = outcome.value as unknown as ArrayResult | ArrayResult[];
      return { ok: true, results: (Array.isArray(value) ? value : [value]).map(shape) };
    });
  };
  return {
    backendPid: typeof processId === 'number' ? processId : undefined,
    send,
    ...sessionConveniences(send),
    release: async (discard) => client.release(discard ? new Error('discarded after an unexpected state') : undefined),
  };
}

function configOf(step: Step): pg.QueryArrayConfig & { queryMode?: 'extended' } {
  if (step.protocol === 'simple') return { text: step.text, rowMode: 'array', types: textTypes };
  return {
    ...(step.name === undefined ? {} : { name: step.name }),
    text: step.text,
    values: [...(step.params ?? [])],
    rowMode: 'array',
    types: textTypes,
    queryMode: 'extended',
  };
}

function shape(result: ArrayResult): StatementResult {
  return {
    fields: (result.fields ?? []).map((field) => ({ name: field.name, typeOid: field.dataTypeID })),
    rows: result.rows ?? [],
    rowCount: result.rowCount,
  };
}

/** Sends pg_cancel_backend / pg_terminate_backend over its own connection, so a full pool cannot block it. */
async function signalWithFreshClient(
  config: pg.ClientConfig,
  pid: number,
  action: 'cancel' | 'terminate',
): Promise<boolean> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const fn = action === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
    const result = await client.query<{ ok: boolean }>({ text: `SELECT ${fn}($1) AS ok`, values: [pid] });
    return result.rows[0]?.ok === true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function clientConfigOf(connection: ConnectionConfig & { target: PostgresTarget }): pg.ClientConfig {
  const target = connection.target;
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(target.password === undefined ? {} : { password: target.password }),
    application_name: target.applicationName,
    // Sent at connect, so most calls need no SET LOCAL; a call that lowers the timeout still sets it.
    statement_timeout: connection.statementTimeoutMs,
    idle_in_transaction_session_timeout: connection.statementTimeoutMs + 10_000,
    connectionTimeoutMillis: connection.pool.connectTimeoutMs,
    keepAlive: true,
    ssl: tlsOptions(target),
  };
}

function tlsOptions(target: PostgresTarget): boolean | ConnectionOptions {
  const tls = target.tls;
  if (tls === undefined || tls.mode === 'disable') return false;
  const files = {
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  };
  if (tls.mode === 'require') return { ...files, rejectUnauthorized: false };
  if (tls.mode === 'verify-ca') return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...files, rejectUnauthorized: true, servername: target.host };
}

function asDriverError(error: unknown, name: string, redact: (text: string) => string): Error {
  const server = toServerError(error);
  if (server !== undefined && !/^(08|28|3D|53|57P)/.test(server.sqlState ?? '')) return server;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectionFailure(redact(`connection ${name}: ${message}`));
}
