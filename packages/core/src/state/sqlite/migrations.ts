import type Database from 'better-sqlite3';
import { foreignDatabaseError, newerSchemaError } from '../schema-errors.js';
import { damagedFileError, isDamaged } from './open-database.js';

/** Marks the file as ours in its header (`PRAGMA application_id`): "IMCP". */
const applicationId = 0x494d4350;

/**
 * The schema, one entry per version; entry N-1 upgrades v(N-1) to vN. Entries
 * are never edited once released, only appended. Times are epoch milliseconds.
 */
export const sqliteMigrations: readonly string[] = [
  `
  CREATE TABLE notes (
    namespace TEXT NOT NULL,
    owner TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    tags TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (namespace, owner, key)
  ) WITHOUT ROWID;
  CREATE INDEX notes_expiry ON notes (expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    server TEXT NOT NULL,
    tool TEXT NOT NULL,
    principal TEXT NOT NULL,
    request_id TEXT NOT NULL,
    args TEXT NOT NULL,
    outcome TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT
  );
  CREATE INDEX history_server ON history (server, id);
  CREATE INDEX history_at ON history (at);

  CREATE TABLE handles (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    owner TEXT,
    payload TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX handles_expiry ON handles (expires_at);

  CREATE TABLE buckets (
    key TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    refilled_at INTEGER NOT NULL,
    full_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX buckets_full ON buckets (full_at);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    principal TEXT NOT NULL,
    server TEXT NOT NULL,
    tool TEXT NOT NULL,
    args TEXT NOT NULL,
    outcome TEXT NOT NULL,
    error_code TEXT,
    duration_ms REAL NOT NULL
  );
  CREATE INDEX audit_at ON audit (at);
  `,
];

const elsewhere = 'set INFRA_MCP_DATA_DIR to another directory';

/**
 * Brings the schema of `file` up to date. Several processes may start at
 * once: the upgrade runs under the write lock and re-reads the version inside
 * it, so exactly one of them migrates. A newer or foreign database is refused,
 * never reset.
 */
export function migrateSqlite(db: Database.Database, file: string): void {
  try {
    if (readVersion(db, file) === sqliteMigrations.length) return;
    db.transaction(() => {
      const current = readVersion(db, file);
      if (current === 0) {
        // A fresh file: claim it first, so no other program takes it for its own.
        db.pragma(`application_id = ${applicationId}`);
        db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      }
      for (let version = current; version < sqliteMigrations.length; version++) {
        db.exec(sqliteMigrations[version]!);
        db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(version + 1, Date.now());
      }
    }).immediate();
  } catch (error) {
    if (isDamaged(error)) throw damagedFileError(file, error);
    throw error;
  }
}

function readVersion(db: Database.Database, file: string): number {
  const where = `the state database ${file}`;
  const tracked = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'").get();
  const appId = db.pragma('application_id', { simple: true });
  if (tracked === undefined) {
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
    if (objects !== 0 || (appId !== 0 && appId !== applicationId)) throw foreignDatabaseError(where, elsewhere);
    return 0;
  }
  if (appId !== applicationId) throw foreignDatabaseError(where, elsewhere);
  const version = db.prepare('SELECT max(version) FROM schema_version').pluck().get();
  const found = typeof version === 'number' ? version : 0;
  if (found > sqliteMigrations.length) throw newerSchemaError(where, found, sqliteMigrations.length, elsewhere);
  return found;
}
