import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToolError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { Database } from '../../src/state/sqlite/driver.js';
import { openSqliteStore } from '../../src/state/sqlite/sqlite-store.js';
import type { FlushLog } from '../../src/state/sqlite/wal-sync.js';
import type { StateStore } from '../../src/state/store.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A flush the test completes by hand, recording the file each flush was given. */
function manualFlush(): {
  flush: FlushLog;
  pending: (() => void)[];
  failNext: () => void;
  files: string[];
  /** Completes every pending flush and each one after: for the test's cleanup, which closes the store. */
  finish: () => void;
} {
  const pending: (() => void)[] = [];
  const files: string[] = [];
  let fail = false;
  let finished = false;
  return {
    pending,
    files,
    failNext: () => (fail = true),
    finish: () => {
      finished = true;
      for (const resolve of pending.splice(0)) resolve();
    },
    flush: (file: FileHandle) => {
      files.push(readlinkSync(`/proc/self/fd/${file.fd}`));
      if (fail) {
        fail = false;
        return Promise.reject(new Error('EIO: i/o error, fdatasync'));
      }
      if (finished) return Promise.resolve();
      return new Promise<void>((resolve) => pending.push(resolve));
    },
  };
}

function openStore(manual?: ReturnType<typeof manualFlush>): { store: StateStore; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'infra-mcp-durable-'));
  const file = join(dir, 'state.db');
  const store = openSqliteStore({
    file,
    log: silentLogger,
    ...(manual === undefined ? {} : { flushLog: manual.flush }),
  });
  // Run in reverse: the pending flushes complete, then the store closes, then its directory goes.
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
    () => manual?.finish(),
  );
  return { store, file };
}

/** Whether `promise` has settled once pending I/O callbacks and timers of this turn have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
}

/** Waits until `count` flushes have begun (the log's first open goes through the thread pool, which a busy machine delays). */
const flushesBegun = (manual: ReturnType<typeof manualFlush>, count: number) =>
  vi.waitFor(() => expect(manual.files).toHaveLength(count));

const note = (key: string) => ({ namespace: 'fs', owner: 'local', key, value: `value of ${key}` });

describe('the embedded store acknowledges a write only once it is on disk', () => {
  it('commits first, then flushes the write-ahead log, and only then resolves', async () => {
    const manual = manualFlush();
    const { store, file } = openStore(manual);
    const write = store.putNote(note('a'));

    expect(await settled(write)).toBe(false);
    // Committed (another connection sees it), but not yet acknowledged.
    const other = new Database(file, { readonly: true });
    cleanup.push(() => {
      other.close();
    });
    expect(other.prepare('SELECT key FROM notes').pluck().all()).toEqual(['a']);
    await flushesBegun(manual, 1);
    expect(manual.files).toEqual([`${file}-wal`]);
    expect(await settled(write)).toBe(false);

    manual.pending.shift()!();
    await expect(write).resolves.toMatchObject({ key: 'a' });
  });

  it('makes the writes that arrive during a flush share the next one', async () => {
    const manual = manualFlush();
    const { store } = openStore(manual);
    const first = store.putNote(note('first'));
    await flushesBegun(manual, 1);
    const burst = ['b', 'c', 'd', 'e'].map((key) => store.putNote(note(key)));
    const audit = store.appendAudit([
      {
        at: new Date(),
        requestId: '1',
        principal: 'local',
        server: 'fs',
        tool: 'read_file',
        args: {},
        outcome: 'ok',
        durationMs: 1,
      },
    ]);
    expect(manual.pending).toHaveLength(1);

    manual.pending.shift()!();
    await expect(first).resolves.toBeDefined();
    // The first flush may have started before the burst committed: the burst waits for a second one.
    await flushesBegun(manual, 2);
    expect(await settled(Promise.all(burst))).toBe(false);
    expect(manual.pending).toHaveLength(1);

    manual.pending.shift()!();
    await expect(Promise.all([...burst, audit])).resolves.toBeDefined();
    expect(manual.files).toHaveLength(2);
  });

  it('fails a write whose flush fails with an error the model can act on, and flushes again for the next', async () => {
    const manual = manualFlush();
    const { store } = openStore(manual);
    manual.failNext();
    const error: unknown = await store.putNote(note('lost')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((error as ToolError).message).toMatch(/could not be written to disk; the server log has the cause/);

    const next = store.putNote(note('kept'));
    await flushesBegun(manual, 2);
    expect(await settled(next)).toBe(false);
    manual.pending.shift()!();
    await expect(next).resolves.toMatchObject({ key: 'kept' });
  });

  it('flushes once more when it closes, after the connection has made its last commit', async () => {
    const manual = manualFlush();
    const { store } = openStore(manual);
    const write = store.putNote(note('a'));
    await flushesBegun(manual, 1);
    const closed = store.close();
    manual.pending.shift()!();
    await expect(write).resolves.toMatchObject({ key: 'a' });
    await flushesBegun(manual, 2);
    expect(await settled(closed)).toBe(false);
    expect(manual.pending).toHaveLength(1);
    manual.pending.shift()!();
    await closed;
    expect(manual.files).toHaveLength(2);
    await expect(store.putNote(note('b'))).rejects.toThrow(/closed/);
  });

  it('reads without waiting for the disk', async () => {
    const manual = manualFlush();
    const { store } = openStore(manual);
    const write = store.putNote(note('a'));
    await flushesBegun(manual, 1);
    await expect(store.getNote({ namespace: 'fs', owner: 'local', key: 'a' })).resolves.toMatchObject({ key: 'a' });
    expect(manual.files).toHaveLength(1);
    expect(await settled(write)).toBe(false);
    manual.pending.shift()!();
    await write;
  });

  it('flushes the store’s own log file with fdatasync by default', async () => {
    const probe = await open(process.execPath, 'r');
    const prototype = Object.getPrototypeOf(probe) as { datasync: (this: FileHandle) => Promise<void> };
    await probe.close();
    const original = prototype.datasync;
    const flushed: string[] = [];
    const spy = vi.spyOn(prototype, 'datasync').mockImplementation(function (this: FileHandle) {
      flushed.push(readlinkSync(`/proc/self/fd/${this.fd}`));
      return original.call(this);
    });
    cleanup.push(() => spy.mockRestore());
    const { store, file } = openStore();
    await store.putNote(note('a'));
    expect(flushed).toEqual([`${file}-wal`]);
  });
});
