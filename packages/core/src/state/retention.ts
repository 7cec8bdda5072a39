/** How long records are kept before `sweep` deletes them; 0 keeps them forever. */
export interface Retention {
  /** Days of audit records kept (default 90). */
  auditDays?: number;
  /** Days of history kept (default 365): long enough to answer "what changed this year?". */
  historyDays?: number;
}

const dayMs = 24 * 3600 * 1000;

/** The cut-off instants of `retention` at `now`, or `undefined` for records kept forever. */
export function retentionCutoffs(
  retention: Retention,
  now: number,
): { audit: number | undefined; history: number | undefined } {
  const cutoff = (days: number): number | undefined => (days > 0 ? now - days * dayMs : undefined);
  return { audit: cutoff(retention.auditDays ?? 90), history: cutoff(retention.historyDays ?? 365) };
}
