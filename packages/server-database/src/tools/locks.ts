import * as z from 'zod';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

const waitsSql = `
SELECT w.pid, w.usename AS "user", l.mode AS wants, l.locktype AS lock_type,
  coalesce(l.relation::regclass::text, l.transactionid::text, l.virtualxid) AS object,
  round(extract(epoch FROM now() - coalesce(w.state_change, w.query_start)) * 1000)::int8 AS waiting_ms,
  left(w.query, 300) AS query,
  (SELECT json_agg(json_build_object('pid', b.pid, 'user', b.usename, 'state', b.state,
     'transaction_ms', round(extract(epoch FROM now() - b.xact_start) * 1000)::int8, 'query', left(b.query, 300)))
   FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(w.pid))) AS blocked_by
FROM pg_stat_activity w
JOIN pg_locks l ON l.pid = w.pid AND NOT l.granted
WHERE cardinality(pg_blocking_pids(w.pid)) > 0
ORDER BY waiting_ms DESC
LIMIT 50`;

const heldSql = `
SELECT l.pid, a.usename AS "user", l.mode, l.locktype AS lock_type,
  coalesce(l.relation::regclass::text, l.transactionid::text, l.virtualxid) AS object, a.state,
  round(extract(epoch FROM now() - a.xact_start) * 1000)::int8 AS transaction_ms
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.granted AND l.pid <> pg_backend_pid() AND l.locktype IN ('relation', 'advisory', 'transactionid', 'tuple', 'object')
  AND (l.locktype <> 'relation' OR l.relation NOT IN (SELECT oid FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace))
ORDER BY l.pid, l.locktype, object
LIMIT 200`;

/** The locks tool: who waits for a lock and who holds it. */
export const locksTool = defineDatabaseTool({
  name: 'locks',
  title: 'Lock waits',
  description:
    'Blocked sessions, the lock each wants and the sessions blocking it (state, transaction age, query); include_held adds granted locks.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    include_held: z.boolean().default(false),
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    waits: recordsOutput,
    held: recordsOutput.optional(),
  }),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    const record = z.record(z.string(), z.unknown());
    return database.readCatalog(entry, { signal }, async (reader) => {
      const waits = await reader.rows(waitsSql, [], record);
      const held = input.include_held ? await reader.rows(heldSql, [], record) : undefined;
      return { connection: entry.config.name, waits, ...(held === undefined ? {} : { held }) };
    });
  },
});
