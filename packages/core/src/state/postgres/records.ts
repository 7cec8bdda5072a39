import type pg from 'pg';
import * as z from 'zod';
import { decodeSequenceCursor, encodeSequenceCursor } from '../cursor.js';
import { clampLimit } from '../limits.js';
import { jsonObject, pageOf } from '../rows.js';
import { auditColumns, auditValues, serializeArgs, serializePayload } from '../stored-json.js';
import type { AuditQuery, AuditRecord, HistoryEntry, HistoryQuery, StateStore } from '../store.js';
import { tableIn } from './connection.js';

const historyRow = z.object({
  id: z.string(),
  at: z.date(),
  server: z.string(),
  tool: z.string(),
  principal: z.string(),
  request_id: z.string(),
  args: jsonObject,
  outcome: z.enum(['ok', 'error']),
  summary: z.string(),
  data: jsonObject.nullable(),
});

const auditRow = z.object({
  id: z.string(),
  at: z.date(),
  request_id: z.string(),
  principal: z.string(),
  server: z.string(),
  tool: z.string(),
  args: jsonObject,
  outcome: z.enum(['ok', 'error', 'denied', 'rate_limited', 'confirmation_required', 'cancelled']),
  error_code: z.string().nullable(),
  duration_ms: z.number(),
});

function toHistory(raw: unknown): HistoryEntry {
  const row = historyRow.parse(raw);
  const { request_id: requestId, data, id, ...rest } = row;
  return { ...rest, id, requestId, ...(data === null ? {} : { data }) };
}

function toAudit(raw: unknown): AuditRecord {
  const row = auditRow.parse(raw);
  const { request_id: requestId, error_code: errorCode, duration_ms: durationMs, ...rest } = row;
  return { ...rest, requestId, durationMs, ...(errorCode === null ? {} : { errorCode }) };
}

type Filter = [column: string, operator: '=' | '>=' | '<', value: string | Date | undefined];

/** Selects newest first with only the filters given, so each combination is a plain, indexable statement. */
async function selectSequence(
  pool: pg.Pool,
  table: string,
  filters: readonly Filter[],
  page: { limit: number; cursor: string | undefined },
): Promise<unknown[]> {
  const active: [string, string, string | number | Date][] = [];
  for (const [column, operator, value] of filters) if (value !== undefined) active.push([column, operator, value]);
  if (page.cursor !== undefined) active.push(['id', '<', decodeSequenceCursor(page.cursor)]);
  const where = active.map(([column, operator], index) => `${column} ${operator} $${index + 1}`);
  const text = `SELECT * FROM ${table}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${active.length + 1}`;
  const result = await pool.query<Record<string, unknown>>(text, [
    ...active.map(([, , value]) => value),
    page.limit + 1,
  ]);
  return result.rows;
}

/** History and audit of the PostgreSQL store: append-only tables read newest first. */
export function createPostgresRecords(
  pool: pg.Pool,
  schema: string,
): Pick<StateStore, 'appendHistory' | 'listHistory' | 'appendAudit' | 'listAudit'> {
  const history = tableIn(schema, 'history');
  const audit = tableIn(schema, 'audit');
  const insertHistory = `
    INSERT INTO ${history} (at, server, tool, principal, request_id, args, outcome, summary, data)
    VALUES (now(), $1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb) RETURNING *`;
  const insertAudit = (rows: number): string => {
    const tuples = Array.from({ length: rows }, (_, row) => {
      const at = row * 9;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::jsonb, $${at + 7}, $${at + 8}, $${at + 9})`;
    });
    return `INSERT INTO ${audit} (${auditColumns}) VALUES ${tuples.join(', ')}`;
  };
  return {
    appendHistory: async (entry) => {
      const data = entry.data === undefined ? null : serializePayload('History data', entry.data);
      const values = [
        entry.server,
        entry.tool,
        entry.principal,
        entry.requestId,
        serializeArgs(entry.args),
        entry.outcome,
        entry.summary,
        data,
      ];
      const result = await pool.query({ name: `${schema}.append_history`, text: insertHistory, values });
      return toHistory(result.rows[0]);
    },
    listHistory: async (query: HistoryQuery) => {
      const limit = clampLimit(query.limit);
      const filters: Filter[] = [
        ['server', '=', query.server],
        ['tool', '=', query.tool],
        ['principal', '=', query.principal],
        ['at', '>=', query.since],
      ];
      const rows = await selectSequence(pool, history, filters, { limit, cursor: query.cursor });
      return pageOf(rows, limit, toHistory, (entry) => encodeSequenceCursor(Number(entry.id)));
    },
    appendAudit: async (batch) => {
      if (batch.length === 0) return;
      const values = batch.flatMap(auditValues);
      await pool.query({ text: insertAudit(batch.length), values });
    },
    listAudit: async (query: AuditQuery) => {
      const limit = clampLimit(query.limit);
      const filters: Filter[] = [
        ['at', '>=', query.since],
        ['at', '<', query.until],
        ['principal', '=', query.principal],
        ['server', '=', query.server],
        ['tool', '=', query.tool],
        ['outcome', '=', query.outcome],
      ];
      const rows = await selectSequence(pool, audit, filters, { limit, cursor: query.cursor });
      return pageOf(rows, limit, toAudit, (record) => encodeSequenceCursor(Number(record.id)));
    },
  };
}
