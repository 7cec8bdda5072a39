import type BetterSqlite3 from 'better-sqlite3';
import { Database } from './driver.js';
import { ToolError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { retentionCutoffs, type Retention } from '../retention.js';
import type { StateStore } from '../store.js';
import { createSqliteBuckets } from './buckets.js';
import { createSqliteHandles } from './handles.js';
import { migrateSqlite } from './migrations.js';
import { createSqliteNotes } from './notes.js';
import { isDamaged, openDatabase } from './open-database.js';
import { createSqliteRecords } from './records.js';
import { createWalSync, type FlushLog } from './wal-sync.js';

/** Options for {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file, e.g. `<dataDir>/state.db`. */
  file: string;
  log: Logger;
  retention?: Retention;
  /** How the write-ahead log is flushed to disk (tests observe the ordering with their own). */
  flushLog?: FlushLog;
}

/** Rows deleted per statement while sweeping, so other processes never wait long for the write lock. */
const sweepBatch = 2000;

/**
 * Opens the embedded store: one SQLite file shared safely by every server
 * process of the user. Throws `ConfigError` for a damaged, foreign or newer
 * database, which is left untouched.
 */
export function openSqliteStore(options: SqliteStoreOptions): StateStore {
  const { file, log } = options;
  const db = openDatabase(file);
  try {
    migrateSqlite(db, file);
  } catch (error) {
    db.close();
    throw error;
  }
  const notes = createSqliteNotes(db);
  const records = createSqliteRecords(db);
  const handles = createSqliteHandles(db);
  const buckets = createSqliteBuckets(db);
  const wal = createWalSync(`${file}-wal`, log, options.flushLog);
  const guarded = <A extends unknown[], R>(operation: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) =>
    guard(db, file, log, operation);
  // A write is acknowledged once its commit is on disk (see wal-sync.ts).
  const written = <A extends unknown[], R>(operation: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) =>
    guarded(async (...args) => {
      const result = await operation(...args);
      await wal.synced();
      return result;
    });
  return {
    backend: 'sqlite',
    location: file,
    putNote: written(notes.putNote),
    getNote: guarded(notes.getNote),
    listNotes: guarded(notes.listNotes),
    deleteNote: written(notes.deleteNote),
    appendHistory: written(records.appendHistory),
    listHistory: guarded(records.listHistory),
    appendAudit: written(records.appendAudit),
    listAudit: guarded(records.listAudit),
    createHandle: written(handles.createHandle),
    redeemHandle: written(handles.redeemHandle),
    takeTokens: written(buckets.takeTokens),
    sweep: written(async (now?: Date) => sweep(db, options.retention ?? {}, now?.getTime() ?? Date.now())),
    ping: guarded(async () => void db.prepare('SELECT 1').get()),
    close: async () => {
      if (db.open) db.close();
      await wal.close();
    },
  };
}

function sweep(db: BetterSqlite3.Database, retention: Retention, now: number): number {
  const cutoffs = retentionCutoffs(retention, now);
  const targets: [table: string, key: string, condition: string, bound: number | undefined][] = [
    ['notes', '(namespace, owner, key)', 'expires_at <= ?', now],
    ['handles', 'id', 'expires_at <= ?', now],
    ['buckets', 'key', 'full_at <= ?', now],
    ['audit', 'id', 'at < ?', cutoffs.audit],
    ['history', 'id', 'at < ?', cutoffs.history],
  ];
  let removed = 0;
  for (const [table, key, condition, bound] of targets) {
    if (bound === undefined) continue;
    const columns = key.replace(/[()]/g, '');
    const statement = db.prepare(
      `DELETE FROM ${table} WHERE ${key} IN (SELECT ${columns} FROM ${table} WHERE ${condition} LIMIT ${sweepBatch})`,
    );
    for (let changes = sweepBatch; changes === sweepBatch; removed += changes) changes = statement.run(bound).changes;
  }
  return removed;
}

/**
 * Turns SQLite failures into errors a model can act on (the server log keeps
 * the cause), and refuses calls after `close`.
 */
function guard<A extends unknown[], R>(
  db: BetterSqlite3.Database,
  file: string,
  log: Logger,
  operation: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    if (!db.open)
      throw new ToolError('UPSTREAM_UNAVAILABLE', 'The state store is closed: the server is shutting down.');
    try {
      return await operation(...args);
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      if (isDamaged(error)) {
        log.error('the state database is damaged: stop the servers and move it aside, or restore it from a backup', {
          file,
          error,
        });
        throw new ToolError(
          'UPSTREAM_UNAVAILABLE',
          'The state database is damaged; the server log says how to recover.',
          {
            cause: error,
          },
        );
      }
      if (error.code.startsWith('SQLITE_BUSY'))
        throw new ToolError('UPSTREAM_UNAVAILABLE', 'The state database stayed locked by another process; try again.', {
          cause: error,
        });
      log.error('state database operation failed', { file, error });
      throw new ToolError(
        'UPSTREAM_UNAVAILABLE',
        'The state database could not be written or read; the server log has the cause.',
        {
          cause: error,
        },
      );
    }
  };
}
