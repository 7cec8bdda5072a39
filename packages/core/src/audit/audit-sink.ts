import type { Logger } from '../log.js';
import type { AuditInput, StateStore } from '../state/store.js';

/** Receives audit records off the hot path and writes them to the store in order. */
export interface AuditSink {
  write(record: AuditInput): void;
  /** Resolves when every record written so far is stored. */
  flush(): Promise<void>;
}

/** Options for {@link createAuditSink}. */
export interface AuditSinkOptions {
  /** How long a record may wait to join a batch (default 100 ms). */
  flushAfterMs?: number;
  /** Records stored in one write; a full batch is written at once (default 500). */
  maxBatch?: number;
  /** Records held at most while the store is slow; beyond it records are dropped and logged (default 10 000). */
  maxQueue?: number;
}

/**
 * Queues audit records and stores them in the background, in batches: a
 * call's answer never waits on the audit write, and a stream of calls costs
 * one durable write (a disk flush, or a PostgreSQL commit) per batch, not one
 * per call.
 * A record waits at most `flushAfterMs` before its batch is written; a crash
 * can lose that window, which the decision record states. `flush()` runs on
 * shutdown. A failing store is logged, never allowed to fail a call.
 */
export function createAuditSink(
  state: Pick<StateStore, 'appendAudit'>,
  log: Logger,
  options: AuditSinkOptions = {},
): AuditSink {
  const flushAfterMs = options.flushAfterMs ?? 100;
  const maxBatch = options.maxBatch ?? 500;
  const maxQueue = options.maxQueue ?? 10_000;
  let queue: AuditInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dropped = 0;
  const writeBatch = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    writing = writing
      .then(() => state.appendAudit(batch))
      .catch((error: unknown) => log.error('audit records could not be stored', { error, records: batch.length }));
    if (queue.length > 0) writeBatch();
  };
  return {
    write: (record) => {
      if (queue.length >= maxQueue) {
        dropped++;
        if (dropped === 1 || dropped % 1000 === 0) log.error('audit queue full; records dropped', { dropped });
        return;
      }
      queue.push(record);
      if (queue.length >= maxBatch) writeBatch();
      else if (timer === undefined) {
        timer = setTimeout(writeBatch, flushAfterMs);
        timer.unref();
      }
    },
    flush: async () => {
      writeBatch();
      await writing;
    },
  };
}
