import * as z from 'zod';
import type { CatalogReader } from '../session/database.js';
import { compact } from './describe-relation.js';

const typeSql = `
SELECT n.nspname AS schema, t.typname AS name,
  CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range' WHEN 'm' THEN 'multirange' ELSE 'composite type' END AS kind,
  obj_description(t.oid, 'pg_type') AS comment,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
  CASE WHEN t.typtype = 'd' THEN NOT t.typnotnull END AS nullable,
  t.typdefault AS default,
  CASE WHEN t.typtype = 'e' THEN to_json(ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)) END AS labels,
  CASE WHEN t.typtype = 'd' THEN to_json(ARRAY(SELECT pg_get_constraintdef(c.oid, true) FROM pg_constraint c WHERE c.contypid = t.oid ORDER BY c.conname)) END AS checks,
  CASE WHEN t.typtype = 'c' THEN to_json(ARRAY(SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)) END AS attributes,
  CASE WHEN t.typtype = 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) END AS subtype
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.oid = $1`;

/** An enum's labels, a domain's base type and checks, a composite type's attributes, a range's subtype. */
export async function describeType(reader: CatalogReader, oid: number): Promise<Record<string, unknown>> {
  const [row] = await reader.rows(
    typeSql,
    [oid],
    z.object({
      schema: z.string(),
      name: z.string(),
      kind: z.string(),
      comment: z.string().nullable(),
      base_type: z.string().nullable(),
      nullable: z.boolean().nullable(),
      default: z.string().nullable(),
      labels: z.array(z.string()).nullable(),
      checks: z.array(z.string()).nullable(),
      attributes: z.array(z.string()).nullable(),
      subtype: z.string().nullable(),
    }),
  );
  if (row === undefined) return {};
  const { base_type, ...rest } = row;
  return compact({ ...rest, baseType: base_type });
}
