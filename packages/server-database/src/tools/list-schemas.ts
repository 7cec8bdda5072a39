import * as z from 'zod';
import { connectionInput, defineDatabaseTool, recordsOutput } from './common.js';

const systemSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`;

const schemasSql = `
SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner,
  count(c.oid) FILTER (WHERE c.relkind IN ('r', 'p')) AS tables,
  count(c.oid) FILTER (WHERE c.relkind IN ('v', 'm')) AS views,
  (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = n.oid) AS functions,
  obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace n
LEFT JOIN pg_class c ON c.relnamespace = n.oid
WHERE $1::bool OR (${systemSchemas})
GROUP BY n.oid
ORDER BY n.nspname`;

const aboutSql = `SELECT current_database() AS database, current_user AS "user",
  split_part(version(), ' on ', 1) AS server, current_setting('search_path') AS search_path`;

const schemaRow = z.object({
  name: z.string(),
  owner: z.string(),
  tables: z.number(),
  views: z.number(),
  functions: z.number(),
  comment: z.string().nullable(),
});

/** The list_schemas tool: what a connection is and which schemas it holds. */
export const listSchemasTool = defineDatabaseTool({
  name: 'list_schemas',
  title: 'List schemas',
  description:
    'Start here: the database, server version and mode of a connection, and its schemas with owner and counts of tables, views and functions.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    include_system: z.boolean().default(false),
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    mode: z.string(),
    database: z.string(),
    server: z.string(),
    searchPath: z.string(),
    engine: z.string().optional(),
    schemas: recordsOutput,
  }),
  handler: async (input, { database, signal }) => {
    const entry = database.entry(input.connection);
    const [about, schemas] = await database.readCatalog(entry, { signal }, async (reader) => [
      await reader.rows(
        aboutSql,
        [],
        z.object({ database: z.string(), user: z.string(), server: z.string(), search_path: z.string() }),
      ),
      await reader.rows(schemasSql, [input.include_system], schemaRow),
    ]);
    const engine = entry.driver.describe();
    return {
      connection: entry.config.name,
      mode: entry.config.mode,
      database: about[0]?.database ?? '',
      server: about[0]?.server ?? '',
      searchPath: about[0]?.search_path ?? '',
      ...(engine === undefined ? {} : { engine }),
      schemas: schemas.map(({ comment, ...schema }) => ({ ...schema, ...(comment === null ? {} : { comment }) })),
    };
  },
});
