import { defineResourceTemplate, fenceText } from '@infra-mcp/core';
import * as z from 'zod';
import type { DatabaseDeps } from '../deps.js';

const overviewSql = `
SELECT n.nspname AS schema, c.relname AS name,
  CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
  CASE WHEN c.reltuples >= 0 THEN c.reltuples::int8 END AS rows,
  (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
     || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY a.attnum)
   FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT string_agg(pg_get_constraintdef(k.oid, true), '; ' ORDER BY k.contype DESC, k.conname)
   FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype IN ('p', 'f')) AS keys
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp_%'
ORDER BY 1, 2
LIMIT 1000`;

const overviewRow = z.object({
  schema: z.string(),
  name: z.string(),
  kind: z.string(),
  rows: z.number().nullable(),
  columns: z.string().nullable(),
  keys: z.string().nullable(),
});

/** One resource per connection: every user table and view with its columns and keys, as plain text. */
export const schemaOverviewResource = defineResourceTemplate<DatabaseDeps>({
  uriTemplate: 'database://{connection}/schema',
  name: 'schema-overview',
  title: 'Schema overview',
  description: 'Tables and views of a connection with their columns and keys.',
  mimeType: 'text/plain',
  list: async ({ database }) =>
    database.connections().map((connection) => ({
      uri: `database://${connection.name}/schema`,
      name: `${connection.name}-schema`,
      title: `Schema of ${connection.name}`,
      description: `Tables and views of connection ${connection.name} (${connection.mode})`,
      mimeType: 'text/plain',
    })),
  read: async ({ connection }, { database, signal }) => {
    const entry = database.entry(connection);
    const rows = await database.readCatalog(entry, { signal }, (reader) => reader.rows(overviewSql, [], overviewRow));
    const head = `Connection ${entry.config.name} (${entry.config.mode})${describeEngine(entry.driver.describe())}`;
    if (rows.length === 0) return { text: `${head}\n\nNo user tables or views.\n`, mimeType: 'text/plain' };
    // Names, column lists and key definitions are whatever the database's users created: fenced as data.
    const lines: string[] = [];
    let schema: string | undefined;
    for (const row of rows) {
      if (row.schema !== schema) {
        if (schema !== undefined) lines.push('');
        schema = row.schema;
        lines.push(`schema ${schema}`);
      }
      const size = row.rows === null ? '' : `, ~${row.rows} rows`;
      lines.push(`  ${row.name} (${row.kind}${size}): ${row.columns ?? ''}`);
      if (row.keys !== null) lines.push(`    ${row.keys}`);
    }
    return { text: `${head}\n${fenceText(lines.join('\n'), 'database')}\n`, mimeType: 'text/plain' };
  },
});

function describeEngine(description: string | undefined): string {
  return description === undefined ? '' : ` — ${description}`;
}
