import { ToolError } from '@infra-mcp/core';
import { lookUpCatalog, type FoundFunction, type LookupRequest, type StepRunner } from './catalog-lookup.js';
import { judgeFunction, type FunctionProfile } from './function-rules.js';
import { collectTreeObjects, emptyTreeObjects } from './node-tree.js';
import type { QualifiedName, StatementReferences } from './tree.js';

const implicitOperators = new Set(['=', '<>', '<', '>', '<=', '>=']);
const maxRounds = 8;

const hints: Record<FunctionProfile, string> = {
  read: 'Reads may call functions without side effects: built-ins such as now(), random(), math, text, date and JSON functions, and STABLE or IMMUTABLE user functions.',
  plan: 'Remove the call; a plan may not evaluate it.',
  dml: 'Writes may call data functions and sequences, not functions that reach files, the network, other sessions or settings.',
};

/** Whether the statement touches nothing the catalog could resolve to user code (e.g. `SELECT 1 + 2`). */
export function needsCatalogCheck(refs: StatementReferences): boolean {
  return (
    refs.functions.length > 0 ||
    refs.relations.length > 0 ||
    refs.types.length > 0 ||
    refs.operators.some((operator) => operator.schema !== undefined || !implicitOperators.has(operator.name))
  );
}

/**
 * Resolves every function the statement can reach against the catalog, in
 * the transaction it will run in, and refuses it if any may not run under
 * `profile`: functions named in the SQL (any position, attribute notation
 * included), functions behind its operators, aggregates' support functions,
 * user-defined casts, and whatever the views, row-level security policies
 * and domain checks it touches call in turn. Returns whether anything but
 * built-in code can run (a user or extension function, a view, a policy).
 */
export async function checkReachableFunctions(
  run: StepRunner,
  refs: StatementReferences,
  options: { profile: FunctionProfile; allowed: ReadonlySet<string> },
): Promise<{ userCode: boolean }> {
  if (!needsCatalogCheck(refs)) return { userCode: false };
  let userCode = false;
  const seen = {
    functions: new Set<number>(),
    operators: new Set<number>(),
    relations: new Set<number>(),
    domains: new Set<number>(),
  };
  const seenTrees = new Set<string>();
  const origin = new Map<number, string>();
  let request: LookupRequest = firstRequest(refs);
  for (let round = 0; round < maxRounds; round++) {
    const result = await lookUpCatalog(run, request);
    if (result.trees.length > 0) userCode = true;
    for (const fn of result.functions) {
      seen.functions.add(fn.oid);
      if (!fn.builtin) userCode = true;
      const reason = judgeFunction(fn, options.profile, options.allowed);
      if (reason !== undefined) throw refusal(fn, reason, fn.via ?? origin.get(fn.oid), options.profile);
    }
    const found = emptyTreeObjects();
    for (const { source, tree } of result.trees) {
      if (seenTrees.has(source)) continue;
      seenTrees.add(source);
      const before = new Set(found.functions);
      collectTreeObjects(tree, found);
      for (const oid of found.functions) if (!before.has(oid) && !origin.has(oid)) origin.set(oid, source);
    }
    const fresh = (all: Set<number>, done: Set<number>): number[] => {
      const list = [...all].filter((oid) => !done.has(oid));
      for (const oid of list) done.add(oid);
      return list;
    };
    request = {
      functions: [],
      operators: [],
      relations: [],
      types: [],
      functionOids: fresh(found.functions, seen.functions),
      operatorOids: fresh(found.operators, seen.operators),
      relationOids: fresh(found.relations, seen.relations),
      domainOids: fresh(found.domains, seen.domains),
    };
    if (
      request.functionOids.length +
        request.operatorOids.length +
        request.relationOids.length +
        request.domainOids.length ===
      0
    )
      return { userCode };
  }
  throw new ToolError(
    'FORBIDDEN',
    `The views this statement reads nest more than ${maxRounds} levels deep; it was not checked.`,
    {
      hint: 'Query the underlying tables directly.',
    },
  );
}

function firstRequest(refs: StatementReferences): LookupRequest {
  const unique = <T extends QualifiedName>(items: readonly T[], key: (item: T) => string): T[] => [
    ...new Map(items.map((item) => [key(item), item])).values(),
  ];
  const nameKey = (item: QualifiedName): string => `${item.schema ?? ''}\u0000${item.name}`;
  return {
    functions: unique(refs.functions, (fn) => `${nameKey(fn)}\u0000${fn.arity}`),
    operators: unique(refs.operators, nameKey),
    relations: unique(refs.relations, nameKey),
    types: unique(refs.types, nameKey),
    functionOids: [],
    operatorOids: [],
    relationOids: [],
    domainOids: [],
  };
}

function refusal(fn: FoundFunction, reason: string, via: string | undefined, profile: FunctionProfile): ToolError {
  const name = `${fn.schema}.${fn.name}`;
  const through = via === undefined ? '' : ` (reached through ${via})`;
  return new ToolError('FORBIDDEN', `Refused: ${name}${through} ${reason}.`, {
    hint: hints[profile],
    details: { function: name, ...(via === undefined ? {} : { via }) },
  });
}
