import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, parseSingleStatement } from '../../src/safety/sql-parser.js';
import { collectReferences } from '../../src/safety/tree.js';

const refsOf = (sql: string) => collectReferences(parseSingleStatement(sql).node);

describe('references in a parse tree', () => {
  beforeAll(() => loadSqlParser());

  it('finds function calls in the select list, FROM, LATERAL, WHERE, ORDER BY and subqueries', () => {
    const refs = refsOf(
      'SELECT a(1) FROM b() AS x, LATERAL c(x.y) WHERE d(2) > 0 AND x.y IN (SELECT e()) ORDER BY f(x.y)',
    );
    expect(
      refs.functions
        .filter((fn) => fn.arity !== 1 || !['y'].includes(fn.name))
        .map((fn) => fn.name)
        .sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('treats row.f and (row).f as possible one-argument calls', () => {
    const refs = refsOf('SELECT t.f, (t).g, (arr)[1].h FROM t');
    expect(refs.functions).toEqual(
      expect.arrayContaining([
        { schema: undefined, name: 'f', arity: 1 },
        { schema: undefined, name: 'g', arity: 1 },
        { schema: undefined, name: 'h', arity: 1 },
      ]),
    );
  });

  it('counts the aggregated arguments of an ordered-set aggregate and keeps the schema of a qualified name', () => {
    const refs = refsOf('SELECT pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY x), count(*) FROM t');
    expect(refs.functions).toEqual([
      { schema: 'pg_catalog', name: 'percentile_cont', arity: 2 },
      { schema: undefined, name: 'count', arity: 0 },
    ]);
  });

  it('finds operators, qualified operators and ORDER BY … USING, and the highest parameter', () => {
    const refs = refsOf('SELECT 1 === $2, a OPERATOR(myschema.@@@) $1 FROM t ORDER BY a USING <<<');
    expect(refs.operators).toEqual(
      expect.arrayContaining([
        { schema: undefined, name: '===' },
        { schema: 'myschema', name: '@@@' },
        { schema: undefined, name: '<<<' },
      ]),
    );
    expect(refs.maxParam).toBe(2);
  });

  it('finds relations wherever they appear and the types of casts', () => {
    const refs = refsOf(
      'WITH c AS (SELECT * FROM s.t1) SELECT x::my_domain FROM c JOIN t2 TABLESAMPLE SYSTEM (10) USING (id)',
    );
    expect(refs.relations).toEqual(
      expect.arrayContaining([
        { schema: 's', name: 't1' },
        { schema: undefined, name: 'c' },
        { schema: undefined, name: 't2' },
      ]),
    );
    expect(refs.types).toContainEqual({ schema: undefined, name: 'my_domain' });
    expect(refs.functions).toContainEqual({ schema: undefined, name: 'system', arity: 1 });
  });

  it('records nested statement types and locking clauses', () => {
    const refs = refsOf('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d FOR UPDATE');
    expect(refs.nodeTypes.has('DeleteStmt')).toBe(true);
    expect(refs.nodeTypes.has('LockingClause')).toBe(true);
  });
});
