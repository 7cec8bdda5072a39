import * as z from 'zod';
import type { CatalogReader } from '../session/database.js';
import { compact } from './describe-relation.js';

const routinesSql = `
SELECT n.nspname AS schema, p.proname AS name,
  CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END AS kind,
  pg_get_function_identity_arguments(p.oid) AS arguments, pg_get_function_result(p.oid) AS returns,
  l.lanname AS language,
  CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,
  p.prosecdef AS security_definer, pg_get_userbyid(p.proowner) AS owner,
  obj_description(p.oid, 'pg_proc') AS comment,
  CASE WHEN p.prokind IN ('f', 'p') AND l.lanname <> 'internal' AND l.lanname <> 'c' THEN pg_get_functiondef(p.oid) END AS definition
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.oid = ANY ($1::oid[])
ORDER BY n.nspname, p.proname, 4`;

const definitionLimit = 8_000;

/** Every overload of a function or procedure: signature, result, language, volatility, definition. */
export async function describeRoutines(
  reader: CatalogReader,
  oids: readonly number[],
): Promise<Record<string, unknown>> {
  const rows = await reader.rows(
    routinesSql,
    [`{${oids.join(',')}}`],
    z.object({
      schema: z.string(),
      name: z.string(),
      kind: z.string(),
      arguments: z.string(),
      returns: z.string().nullable(),
      language: z.string(),
      volatility: z.string(),
      security_definer: z.boolean(),
      owner: z.string(),
      comment: z.string().nullable(),
      definition: z.string().nullable(),
    }),
  );
  const first = rows[0];
  return {
    kind: first?.kind ?? 'function',
    schema: first?.schema ?? '',
    name: first?.name ?? '',
    overloads: rows.map(({ schema: _schema, name: _name, security_definer, definition, ...routine }) => ({
      ...compact(routine),
      ...(security_definer ? { securityDefiner: true } : {}),
      ...(definition === null
        ? {}
        : {
            definition:
              definition.length > definitionLimit
                ? `${definition.slice(0, definitionLimit)}\n… [${definition.length - definitionLimit} more characters]`
                : definition,
          }),
    })),
  };
}
