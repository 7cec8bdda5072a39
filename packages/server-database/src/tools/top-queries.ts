import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { ServerError } from '../client/server-error.js';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

const orders = {
  total_time: 'total_ms',
  mean_time: 'mean_ms',
  calls: 'calls',
  rows: 'rows',
  io: 'read_blocks',
} as const;

const availabilitySql = `
SELECT e.extversion AS version, n.nspname AS schema,
  current_setting('server_version_num')::int AS server_version,
  pg_has_role(current_user, 'pg_read_all_stats', 'member') AS sees_all
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_stat_statements'`;

// Column names changed in PostgreSQL 13 (total_time became total_exec_time).
const statsSql = (schema: string, modern: boolean, orderBy: string): string => `
SELECT s.queryid::text AS queryid, pg_get_userbyid(s.userid) AS "user", s.calls,
  round(s.${modern ? 'total_exec_time' : 'total_time'}::numeric, 1) AS total_ms,
  round(s.${modern ? 'mean_exec_time' : 'mean_time'}::numeric, 2) AS mean_ms,
  s.rows, s.shared_blks_read AS read_blocks,
  CASE WHEN s.shared_blks_hit + s.shared_blks_read > 0
    THEN round(100.0 * s.shared_blks_hit / (s.shared_blks_hit + s.shared_blks_read), 1) END AS hit_percent,
  left(s.query, 600) AS query
FROM "${schema.replace(/"/g, '""')}".pg_stat_statements s
JOIN pg_database d ON d.oid = s.dbid AND d.datname = current_database()
ORDER BY ${orderBy} DESC NULLS LAST
LIMIT $1`;

const statRow = z.object({
  queryid: z.string().nullable(),
  user: z.string().nullable(),
  calls: z.number(),
  total_ms: z.number().or(z.string()),
  mean_ms: z.number().or(z.string()),
  rows: z.number(),
  read_blocks: z.number(),
  hit_percent: z.number().or(z.string()).nullable(),
  query: z.string().nullable(),
});

/** The top_queries tool: the costliest statements from pg_stat_statements. */
export const topQueriesTool = defineDatabaseTool({
  name: 'top_queries',
  title: 'Most expensive queries',
  description: 'The costliest statements from pg_stat_statements: calls, total and mean time, rows, cache hits.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    order_by: z.enum(['total_time', 'mean_time', 'calls', 'rows', 'io']).default('total_time'),
    limit: z.number().int().min(1).max(100).default(10),
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    orderedBy: z.string(),
    queries: recordsOutput,
    notice: z.string().optional(),
  }),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    return database.readCatalog(entry, { signal }, async (reader) => {
      const [available] = await reader.rows(
        availabilitySql,
        [],
        z.object({ version: z.string(), schema: z.string(), server_version: z.number(), sees_all: z.boolean() }),
      );
      if (available === undefined)
        throw new ToolError(
          'UPSTREAM_UNAVAILABLE',
          `pg_stat_statements is not installed in this database (connection ${entry.config.name}).`,
          {
            hint: 'Ask a DBA to add pg_stat_statements to shared_preload_libraries, restart, and run CREATE EXTENSION pg_stat_statements. Meanwhile active_queries shows what runs now.',
          },
        );
      const rows = await reader
        .rows(
          statsSql(available.schema, available.server_version >= 130_000, orders[input.order_by]),
          [input.limit],
          statRow,
        )
        .catch((error: unknown) => {
          if (error instanceof ServerError && error.sqlState === '55000')
            throw new ToolError(
              'UPSTREAM_UNAVAILABLE',
              `pg_stat_statements is installed but not loaded on the server behind connection ${entry.config.name}.`,
              { hint: 'Ask a DBA to add pg_stat_statements to shared_preload_libraries and restart PostgreSQL.' },
            );
          throw error;
        });
      return {
        connection: entry.config.name,
        orderedBy: input.order_by,
        queries: rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null))),
        ...(available.sees_all
          ? {}
          : { notice: "Other users' statement texts are hidden: the role is not a member of pg_read_all_stats." }),
      };
    });
  },
});
