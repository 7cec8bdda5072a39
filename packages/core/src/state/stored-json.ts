import type { AuditInput } from './store.js';

/** Largest serialized arguments kept in a history or audit record; larger ones are replaced by a marker. */
export const maxRecordedArgsBytes = 16 * 1024;
/** Largest payload of a handle or `data` of a history entry. */
export const maxPayloadBytes = 1024 * 1024;

/**
 * Serializes recorded arguments. A record must never be lost because the
 * arguments were large (a file body, a manifest), so those are replaced by a
 * note of their size rather than refused.
 */
export function serializeArgs(args: Record<string, unknown>): string {
  const json = JSON.stringify(args);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= maxRecordedArgsBytes) return json;
  return JSON.stringify({
    '[omitted]': `arguments of ${bytes} bytes, over the ${maxRecordedArgsBytes}-byte record limit`,
  });
}

/** Serializes a payload the server itself produced; an oversized one is a bug in the caller. */
export function serializePayload(what: string, payload: Record<string, unknown>): string {
  const json = JSON.stringify(payload);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > maxPayloadBytes)
    throw new RangeError(`${what} is ${bytes} bytes; the state store keeps at most ${maxPayloadBytes}`);
  return json;
}

/** The audit table's columns, in the order {@link auditValues} gives their values. */
export const auditColumns = 'at, request_id, principal, server, tool, args, outcome, error_code, duration_ms';

/** An audit record as the values of one row of either store's audit table. */
export function auditValues(
  record: AuditInput,
): [
  at: Date,
  requestId: string,
  principal: string,
  server: string,
  tool: string,
  args: string,
  outcome: string,
  errorCode: string | null,
  durationMs: number,
] {
  return [
    record.at,
    record.requestId,
    record.principal,
    record.server,
    record.tool,
    serializeArgs(record.args),
    record.outcome,
    record.errorCode ?? null,
    record.durationMs,
  ];
}
