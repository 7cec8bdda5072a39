import { describe, expect, it } from 'vitest';
import { collectTreeObjects, emptyTreeObjects, tokenizeNodeTree } from '../../src/safety/node-tree.js';

describe('analyzed query trees', () => {
  it('splits tokens the way PostgreSQL reads them, keeping escaped characters inside a token', () => {
    expect(tokenizeNodeTree('({QUERY :alias a\\ b :list (o 1 2)})')).toEqual([
      '(',
      '{',
      'QUERY',
      ':alias',
      'a\\ b',
      ':list',
      '(',
      'o',
      '1',
      '2',
      ')',
      '}',
      ')',
    ]);
  });

  it('collects called functions, operators, relations and domains by OID', () => {
    const found = emptyTreeObjects();
    collectTreeObjects(
      `({QUERY :rtable ({RANGETBLENTRY :relid 16400 :relkind v}) :targetList ({TARGETENTRY :expr {FUNCEXPR :funcid 1067 :funcresulttype 23}}
        {TARGETENTRY :expr {OPEXPR :opno 96 :opfuncid 0}} {TARGETENTRY :expr {ROWCOMPAREEXPR :opnos (o 97 521)}}
        {TARGETENTRY :expr {COERCETODOMAIN :arg {CONST :consttype 23} :resulttype 16500}}
        {TARGETENTRY :expr {AGGREF :aggfnoid 2147 :aggtype 20 :resulttype 99}})})`,
      found,
    );
    expect([...found.functions].sort()).toEqual([1067, 2147]);
    expect([...found.operators].sort()).toEqual([521, 96, 97]);
    expect([...found.relations]).toEqual([16400]);
    expect([...found.domains]).toEqual([16500]);
  });

  it('is not fooled by an alias that spells a field name', () => {
    const found = emptyTreeObjects();
    collectTreeObjects('({QUERY :alias {ALIAS :aliasname x\\ :funcid\\ 2345}})', found);
    expect(found.functions.size).toBe(0);
  });
});
