import type Database from 'better-sqlite3';
import * as z from 'zod';
import { decodeSequenceCursor, encodeSequenceCursor } from '../cursor.js';
import { clampLimit } from '../limits.js';
import { pageOf, parseJsonObject } from '../rows.js';
import { auditColumns, auditValues, serializeArgs, serializePayload } from '../stored-json.js';
import type {
  AuditInput,
  AuditOutcome,
  AuditQuery,
  AuditRecord,
  HistoryEntry,
  HistoryQuery,
  StateStore,
} from '../store.js';

const historyRow = z.object({
  id: z.number(),
  at: z.number(),
  server: z.string(),
  tool: z.string(),
  principal: z.string(),
  request_id: z.string(),
  args: z.string(),
  outcome: z.enum(['ok', 'error']),
  summary: z.string(),
  data: z.string().nullable(),
});

const auditOutcomes = ['ok', 'error', 'denied', 'rate_limited', 'confirmation_required', 'cancelled'] as const;
const auditRow = z.object({
  id: z.number(),
  at: z.number(),
  request_id: z.string(),
  principal: z.string(),
  server: z.string(),
  tool: z.string(),
  args: z.string(),
  outcome: z.enum(auditOutcomes),
  error_code: z.string().nullable(),
  duration_ms: z.number(),
});

function toHistory(raw: unknown): HistoryEntry {
  const row = historyRow.parse(raw);
  return {
    id: String(row.id),
    at: new Date(row.at),
    server: row.server,
    tool: row.tool,
    principal: row.principal,
    requestId: row.request_id,
    args: parseJsonObject(row.args),
    outcome: row.outcome,
    summary: row.summary,
    ...(row.data === null ? {} : { data: parseJsonObject(row.data) }),
  };
}

function toAudit(raw: unknown): AuditRecord {
  const row = auditRow.parse(raw);
  return {
    id: String(row.id),
    at: new Date(row.at),
    requestId: row.request_id,
    principal: row.principal,
    server: row.server,
    tool: row.tool,
    args: parseJsonObject(row.args),
    outcome: row.outcome satisfies AuditOutcome,
    ...(row.error_code === null ? {} : { errorCode: row.error_code }),
    durationMs: row.duration_ms,
  };
}

type Filter = [column: string, operator: '=' | '>=' | '<' | '<=', value: string | number | undefined];

/**
 * Selects newest-first with only the filters given, so each combination is
 * one plain statement the planner can index (prepared once, then cached).
 */
function createSequenceQuery(db: Database.Database, table: 'history' | 'audit') {
  const cache = new Map<string, Database.Statement>();
  return (filters: readonly Filter[], limit: number, cursor: string | undefined): unknown[] => {
    const active: Filter[] = filters.filter(([, , value]) => value !== undefined);
    if (cursor !== undefined) active.push(['id', '<', decodeSequenceCursor(cursor)]);
    const where = active.map(([column, operator], index) => `${column} ${operator} @p${index}`);
    const sql = `SELECT * FROM ${table}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @fetch`;
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    const params = Object.fromEntries(active.map(([, , value], index) => [`p${index}`, value]));
    return statement.all({ ...params, fetch: limit + 1 });
  };
}

/** History and audit of the SQLite store: append-only tables read newest first. */
export function createSqliteRecords(
  db: Database.Database,
): Pick<StateStore, 'appendHistory' | 'listHistory' | 'appendAudit' | 'listAudit'> {
  const insertHistory = db.prepare(
    `INSERT INTO history (at, server, tool, principal, request_id, args, outcome, summary, data)
     VALUES (@at, @server, @tool, @principal, @requestId, @args, @outcome, @summary, @data) RETURNING *`,
  );
  // Positional parameters: every call writes one of these, and binding by position skips a name lookup per value.
  const insertAudit = db.prepare(`INSERT INTO audit (${auditColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const appendAuditRows = db.transaction((batch: readonly AuditInput[]) => {
    for (const record of batch) {
      const [at, ...rest] = auditValues(record);
      insertAudit.run(at.getTime(), ...rest);
    }
  });
  const queryHistory = createSequenceQuery(db, 'history');
  const queryAudit = createSequenceQuery(db, 'audit');
  return {
    appendHistory: async (entry) => {
      const data = entry.data === undefined ? null : serializePayload('History data', entry.data);
      return toHistory(insertHistory.get({ ...entry, at: Date.now(), args: serializeArgs(entry.args), data }));
    },
    listHistory: async (query: HistoryQuery) => {
      const limit = clampLimit(query.limit);
      const rows = queryHistory(
        [
          ['server', '=', query.server],
          ['tool', '=', query.tool],
          ['principal', '=', query.principal],
          ['at', '>=', query.since?.getTime()],
        ],
        limit,
        query.cursor,
      );
      return pageOf(rows, limit, toHistory, (entry) => encodeSequenceCursor(Number(entry.id)));
    },
    appendAudit: async (batch) => appendAuditRows(batch),
    listAudit: async (query: AuditQuery) => {
      const limit = clampLimit(query.limit);
      const rows = queryAudit(
        [
          ['at', '>=', query.since?.getTime()],
          ['at', '<', query.until?.getTime()],
          ['principal', '=', query.principal],
          ['server', '=', query.server],
          ['tool', '=', query.tool],
          ['outcome', '=', query.outcome],
        ],
        limit,
        query.cursor,
      );
      return pageOf(rows, limit, toAudit, (record) => encodeSequenceCursor(Number(record.id)));
    },
  };
}
