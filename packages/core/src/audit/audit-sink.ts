import type { Logger } from '../log.js';
import type { AuditInput, StateStore } from '../state/store.js';

/** Receives audit records off the hot path and writes them to the store in order. */
export interface AuditSink {
  write(record: AuditInput): void;
  /** Resolves when every record written so far is stored. */
  flush(): Promise<void>;
}

/** Most records stored in one write. */
const maxBatch = 500;

/**
 * Queues audit records and stores them in the background, in batches, so a
 * call's answer never waits on a durable write and a burst of calls costs
 * one write per batch, not one per call. A record waits in memory for at
 * most one store round trip; `flush()` runs on shutdown. A failing store is
 * logged, never allowed to fail the call.
 */
export function createAuditSink(state: Pick<StateStore, 'appendAudit'>, log: Logger, maxQueue = 10_000): AuditSink {
  let queue: AuditInput[] = [];
  let draining: Promise<void> | undefined;
  let dropped = 0;
  const drain = async (): Promise<void> => {
    // Let the calls answered in this turn of the event loop join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      try {
        await state.appendAudit(batch);
      } catch (error) {
        log.error('audit records could not be stored', { error, records: batch.length });
      }
    }
    draining = undefined;
  };
  return {
    write: (record) => {
      if (queue.length >= maxQueue) {
        dropped++;
        if (dropped === 1 || dropped % 1000 === 0) log.error('audit queue full; records dropped', { dropped });
        return;
      }
      queue.push(record);
      draining ??= drain();
    },
    flush: async () => {
      while (draining !== undefined) await draining;
    },
  };
}
