import { Database } from '../../src/state/sqlite/driver.js';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openStateStore } from '../../src/state/open-state-store.js';
import { startWriters } from './processes.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infra-mcp-sqlite-'));
  scratch.push(dir);
  return dir;
}

const open = (dataDir: string) => openStateStore({ dataDir, log: silentLogger, sweepIntervalMs: 0 });

async function openError(dataDir: string): Promise<ConfigError> {
  const error: unknown = await open(dataDir).then(
    async (store) => store.close(),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('the embedded state database file', () => {
  it('is created private to the user: the directory 0700, the database and its log 0600', async () => {
    const dataDir = join(scratchDir(), 'nested', 'infra-mcp');
    const store = await open(dataDir);
    await store.putNote({ namespace: 'fs', owner: 'local', key: 'k', value: 'v' });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'state.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'state.db-wal')).mode & 0o777).toBe(0o600);
    expect(store.location).toBe(join(dataDir, 'state.db'));
    await store.close();
  });

  it('refuses a damaged file with the file name and the fix, and leaves it as it was', async () => {
    const dataDir = scratchDir();
    const file = join(dataDir, 'state.db');
    const garbage = Buffer.alloc(8192, 'not a database ');
    writeFileSync(file, garbage);
    const error = await openError(dataDir);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/move it aside \(mv ".*state\.db" ".*state\.db\.broken"\)/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database written by a newer infra-mcp and keeps its data', async () => {
    const dataDir = scratchDir();
    const store = await open(dataDir);
    await store.putNote({ namespace: 'fs', owner: 'local', key: 'precious', value: 'v' });
    await store.close();
    const file = join(dataDir, 'state.db');
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, 0)').run();
    raw.close();

    const error = await openError(dataDir);
    expect(error.message).toMatch(/written by a newer infra-mcp \(schema v99; this version knows up to v1\)/);
    expect(error.message).toMatch(/upgrade infra-mcp/);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT key FROM notes').pluck().all()).toEqual(['precious']);
    check.close();
  });

  it('refuses a SQLite database that belongs to another program', async () => {
    const dataDir = scratchDir();
    const raw = new Database(join(dataDir, 'state.db'));
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    raw.close();
    const error = await openError(dataDir);
    expect(error.message).toMatch(/holds data that is not an infra-mcp state store/);
    const check = new Database(join(dataDir, 'state.db'), { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['customers']);
    check.close();
  });

  it('names INFRA_MCP_DATA_DIR when the directory cannot be created', async () => {
    const blocker = join(scratchDir(), 'a-file');
    writeFileSync(blocker, '');
    const error = await openError(join(blocker, 'infra-mcp'));
    expect(error.message).toMatch(/cannot be created .*set INFRA_MCP_DATA_DIR to a writable directory/);
  });

  it('is created and migrated once when several processes start on it together', async () => {
    const dataDir = scratchDir();
    const writers = await startWriters(
      ['one', 'two', 'three'].map((tag) => ({ dataDir, tag, task: 'write', count: 10 })),
    );
    const exits = await Promise.all(writers.map((writer) => writer.exited));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    const check = new Database(join(dataDir, 'state.db'), { readonly: true });
    expect(check.prepare('SELECT version FROM schema_version').pluck().all()).toEqual([1]);
    expect(check.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(30);
    check.close();
  }, 60_000);
});
