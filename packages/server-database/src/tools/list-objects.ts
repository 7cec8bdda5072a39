import { truncated } from '@infra-mcp/core';
import * as z from 'zod';
import { decodeListingCursor, encodeListingCursor } from '../results/listing-cursor.js';
import { fitItems } from '../results/page.js';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

/** The kinds of object the catalog tools name. */
export const objectKinds = [
  'table',
  'view',
  'materialized_view',
  'foreign_table',
  'sequence',
  'index',
  'function',
  'procedure',
  'aggregate',
  'type',
] as const;

/** Schemas PostgreSQL itself owns; listings leave them out unless asked. */
export const systemSchemaFilter = `NOT (schema IN ('pg_catalog', 'information_schema', 'pg_toast')
  OR schema LIKE 'pg_temp_%' OR schema LIKE 'pg_toast_temp_%')`;

const objectsSql = `
WITH objects AS (
  SELECT n.nspname AS schema, c.relname AS name,
    CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
      WHEN 'm' THEN 'materialized_view' WHEN 'f' THEN 'foreign_table' WHEN 'S' THEN 'sequence' ELSE 'index' END AS kind,
    CASE WHEN c.relkind IN ('r', 'p', 'm', 'f') AND c.reltuples >= 0 THEN c.reltuples::int8 END AS rows,
    c.oid AS relid, obj_description(c.oid, 'pg_class') AS comment
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'i', 'I') AND NOT c.relispartition
  UNION ALL
  SELECT n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
    CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
    NULL, NULL, obj_description(p.oid, 'pg_proc')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  UNION ALL
  SELECT n.nspname, t.typname, 'type', NULL, NULL, obj_description(t.oid, 'pg_type')
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r', 'm')
    OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))
)
SELECT schema, name, kind, rows,
  CASE WHEN kind IN ('table', 'materialized_view', 'index') THEN pg_size_pretty(pg_total_relation_size(relid)) END AS size,
  comment
FROM objects
WHERE CASE WHEN $1::text IS NULL THEN ${systemSchemaFilter} ELSE schema = $1 END
  AND ($2::text IS NULL OR kind = $2)
  AND ($3::text IS NULL OR name ILIKE $3)
  AND ($4::text IS NULL OR (schema, name, kind) > ($4, $5::text, $6::text))
ORDER BY schema, name, kind
LIMIT $7`;

const objectRow = z.object({
  schema: z.string(),
  name: z.string(),
  kind: z.string(),
  rows: z.number().nullable(),
  size: z.string().nullable(),
  comment: z.string().nullable(),
});

/** The list_objects tool: the objects of a schema, paged by keyset. */
export const listObjectsTool = defineDatabaseTool({
  name: 'list_objects',
  title: 'List tables, views, functions…',
  description:
    'Tables, views, sequences, indexes, functions and types of a schema (default: all user schemas) with row estimates and sizes; filter by kind and name pattern.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    schema: z.string().optional().describe('Default: all user schemas'),
    kind: z.enum(objectKinds).optional(),
    pattern: z.string().optional().describe("ILIKE, e.g. 'order%'"),
    limit: z.number().int().min(1).max(1000).default(200),
    connection: connectionInput,
    cursor: z.string().optional(),
  }),
  output: z.object({
    connection: z.string(),
    objects: recordsOutput,
  }),
  handler: async (input, { database, signal, maxOutputBytes }) => {
    const entry = database.entry(input.connection);
    const after = input.cursor === undefined ? [null, null, null] : decodeListingCursor(input.cursor, 3);
    const rows = await database.readCatalog(entry, { signal }, (reader) =>
      reader.rows(
        objectsSql,
        [input.schema ?? null, input.kind ?? null, input.pattern ?? null, ...after, input.limit + 1],
        objectRow,
      ),
    );
    const objects = rows.slice(0, input.limit).map(({ rows: estimate, size, comment, ...object }) => ({
      ...object,
      ...(estimate === null ? {} : { rows: estimate }),
      ...(size === null ? {} : { size }),
      ...(comment === null ? {} : { comment }),
    }));
    const shown = fitItems(objects, maxOutputBytes - 600);
    const last = shown.at(-1);
    if ((rows.length > input.limit || shown.length < objects.length) && last !== undefined)
      return {
        connection: entry.config.name,
        objects: shown,
        truncated: truncated(`${shown.length} objects shown; more follow. Pass the cursor for the next page.`, {
          cursor: encodeListingCursor([last.schema, last.name, last.kind]),
        }),
      };
    return { connection: entry.config.name, objects: shown };
  },
});
