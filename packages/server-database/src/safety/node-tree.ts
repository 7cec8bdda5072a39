/**
 * What an analyzed query tree (PostgreSQL's `pg_node_tree` text: view
 * definitions in pg_rewrite, row-level security policies, domain checks)
 * calls, by OID: these trees are already resolved against the catalog, so
 * their OIDs are exact.
 */
export interface TreeObjects {
  functions: Set<number>;
  operators: Set<number>;
  relations: Set<number>;
  domains: Set<number>;
}

/** Fields holding a function OID, in any node. */
const functionFields = new Set([
  ':funcid',
  ':aggfnoid',
  ':winfnoid',
  ':opfuncid',
  ':hashfuncid',
  ':negfuncid',
  ':tsmhandler',
  ':startInRangeFunc',
  ':endInRangeFunc',
]);

/** Fields holding an operator OID; their functions run too. */
const operatorFields = new Set([':opno', ':sortop', ':eqop']);

/** Creates an empty {@link TreeObjects}. */
export function emptyTreeObjects(): TreeObjects {
  return { functions: new Set(), operators: new Set(), relations: new Set(), domains: new Set() };
}

/**
 * Splits node text the way PostgreSQL's own reader (`pg_strtok`) does:
 * whitespace separates tokens, parentheses and braces are tokens of their
 * own, and a backslash escapes the next character (so an alias cannot fake
 * a field name).
 */
export function tokenizeNodeTree(text: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === ' ' || char === '\n' || char === '\t' || char === '\r') {
      index++;
      continue;
    }
    if (char === '(' || char === ')' || char === '{' || char === '}') {
      tokens.push(char);
      index++;
      continue;
    }
    const start = index;
    while (index < text.length && !/[\s(){}]/.test(text[index]!)) index += text[index] === '\\' ? 2 : 1;
    tokens.push(text.slice(start, index));
  }
  return tokens;
}

/** Adds every function, operator, relation and domain that `text` refers to into `into`. */
export function collectTreeObjects(text: string, into: TreeObjects): void {
  const tokens = tokenizeNodeTree(text);
  const nodes: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token === '{') {
      nodes.push(tokens[index + 1] ?? '');
      continue;
    }
    if (token === '}') {
      nodes.pop();
      continue;
    }
    if (!token.startsWith(':')) continue;
    const value = Number(tokens[index + 1]);
    const hasOid = Number.isInteger(value) && value > 0;
    if (functionFields.has(token) && hasOid) into.functions.add(value);
    else if (operatorFields.has(token) && hasOid) into.operators.add(value);
    else if (token === ':relid' && hasOid) into.relations.add(value);
    else if (token === ':resulttype' && nodes.at(-1) === 'COERCETODOMAIN' && hasOid) into.domains.add(value);
    else if (token === ':opnos' && tokens[index + 1] === '(') {
      for (let item = index + 3; item < tokens.length && tokens[item] !== ')'; item++) {
        const oid = Number(tokens[item]);
        if (Number.isInteger(oid) && oid > 0) into.operators.add(oid);
      }
    }
  }
}
