import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import type { CatalogReader } from '../session/database.js';

/** What a name denotes: a relation (table, view, sequence, index…), functions of that name, or a type. */
export type ResolvedObject =
  { kind: 'relation'; oid: number } | { kind: 'function'; oids: number[] } | { kind: 'type'; oid: number };

// The name is tried as written (so `public.orders` and `"Orders"` work as in
// SQL), then with each part taken literally (so `Orders` finds "Orders").
const resolveSql = `
SELECT 'relation' AS kind, coalesce(to_regclass($1), to_regclass($2))::int8 AS oid
  WHERE coalesce(to_regclass($1), to_regclass($2)) IS NOT NULL
UNION ALL
SELECT 'function', p.oid::int8 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.proname IN ($4::text, lower($4::text))
    AND CASE WHEN $3::text IS NULL THEN pg_function_is_visible(p.oid) ELSE n.nspname = $3 END
UNION ALL
SELECT 'type', t.oid::int8 FROM pg_type t
  WHERE t.oid = coalesce(to_regtype($1), to_regtype($2)) AND t.typtype IN ('e', 'd', 'r', 'm', 'c')`;

const similarSql = `
SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND (c.relname ILIKE '%' || $1 || '%' OR $1 ILIKE '%' || c.relname || '%' OR left(c.relname, 4) = left($1, 4))
ORDER BY length(c.relname), 1 LIMIT 8`;

/** Splits `schema.name` (or takes `schema` separately) into the forms {@link resolveObject} tries. */
function namesOf(
  name: string,
  schema: string | undefined,
): { written: string; literal: string; parts: [string, string] | undefined; bare: string } {
  const quote = (part: string): string => `"${part.replace(/"/g, '""')}"`;
  if (schema !== undefined) {
    const qualified = `${quote(schema)}.${quote(name)}`;
    return { written: qualified, literal: qualified, parts: [schema, name], bare: name };
  }
  const dot = name.startsWith('"') ? -1 : name.indexOf('.');
  if (dot > 0) {
    const [left, right] = [name.slice(0, dot), name.slice(dot + 1)];
    return { written: name, literal: `${quote(left)}.${quote(right)}`, parts: [left, right], bare: right };
  }
  const bare = name.replace(/^"(.*)"$/, '$1');
  return { written: name, literal: quote(bare), parts: undefined, bare };
}

/** Resolves a name the way SQL would (search_path, quoting); an unknown name is an error listing similar ones. */
export async function resolveObject(
  reader: CatalogReader,
  name: string,
  schema: string | undefined,
): Promise<ResolvedObject> {
  const names = namesOf(name, schema);
  const rows = await reader.rows(
    resolveSql,
    [names.written, names.literal, names.parts?.[0] ?? null, names.parts?.[1] ?? names.bare],
    z.object({ kind: z.enum(['relation', 'function', 'type']), oid: z.number() }),
  );
  const relation = rows.find((row) => row.kind === 'relation');
  if (relation !== undefined) return { kind: 'relation', oid: relation.oid };
  const functions = rows.filter((row) => row.kind === 'function').map((row) => row.oid);
  if (functions.length > 0) return { kind: 'function', oids: functions };
  const type = rows.find((row) => row.kind === 'type');
  if (type !== undefined) return { kind: 'type', oid: type.oid };
  const similar = await reader.rows(similarSql, [names.bare], z.object({ name: z.string() }));
  throw new ToolError(
    'NOT_FOUND',
    `No table, view, sequence, function or type named ${schema === undefined ? name : `${schema}.${name}`} is visible.${
      similar.length > 0 ? ` Similar: ${similar.map((row) => row.name).join(', ')}.` : ''
    }`,
    { hint: 'Qualify the name with its schema, or find it with search_objects.' },
  );
}
