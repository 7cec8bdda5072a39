import * as z from 'zod';
import { fitItems } from '../results/page.js';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';
import { systemSchemaFilter } from './list-objects.js';

const searchKinds = ['table', 'view', 'column', 'function', 'type', 'sequence'] as const;

const searchSql = `
WITH matches AS (
  SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind,
    n.nspname AS schema, c.relname AS name, NULL::text AS detail, c.relname AS matched
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT c.relispartition
  UNION ALL
  SELECT 'column', n.nspname, c.relname, a.attname || ' ' || format_type(a.atttypid, a.atttypmod), a.attname
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT 'function', n.nspname, p.proname, '(' || pg_get_function_identity_arguments(p.oid) || ')', p.proname
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  UNION ALL
  SELECT 'type', n.nspname, t.typname, NULL, t.typname
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c'))
)
SELECT kind, schema, name, detail FROM matches
WHERE matched ILIKE '%' || $1 || '%' AND kind = ANY ($2::text[])
  AND CASE WHEN $3::bool THEN true ELSE ${systemSchemaFilter} END
ORDER BY matched ILIKE $1 DESC, length(matched), schema, name, detail
LIMIT $4`;

/** The search_objects tool: objects and columns by part of their name. */
export const searchObjectsTool = defineDatabaseTool({
  name: 'search_objects',
  title: 'Search tables, columns and functions',
  description:
    'Finds tables, views, columns, functions, types and sequences whose name contains the text, exact matches first.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    text: z.string().min(1),
    kinds: z.array(z.enum(searchKinds)).optional(),
    include_system: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(50),
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    matches: recordsOutput,
  }),
  handler: async (input, { database, signal, maxOutputBytes }) => {
    const entry = database.entry(input.connection);
    const text = input.text.replace(/[\\%_]/g, (char) => `\\${char}`);
    const rows = await database.readCatalog(entry, { signal }, (reader) =>
      reader.rows(
        searchSql,
        [text, `{${(input.kinds ?? searchKinds).join(',')}}`, input.include_system, input.limit],
        z.object({ kind: z.string(), schema: z.string(), name: z.string(), detail: z.string().nullable() }),
      ),
    );
    const matches = rows.map(({ detail, ...match }) => ({ ...match, ...(detail === null ? {} : { detail }) }));
    return { connection: entry.config.name, matches: fitItems(matches, maxOutputBytes - 600) };
  },
});
