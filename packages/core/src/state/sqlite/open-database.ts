import type BetterSqlite3 from 'better-sqlite3';
import { Database } from './driver.js';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../config.js';

/** How long a statement waits for another process's write lock before giving up. */
const busyTimeoutMs = 5000;

/** SQLite result codes that mean the file itself is damaged or is not a database. */
const damagedCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** Whether `error` is SQLite saying the file is damaged or not a database. */
export function isDamaged(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError && (damagedCodes.has(error.code) || error.code.startsWith('SQLITE_CORRUPT'))
  );
}

/** The error naming a damaged file and what to do; the file is never deleted or reset. */
export function damagedFileError(file: string, error: unknown): ConfigError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ConfigError(
    `the state database ${file} cannot be read (${reason}). It was left untouched: move it aside ` +
      `(mv "${file}" "${file}.broken") to start with an empty store, or restore it from a backup`,
  );
}

/**
 * Opens (creating if needed) the state database at `file`: the directory
 * 0700 and the file 0600, since notes and history are the user's own data.
 * WAL lets readers in other processes run beside one writer. NORMAL
 * synchronous leaves the flush of each commit to the store, which makes it
 * off the event loop before acknowledging the write (wal-sync.ts), so an
 * acknowledged write still survives a crash or power loss; SQLite itself
 * still syncs around checkpoints.
 */
export function openDatabase(file: string): BetterSqlite3.Database {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Creating the file ourselves is the only way to choose its mode; SQLite then gives -wal and -shm the same.
    closeSync(openSync(file, 'a', 0o600));
  } catch (error) {
    throw new ConfigError(
      `the state database ${file} cannot be created (${(error as Error).message}): ` +
        'set INFRA_MCP_DATA_DIR to a writable directory',
    );
  }
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new ConfigError(
        `the state database ${file} cannot use write-ahead logging (journal mode stays ${String(mode)}): ` +
          'put INFRA_MCP_DATA_DIR on a local file system',
      );
    }
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    if (isDamaged(error)) throw damagedFileError(file, error);
    throw error;
  }
}
