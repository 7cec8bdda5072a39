import pg from 'pg';
import { ConfigError } from '../../config.js';
import { ToolError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { retentionCutoffs, type Retention } from '../retention.js';
import type { StateStore } from '../store.js';
import { createPostgresBuckets } from './buckets.js';
import { parsePostgresUrl, tableIn, type PostgresTarget } from './connection.js';
import { createPostgresHandles } from './handles.js';
import { migratePostgres } from './migrations.js';
import { createPostgresNotes } from './notes.js';
import { createPostgresRecords } from './records.js';

/** Options for {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database?schema=infra_mcp`. */
  url: string;
  log: Logger;
  retention?: Retention;
}

/**
 * Opens the shared store for several replicas. A commit is acknowledged by
 * PostgreSQL only once it is durable (with the default `synchronous_commit`),
 * so a resolved write survives a crash of this process. Throws `ConfigError`
 * when the database cannot be reached or holds a newer or foreign schema.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<StateStore> {
  const target = parsePostgresUrl(options.url);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 15_000,
    application_name: 'infra-mcp',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', (error) => options.log.warn('state database connection lost', { location: target.location, error }));
  try {
    await migratePostgres(pool, target.schema, target.location);
  } catch (error) {
    await pool.end();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `cannot open the state store at ${target.location} (${(error as Error).message}): check INFRA_MCP_STATE_URL, ` +
        'that PostgreSQL is running, and that the role may create the schema (or create it beforehand)',
    );
  }
  return assemble(pool, target, options);
}

function assemble(pool: pg.Pool, target: PostgresTarget, options: PostgresStoreOptions): StateStore {
  const { schema, location } = target;
  const notes = createPostgresNotes(pool, schema);
  const records = createPostgresRecords(pool, schema);
  const handles = createPostgresHandles(pool, schema);
  const buckets = createPostgresBuckets(pool, schema);
  let closed = false;
  const guarded = <A extends unknown[], R>(operation: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) =>
    guard(() => closed, location, options.log, operation);
  return {
    backend: 'postgres',
    location,
    putNote: guarded(notes.putNote),
    getNote: guarded(notes.getNote),
    listNotes: guarded(notes.listNotes),
    deleteNote: guarded(notes.deleteNote),
    appendHistory: guarded(records.appendHistory),
    listHistory: guarded(records.listHistory),
    appendAudit: guarded(records.appendAudit),
    listAudit: guarded(records.listAudit),
    createHandle: guarded(handles.createHandle),
    redeemHandle: guarded(handles.redeemHandle),
    takeTokens: guarded(buckets.takeTokens),
    sweep: guarded(async (now?: Date) => sweep(pool, schema, options.retention ?? {}, now ?? new Date())),
    ping: guarded(async () => void (await pool.query('SELECT 1'))),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function sweep(pool: pg.Pool, schema: string, retention: Retention, now: Date): Promise<number> {
  const cutoffs = retentionCutoffs(retention, now.getTime());
  const targets: [table: string, condition: string, bound: Date | number | undefined][] = [
    ['notes', 'expires_at <= $1', now],
    ['handles', 'expires_at <= $1', now],
    ['buckets', 'full_at <= $1', now.getTime()],
    ['audit', 'at < $1', cutoffs.audit === undefined ? undefined : new Date(cutoffs.audit)],
    ['history', 'at < $1', cutoffs.history === undefined ? undefined : new Date(cutoffs.history)],
  ];
  let removed = 0;
  for (const [table, condition, bound] of targets) {
    if (bound === undefined) continue;
    const result = await pool.query(`DELETE FROM ${tableIn(schema, table)} WHERE ${condition}`, [bound]);
    removed += result.rowCount ?? 0;
  }
  return removed;
}

/**
 * Turns database failures into an error a model can act on (the log keeps
 * the cause); input errors and programming errors pass through unchanged.
 */
function guard<A extends unknown[], R>(
  isClosed: () => boolean,
  location: string,
  log: Logger,
  operation: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    if (isClosed())
      throw new ToolError('UPSTREAM_UNAVAILABLE', 'The state store is closed: the server is shutting down.');
    try {
      return await operation(...args);
    } catch (error) {
      if (error instanceof ToolError || error instanceof RangeError) throw error;
      log.error('state database operation failed', { location, error });
      throw new ToolError(
        'UPSTREAM_UNAVAILABLE',
        'The state database (PostgreSQL) did not answer; try again shortly.',
        {
          cause: error,
        },
      );
    }
  };
}
