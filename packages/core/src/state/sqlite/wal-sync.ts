import { open, type FileHandle } from 'node:fs/promises';
import { ToolError } from '../../errors.js';
import type { Logger } from '../../log.js';

/** Makes what the store's connection has committed durable. */
export interface WalSync {
  /** Resolves once every transaction committed before the call is on disk. */
  synced(): Promise<void>;
  /** Flushes once more and lets go of the log; call it after the connection is closed, so nothing commits after. */
  close(): Promise<void>;
}

/** Flushes the write-ahead log to disk; the default calls fdatasync on libuv's thread pool. */
export type FlushLog = (file: FileHandle) => Promise<void>;

/**
 * Group commit for the embedded store. The connection runs with
 * `synchronous = NORMAL`, so a commit only writes its frames to the WAL;
 * before a write is acknowledged, this flushes the WAL with one fdatasync
 * off the event loop (`synchronous = FULL` would make SQLite do the same
 * flush inside the commit, holding the event loop for a disk round trip).
 * Commits made while a flush is running share the next one, so a burst of
 * writes costs two flushes, not one each.
 */
export function createWalSync(walFile: string, log: Logger, flush: FlushLog = (file) => file.datasync()): WalSync {
  let handle: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const flushOnce = async (): Promise<void> => {
    // Opened on first use: SQLite creates the log with the first write, and keeps it while the connection is open.
    handle ??= open(walFile, 'r');
    try {
      await flush(await handle);
    } catch (error) {
      handle = undefined;
      log.error('the state database log could not be flushed to disk', { file: walFile, error });
      throw new ToolError(
        'UPSTREAM_UNAVAILABLE',
        'The state database could not be written to disk; the server log has the cause.',
        {
          cause: error,
        },
      );
    }
  };
  const start = (): Promise<void> => {
    running = flushOnce().finally(() => (running = undefined));
    return running;
  };
  return {
    synced: () => {
      // Once closing, the last flush covers every commit the connection made.
      if (closing !== undefined) return closing;
      if (running === undefined) return start();
      // The running flush may have begun before this commit: wait for the one after it.
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return start();
        });
      return next;
    },
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([running, next]);
        if (handle === undefined) return;
        await flushOnce().catch(() => undefined);
        const file = await handle?.catch(() => undefined);
        handle = undefined;
        await file?.close();
      })()),
  };
}
