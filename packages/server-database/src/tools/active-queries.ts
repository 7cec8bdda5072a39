import * as z from 'zod';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

const activitySql = `
SELECT a.pid, a.usename AS "user", a.datname AS database, a.application_name AS application,
  a.client_addr::text AS client, a.state, nullif(concat_ws(':', a.wait_event_type, a.wait_event), '') AS waiting_on,
  round(extract(epoch FROM now() - a.query_start) * 1000)::int8 AS query_ms,
  round(extract(epoch FROM now() - a.xact_start) * 1000)::int8 AS transaction_ms,
  CASE WHEN cardinality(pg_blocking_pids(a.pid)) > 0 THEN to_json(pg_blocking_pids(a.pid)) END AS blocked_by,
  left(a.query, $3) AS query
FROM pg_stat_activity a
WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
  AND ($1::bool OR a.state IS DISTINCT FROM 'idle')
  AND (a.query_start IS NULL OR now() - a.query_start >= make_interval(secs => $2::float8 / 1000))
ORDER BY a.xact_start NULLS LAST, a.query_start NULLS LAST
LIMIT $4`;

/** The active_queries tool: sessions that run a query or hold a transaction. */
export const activeQueriesTool = defineDatabaseTool({
  name: 'active_queries',
  title: 'Running queries',
  description:
    'Sessions running a query or holding a transaction: who, state, wait event, query and transaction age, blockers, query text.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.object({
    include_idle: z.boolean().default(false),
    min_duration_ms: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
    connection: connectionInput,
  }),
  output: z.object({ connection: z.string(), sessions: recordsOutput }),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    const sessions = await database.readCatalog(entry, { signal }, (reader) =>
      reader.rows(
        activitySql,
        [input.include_idle, input.min_duration_ms, 1000, input.limit],
        z.record(z.string(), z.unknown()),
      ),
    );
    return {
      connection: entry.config.name,
      sessions: sessions.map((session) =>
        Object.fromEntries(Object.entries(session).filter(([, value]) => value !== null)),
      ),
    };
  },
});
