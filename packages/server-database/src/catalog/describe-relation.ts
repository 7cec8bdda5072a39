import * as z from 'zod';
import type { CatalogReader } from '../session/database.js';

const kinds: Record<string, string> = {
  r: 'table',
  p: 'partitioned table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
  S: 'sequence',
  i: 'index',
  I: 'partitioned index',
  c: 'composite type',
  t: 'toast table',
};

const headerSql = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, pg_get_userbyid(c.relowner) AS owner,
  obj_description(c.oid, 'pg_class') AS comment,
  CASE WHEN c.relkind IN ('r', 'p', 'm', 'f') AND c.reltuples >= 0 THEN c.reltuples::int8 END AS row_estimate,
  CASE WHEN c.relkind IN ('r', 'p', 'm', 'i', 'S') THEN pg_size_pretty(pg_total_relation_size(c.oid)) END AS total_size,
  CASE WHEN c.relkind IN ('r', 'm') THEN pg_size_pretty(pg_indexes_size(c.oid)) END AS index_size,
  c.relrowsecurity AS row_security,
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS definition,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
  (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions,
  (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) AS partition_of
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = $1`;

const columnsSql = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
  CASE WHEN a.attgenerated::text = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
  CASE WHEN a.attgenerated::text <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated,
  CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity,
  col_description(a.attrelid, a.attnum) AS comment
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

const constraintsSql = `
SELECT con.conname AS name, con.contype::text AS type, pg_get_constraintdef(con.oid, true) AS definition,
  CASE WHEN con.contype = 'f' THEN con.confrelid::regclass::text END AS refers_to,
  to_json(ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, position)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.position)) AS columns
FROM pg_constraint con
WHERE con.conrelid = $1 AND con.contype IN ('p', 'u', 'f', 'c', 'x')
ORDER BY con.contype, con.conname`;

const referencedBySql = `
SELECT con.conname AS name, con.conrelid::regclass::text AS "table", pg_get_constraintdef(con.oid, true) AS definition
FROM pg_constraint con WHERE con.confrelid = $1 AND con.contype = 'f'
ORDER BY 2, 1`;

const indexesSql = `
SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid,
  pg_size_pretty(pg_relation_size(i.indexrelid)) AS size, s.idx_scan AS scans
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
LEFT JOIN pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
WHERE i.indrelid = $1
ORDER BY i.indisprimary DESC, ic.relname`;

const triggersSql = `
SELECT t.tgname AS name, pg_get_triggerdef(t.oid, true) AS definition, t.tgenabled <> 'D' AS enabled
FROM pg_trigger t WHERE t.tgrelid = $1 AND NOT t.tgisinternal ORDER BY t.tgname`;

const policiesSql = `
SELECT p.polname AS name, CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
  WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
  pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
FROM pg_policy p WHERE p.polrelid = $1 ORDER BY p.polname`;

const activitySql = `
SELECT s.seq_scan AS seq_scans, s.idx_scan AS index_scans, s.n_live_tup AS live_rows, s.n_dead_tup AS dead_rows,
  greatest(s.last_vacuum, s.last_autovacuum)::text AS last_vacuum, greatest(s.last_analyze, s.last_autoanalyze)::text AS last_analyze
FROM pg_stat_all_tables s WHERE s.relid = $1`;

const sequenceSql = `
SELECT s.data_type::text AS type, s.start_value, s.min_value, s.max_value, s.increment_by AS increment, s.cycle,
  s.last_value,
  (SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_depend d
     JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
   WHERE d.objid = $1 AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') LIMIT 1) AS owned_by
FROM pg_sequences s JOIN pg_class c ON c.relname = s.sequencename
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
WHERE c.oid = $1`;

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();
const text = nullable(z.string());
const count = nullable(z.number().or(z.string()));

/** Drops null fields so the description carries only what the object has. */
export function compact<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)) as {
    [K in keyof T]?: Exclude<T[K], null>;
  };
}

/**
 * Everything an engineer asks about a table-like object: columns with types,
 * nullability and defaults; keys both ways; indexes with size, validity and
 * use; constraints, triggers, policies; size and row estimate; activity.
 */
export async function describeRelation(reader: CatalogReader, oid: number): Promise<Record<string, unknown>> {
  const [header] = await reader.rows(
    headerSql,
    [oid],
    z.object({
      schema: z.string(),
      name: z.string(),
      relkind: z.string(),
      owner: z.string(),
      comment: text,
      row_estimate: count,
      total_size: text,
      index_size: text,
      row_security: z.boolean(),
      definition: text,
      partition_key: text,
      partitions: z.number(),
      partition_of: text,
    }),
  );
  if (header === undefined) return {};
  const relkind = header.relkind;
  const base = {
    kind: kinds[relkind] ?? relkind,
    schema: header.schema,
    name: header.name,
    owner: header.owner,
    ...compact({
      comment: header.comment,
      rowEstimate: header.row_estimate,
      size: header.total_size,
      indexSize: header.index_size,
      partitionKey: header.partition_key,
      partitionOf: header.partition_of,
      definition: header.definition,
    }),
    ...(header.partitions > 0 ? { partitions: header.partitions } : {}),
    ...(header.row_security ? { rowSecurity: true } : {}),
  };
  if (relkind === 'S')
    return { ...base, sequence: compact((await reader.rows(sequenceSql, [oid], sequenceRow))[0] ?? {}) };
  if (relkind === 'i' || relkind === 'I') return base;
  return { ...base, ...(await describeParts(reader, oid, relkind, header.row_security)) };
}

const sequenceRow = z.object({
  type: z.string(),
  start_value: count,
  min_value: count,
  max_value: count,
  increment: count,
  cycle: z.boolean(),
  last_value: count,
  owned_by: text,
});

async function describeParts(
  reader: CatalogReader,
  oid: number,
  relkind: string,
  rowSecurity: boolean,
): Promise<Record<string, unknown>> {
  const columns = await reader.rows(
    columnsSql,
    [oid],
    z.object({
      name: z.string(),
      type: z.string(),
      nullable: z.boolean(),
      default: text,
      generated: text,
      identity: text,
      comment: text,
    }),
  );
  const parts: Record<string, unknown> = { columns: columns.map(compact) };
  if (relkind === 'v') return parts;
  const constraints = await reader.rows(
    constraintsSql,
    [oid],
    z.object({
      name: z.string(),
      type: z.string(),
      definition: z.string(),
      refers_to: text,
      columns: z.array(z.string()),
    }),
  );
  const primary = constraints.find((constraint) => constraint.type === 'p');
  if (primary !== undefined) parts.primaryKey = { name: primary.name, columns: primary.columns };
  const foreign = constraints.filter((constraint) => constraint.type === 'f');
  if (foreign.length > 0)
    parts.foreignKeys = foreign.map(({ name, columns: keyColumns, refers_to, definition }) => ({
      name,
      columns: keyColumns,
      references: refers_to ?? '',
      definition,
    }));
  const referencedBy = await reader.rows(
    referencedBySql,
    [oid],
    z.object({ name: z.string(), table: z.string(), definition: z.string() }),
  );
  if (referencedBy.length > 0) parts.referencedBy = referencedBy;
  const other = constraints.filter((constraint) => ['u', 'c', 'x'].includes(constraint.type));
  if (other.length > 0)
    parts.constraints = other.map(({ name, type, definition }) => ({
      name,
      type: type === 'u' ? 'unique' : type === 'c' ? 'check' : 'exclusion',
      definition,
    }));
  const indexes = await reader.rows(
    indexesSql,
    [oid],
    z.object({ name: z.string(), definition: z.string(), valid: z.boolean(), size: z.string(), scans: count }),
  );
  if (indexes.length > 0)
    parts.indexes = indexes.map(({ valid, ...index }) => ({ ...compact(index), ...(valid ? {} : { valid }) }));
  const triggers = await reader.rows(
    triggersSql,
    [oid],
    z.object({ name: z.string(), definition: z.string(), enabled: z.boolean() }),
  );
  if (triggers.length > 0) parts.triggers = triggers;
  if (rowSecurity)
    parts.policies = (
      await reader.rows(
        policiesSql,
        [oid],
        z.object({ name: z.string(), command: z.string(), using: text, with_check: text }),
      )
    ).map(compact);
  const [activity] = await reader.rows(
    activitySql,
    [oid],
    z.object({
      seq_scans: count,
      index_scans: count,
      live_rows: count,
      dead_rows: count,
      last_vacuum: text,
      last_analyze: text,
    }),
  );
  if (activity !== undefined) parts.activity = compact(activity);
  return parts;
}
