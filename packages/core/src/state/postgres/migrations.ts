import type pg from 'pg';
import { foreignDatabaseError, newerSchemaError } from '../schema-errors.js';
import { tableIn } from './connection.js';

/**
 * The schema, one entry per version; entry N-1 upgrades v(N-1) to vN. Entries
 * are never edited once released, only appended. Keys sort bytewise
 * (`COLLATE "C"`) so prefix ranges and cursors agree with SQLite.
 */
export function postgresMigrations(schema: string): readonly string[] {
  const t = (table: string): string => tableIn(schema, table);
  return [
    `
    CREATE TABLE ${t('notes')} (
      namespace text NOT NULL,
      owner text NOT NULL,
      key text COLLATE "C" NOT NULL,
      value text NOT NULL,
      tags text[] NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      expires_at timestamptz,
      PRIMARY KEY (namespace, owner, key)
    );
    CREATE INDEX notes_expiry ON ${t('notes')} (expires_at) WHERE expires_at IS NOT NULL;

    CREATE TABLE ${t('history')} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      server text NOT NULL,
      tool text NOT NULL,
      principal text NOT NULL,
      request_id text NOT NULL,
      args jsonb NOT NULL,
      outcome text NOT NULL,
      summary text NOT NULL,
      data jsonb
    );
    CREATE INDEX history_server ON ${t('history')} (server, id);
    CREATE INDEX history_at ON ${t('history')} (at);

    CREATE TABLE ${t('handles')} (
      id text PRIMARY KEY,
      kind text NOT NULL,
      owner text,
      payload jsonb NOT NULL,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX handles_expiry ON ${t('handles')} (expires_at);

    CREATE TABLE ${t('buckets')} (
      key text PRIMARY KEY,
      tokens double precision NOT NULL,
      refilled_at double precision NOT NULL,
      full_at double precision NOT NULL,
      allowed boolean NOT NULL
    );
    CREATE INDEX buckets_full ON ${t('buckets')} (full_at);

    CREATE TABLE ${t('audit')} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      request_id text NOT NULL,
      principal text NOT NULL,
      server text NOT NULL,
      tool text NOT NULL,
      args jsonb NOT NULL,
      outcome text NOT NULL,
      error_code text,
      duration_ms double precision NOT NULL
    );
    CREATE INDEX audit_at ON ${t('audit')} (at);
    `,
  ];
}

/**
 * Brings the schema up to date. Replicas starting together serialize on an
 * advisory lock and re-read the version under it, so exactly one migrates.
 * DDL is transactional in PostgreSQL: a failed upgrade leaves nothing behind.
 */
export async function migratePostgres(pool: pg.Pool, schema: string, location: string): Promise<void> {
  const migrations = postgresMigrations(schema);
  if ((await readVersion(pool, schema, location)) === migrations.length) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`infra-mcp:migrate:${schema}`]);
    // Creating only a missing schema lets an operator pre-create it for a role without CREATE on the database.
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
    const current = await readVersion(client, schema, location);
    if (current === 0) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${tableIn(schema, 'schema_version')} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
    }
    for (let version = current; version < migrations.length; version++) {
      await client.query(migrations[version]!);
      await client.query(`INSERT INTO ${tableIn(schema, 'schema_version')} (version) VALUES ($1)`, [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function readVersion(db: pg.Pool | pg.PoolClient, schema: string, location: string): Promise<number> {
  const where = `schema "${schema}" of ${location}`;
  const elsewhere = 'name another schema with ?schema= in INFRA_MCP_STATE_URL';
  const tables = await db.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
    [schema],
  );
  const names = tables.rows.map((row) => row.table_name);
  if (!names.includes('schema_version')) {
    if (names.length > 0) throw foreignDatabaseError(where, elsewhere);
    return 0;
  }
  const result = await db.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${tableIn(schema, 'schema_version')}`,
  );
  const found = result.rows[0]?.version ?? 0;
  const known = postgresMigrations(schema).length;
  if (found > known) throw newerSchemaError(where, found, known, elsewhere);
  return found;
}
