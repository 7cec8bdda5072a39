import type { Logger } from '../log.js';
import type { AuditInput, StateStore } from '../state/store.js';

/** Receives audit records off the hot path and writes them to the store in order. */
export interface AuditSink {
  write(record: AuditInput): void;
  /** Resolves when every record written so far is stored. */
  flush(): Promise<void>;
}

/**
 * Queues audit records and stores them in the background, so a call's answer
 * never waits on the audit write. A record is in memory for at most one
 * store round trip; `flush()` runs on shutdown. A failing store is logged,
 * never allowed to fail the call.
 */
export function createAuditSink(state: Pick<StateStore, 'appendAudit'>, log: Logger, maxQueue = 10_000): AuditSink {
  const queue: AuditInput[] = [];
  let draining: Promise<void> | undefined;
  let dropped = 0;
  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const record = queue.shift()!;
      try {
        await state.appendAudit(record);
      } catch (error) {
        log.error('audit record could not be stored', { error, requestId: record.requestId, tool: record.tool });
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
