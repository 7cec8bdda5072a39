import type { DriverSession } from '../client/driver.js';

/** Names of the built-in types (their OIDs are fixed across PostgreSQL versions). */
const builtinTypeNames = new Map<number, string>([
  [16, 'bool'],
  [17, 'bytea'],
  [18, 'char'],
  [19, 'name'],
  [20, 'int8'],
  [21, 'int2'],
  [23, 'int4'],
  [24, 'regproc'],
  [25, 'text'],
  [26, 'oid'],
  [28, 'xid'],
  [114, 'json'],
  [142, 'xml'],
  [194, 'pg_node_tree'],
  [650, 'cidr'],
  [700, 'float4'],
  [701, 'float8'],
  [705, 'unknown'],
  [790, 'money'],
  [829, 'macaddr'],
  [869, 'inet'],
  [1042, 'bpchar'],
  [1043, 'varchar'],
  [1082, 'date'],
  [1083, 'time'],
  [1114, 'timestamp'],
  [1184, 'timestamptz'],
  [1186, 'interval'],
  [1266, 'timetz'],
  [1560, 'bit'],
  [1562, 'varbit'],
  [1700, 'numeric'],
  [2205, 'regclass'],
  [2206, 'regtype'],
  [2249, 'record'],
  [2950, 'uuid'],
  [3220, 'pg_lsn'],
  [3614, 'tsvector'],
  [3615, 'tsquery'],
  [3802, 'jsonb'],
  [3904, 'int4range'],
  [3926, 'int8range'],
  [3906, 'numrange'],
  [3910, 'tstzrange'],
  [3912, 'daterange'],
  [4089, 'regnamespace'],
  [4096, 'regrole'],
  [5069, 'xid8'],
  [1000, 'bool[]'],
  [1001, 'bytea[]'],
  [1005, 'int2[]'],
  [1007, 'int4[]'],
  [1009, 'text[]'],
  [1014, 'bpchar[]'],
  [1015, 'varchar[]'],
  [1016, 'int8[]'],
  [1021, 'float4[]'],
  [1022, 'float8[]'],
  [1028, 'oid[]'],
  [1115, 'timestamp[]'],
  [1182, 'date[]'],
  [1185, 'timestamptz[]'],
  [1231, 'numeric[]'],
  [199, 'json[]'],
  [2951, 'uuid[]'],
  [3807, 'jsonb[]'],
  [1003, 'name[]'],
  [1002, 'char[]'],
]);

/** Display names of result column types, resolving user types (enums, domains, composites) once per connection. */
export class TypeNameCache {
  private readonly known = new Map<number, string>(builtinTypeNames);

  /** The name of `oid`; `oid:N` until {@link resolve} has looked it up. */
  nameOf(oid: number): string {
    return this.known.get(oid) ?? `oid:${oid}`;
  }

  /** Looks up the names of types not seen yet, inside the caller's transaction. */
  async resolve(session: DriverSession, oids: readonly number[]): Promise<void> {
    const missing = [...new Set(oids)].filter((oid) => !this.known.has(oid) && oid > 0);
    if (missing.length === 0) return;
    const result = await session.query(
      `SELECT t.oid::int8, CASE WHEN t.typelem <> 0 AND t.typlen = -1 AND t.typcategory = 'A'
         THEN format_type(t.typelem, NULL) || '[]' ELSE format_type(t.oid, NULL) END
       FROM pg_type t WHERE t.oid = ANY ($1::oid[])`,
      [`{${missing.join(',')}}`],
    );
    for (const [oid, name] of result.rows) {
      if (oid !== null && oid !== undefined && typeof name === 'string') this.known.set(Number(oid), name);
    }
  }
}
