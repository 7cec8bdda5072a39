import * as z from 'zod';
import type { StatementResult, Step } from '../client/driver.js';
import type { CatalogFunction } from './function-rules.js';
import type { FunctionReference, QualifiedName } from './tree.js';

/** What one round of catalog lookups asks about: names from the SQL text, OIDs from analyzed trees. */
export interface LookupRequest {
  functions: readonly FunctionReference[];
  operators: readonly QualifiedName[];
  relations: readonly QualifiedName[];
  types: readonly QualifiedName[];
  functionOids: readonly number[];
  operatorOids: readonly number[];
  relationOids: readonly number[];
  domainOids: readonly number[];
}

/** A function found by the lookup, and how the statement reaches it. */
export interface FoundFunction extends CatalogFunction {
  /** Set when the function runs behind an operator, e.g. `operator public.===`. */
  via: string | undefined;
}

/** An analyzed tree attached to a relation or domain the statement uses: a view, a policy, a domain check. */
export interface FoundTree {
  source: string;
  tree: string;
}

/** The answer to one {@link LookupRequest}. */
export interface LookupResult {
  functions: FoundFunction[];
  trees: FoundTree[];
}

// One round trip resolves every name the way PostgreSQL would see it in this
// transaction (search_path, role): every overload of a function name that
// accepts the call's argument count, every user-defined operator of a symbol
// (built-in operators all run built-in, non-volatile functions, which a test
// keeps checking on both engines), the exact
// relation and type a name denotes. Aggregates bring their support
// functions; user-defined casts count when a value of their source type can
// occur (a named type, a column of a relation used, a function's result) and
// they are either named or implicit; views, row-level security policies and
// domain checks bring their analyzed trees.
const lookupSql = `
WITH RECURSIVE
fn_by_name AS (
  SELECT p.oid, NULL::text AS via
  FROM unnest($1::text[], $2::text[], $3::int[]) AS r(schema, name, arity)
  JOIN pg_proc p ON p.proname = r.name
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE CASE WHEN r.schema IS NULL THEN n.nspname = ANY (current_schemas(true)) ELSE n.nspname = r.schema END
    AND (r.arity < 0 OR p.pronargs = r.arity
      OR (p.pronargdefaults > 0 AND r.arity BETWEEN p.pronargs - p.pronargdefaults AND p.pronargs)
      OR (p.provariadic <> 0 AND r.arity >= p.pronargs - 1))
),
op_by_name AS (
  SELECT o.oid
  FROM unnest($4::text[], $5::text[]) AS r(schema, name)
  JOIN pg_operator o ON o.oprname = r.name
  JOIN pg_namespace n ON n.oid = o.oprnamespace
  WHERE o.oid >= 16384
    AND CASE WHEN r.schema IS NULL THEN n.nspname = ANY (current_schemas(true)) ELSE n.nspname = r.schema END
),
ops AS (SELECT oid FROM op_by_name UNION SELECT o FROM unnest($11::int8[]) AS t(o) WHERE o >= 16384),
op_fns AS (
  SELECT o.oprcode::oid AS oid, 'operator ' || n.nspname || '.' || o.oprname AS via
  FROM pg_operator o JOIN ops USING (oid) JOIN pg_namespace n ON n.oid = o.oprnamespace
  WHERE o.oprcode <> 0
),
rels AS (
  SELECT to_regclass(CASE WHEN r.schema IS NULL THEN quote_ident(r.name)
    ELSE quote_ident(r.schema) || '.' || quote_ident(r.name) END)::oid AS oid
  FROM unnest($6::text[], $7::text[]) AS r(schema, name)
  UNION SELECT unnest($12::int8[])::oid
),
rel_trees AS (
  SELECT 'view ' || n.nspname || '.' || c.relname AS source, w.ev_action::text AS tree
  FROM pg_class c JOIN rels USING (oid) JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_rewrite w ON w.ev_class = c.oid AND w.rulename = '_RETURN'
  WHERE c.relkind = 'v'
  UNION ALL
  SELECT 'row-level security policy ' || p.polname || ' on ' || n.nspname || '.' || c.relname,
    coalesce(p.polqual::text, '') || ' ' || coalesce(p.polwithcheck::text, '')
  FROM pg_class c JOIN rels USING (oid) JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_policy p ON p.polrelid = c.oid
  WHERE c.relrowsecurity
),
types AS (
  SELECT to_regtype(CASE WHEN r.schema IS NULL THEN quote_ident(r.name)
    ELSE quote_ident(r.schema) || '.' || quote_ident(r.name) END)::oid AS oid
  FROM unnest($8::text[], $9::text[]) AS r(schema, name)
  UNION SELECT unnest($13::int8[])::oid
),
domains(oid) AS (
  SELECT t.oid FROM pg_type t JOIN types USING (oid) WHERE t.typtype = 'd'
  UNION SELECT t.typbasetype FROM pg_type t JOIN domains d ON t.oid = d.oid WHERE t.typtype = 'd'
),
domain_trees AS (
  SELECT 'domain ' || format_type(c.contypid, NULL) || ' check ' || c.conname AS source, c.conbin::text AS tree
  FROM pg_constraint c JOIN domains d ON c.contypid = d.oid WHERE c.conbin IS NOT NULL
),
reachable_types AS (
  SELECT oid FROM types
  UNION SELECT a.atttypid FROM pg_attribute a JOIN rels r ON a.attrelid = r.oid WHERE a.attnum > 0
  UNION SELECT p.prorettype FROM pg_proc p JOIN fn_by_name f ON f.oid = p.oid
),
cast_fns AS (
  SELECT c.castfunc AS oid, 'cast from ' || format_type(c.castsource, NULL) || ' to ' || format_type(c.casttarget, NULL) AS via
  FROM pg_cast c
  WHERE c.castfunc >= 16384 AND c.castsource IN (SELECT oid FROM reachable_types)
    AND (c.casttarget IN (SELECT oid FROM types) OR c.castcontext <> 'e')
),
wanted AS (
  SELECT oid, via FROM fn_by_name UNION SELECT oid, via FROM op_fns UNION SELECT oid, via FROM cast_fns
  UNION SELECT unnest($10::int8[])::oid, NULL
),
support AS (
  SELECT unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
    a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn]::oid[]) AS oid, 'aggregate ' || w.oid::regproc::text AS via
  FROM pg_aggregate a JOIN wanted w ON a.aggfnoid = w.oid
),
found AS (
  SELECT DISTINCT ON (p.oid) p.oid, n.nspname, p.proname, p.prokind, p.provolatile,
    p.oid < 16384 AND n.nspname = 'pg_catalog' AS builtin, e.extname, x.via
  FROM (SELECT oid, via FROM wanted UNION ALL SELECT oid, via FROM support WHERE oid <> 0) x
  JOIN pg_proc p ON p.oid = x.oid
  JOIN pg_namespace n ON n.oid = p.pronamespace
  LEFT JOIN pg_depend d ON p.oid >= 16384 AND d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  LEFT JOIN pg_extension e ON e.oid = d.refobjid
  ORDER BY p.oid, x.via NULLS FIRST
)
SELECT
  (SELECT coalesce(json_agg(json_build_array(oid::int8, nspname, proname, prokind, provolatile, builtin, extname, via)), '[]')
   FROM found)::text AS functions,
  (SELECT coalesce(json_agg(json_build_array(source, tree)), '[]')
   FROM (SELECT source, tree FROM rel_trees UNION ALL SELECT source, tree FROM domain_trees) t)::text AS trees
`;

const functionRow = z.tuple([
  z.number(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.boolean(),
  z.string().nullable(),
  z.string().nullable(),
]);
const treeRow = z.tuple([z.string(), z.string()]);

const split = (names: readonly QualifiedName[]): [(string | null)[], string[]] => [
  names.map((name) => name.schema ?? null),
  names.map((name) => name.name),
];

/** Runs one step inside the caller's transaction and returns its result. */
export type StepRunner = (step: Step) => Promise<StatementResult>;

/** Runs one lookup round inside the caller's transaction, so it sees what the statement will see. */
export async function lookUpCatalog(run: StepRunner, request: LookupRequest): Promise<LookupResult> {
  const [fnSchemas, fnNames] = split(request.functions);
  const [opSchemas, opNames] = split(request.operators);
  const [relSchemas, relNames] = split(request.relations);
  const [typeSchemas, typeNames] = split(request.types);
  const result = await run({
    name: 'infra_mcp_catalog_lookup',
    text: lookupSql,
    params: [
      pgArray(fnSchemas),
      pgArray(fnNames),
      pgArray(request.functions.map((fn) => String(fn.arity))),
      pgArray(opSchemas),
      pgArray(opNames),
      pgArray(relSchemas),
      pgArray(relNames),
      pgArray(typeSchemas),
      pgArray(typeNames),
      pgArray(request.functionOids.map(String)),
      pgArray(request.operatorOids.map(String)),
      pgArray(request.relationOids.map(String)),
      pgArray(request.domainOids.map(String)),
    ],
  });
  const [functionsJson, treesJson] = result.rows[0] ?? ['[]', '[]'];
  const functions = z.array(functionRow).parse(JSON.parse(functionsJson ?? '[]'));
  const trees = z.array(treeRow).parse(JSON.parse(treesJson ?? '[]'));
  return {
    functions: functions.map(([oid, schema, name, kind, volatility, builtin, extension, via]) => ({
      oid,
      schema,
      name,
      kind,
      volatility,
      builtin,
      extension,
      via: via ?? undefined,
    })),
    trees: trees.map(([source, tree]) => ({ source, tree })),
  };
}

/** A PostgreSQL array literal of text elements (NULL for null), sent as one text parameter. */
export function pgArray(items: readonly (string | null)[]): string {
  const quoted = items.map((item) =>
    item === null ? 'NULL' : `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
  );
  return `{${quoted.join(',')}}`;
}
