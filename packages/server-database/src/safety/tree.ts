/** A possibly schema-qualified name as written in the SQL. */
export interface QualifiedName {
  schema: string | undefined;
  name: string;
}

/** A function the statement may call: written as `f(…)`, or as attribute notation `row.f` / `(row).f`. */
export interface FunctionReference extends QualifiedName {
  /** Arguments at the call site; -1 when they cannot be counted (VARIADIC). */
  arity: number;
}

/** Everything in a parse tree that PostgreSQL resolves against the catalog and that can run code. */
export interface StatementReferences {
  functions: FunctionReference[];
  operators: QualifiedName[];
  relations: QualifiedName[];
  types: QualifiedName[];
  /** The highest `$n` placeholder. */
  maxParam: number;
  /** Every node type in the tree, e.g. `LockingClause`, `DeleteStmt`. */
  nodeTypes: Set<string>;
  /** Field names present anywhere in the tree, e.g. `intoClause`. */
  fields: Set<string>;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Calls `visit` for every node (`{ TypeName: {…} }` wrapper) and every plain object in a parse tree. */
export function walkTree(value: unknown, visit: (type: string | undefined, node: JsonObject) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkTree(item, visit);
    return;
  }
  if (!isObject(value)) return;
  visit(undefined, value);
  for (const [key, child] of Object.entries(value)) {
    if (/^[A-Z]/.test(key) && isObject(child)) visit(key, child);
    walkTree(child, visit);
  }
}

/** The strings of a name list such as `funcname: [{String: {sval: 'pg_catalog'}}, …]`. */
export function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const string = isObject(item) && isObject(item.String) ? item.String.sval : undefined;
    return typeof string === 'string' ? [string] : [];
  });
}

function qualified(names: string[]): QualifiedName | undefined {
  const name = names.at(-1);
  if (name === undefined) return undefined;
  return { schema: names.length > 1 ? names.at(-2) : undefined, name };
}

/** Operators PostgreSQL adds without their being written: IN, CASE, USING, ORDER BY, GROUP BY, DISTINCT. */
const implicitOperators = ['=', '<>', '<', '>', '<=', '>='];

/** Collects the functions, operators, relations and types a statement refers to, wherever they appear. */
export function collectReferences(root: unknown): StatementReferences {
  const refs: StatementReferences = {
    functions: [],
    operators: implicitOperators.map((name) => ({ schema: undefined, name })),
    relations: [],
    types: [],
    maxParam: 0,
    nodeTypes: new Set(),
    fields: new Set(),
  };
  walkTree(root, (type, node) => {
    if (type === undefined) {
      for (const key of Object.keys(node)) refs.fields.add(key);
      collectShapes(node, refs);
      return;
    }
    refs.nodeTypes.add(type);
    collectNode(type, node, refs);
  });
  return refs;
}

/** RangeVar and TypeName also appear unwrapped (as typed fields), so they are recognised by shape. */
function collectShapes(node: JsonObject, refs: StatementReferences): void {
  if (typeof node.relname === 'string') {
    refs.relations.push({
      schema: typeof node.schemaname === 'string' ? node.schemaname : undefined,
      name: node.relname,
    });
  }
  if (Array.isArray(node.names) && 'typemod' in node) {
    const name = qualified(namesOf(node.names));
    if (name !== undefined) refs.types.push(name);
  }
}

function collectNode(type: string, node: JsonObject, refs: StatementReferences): void {
  switch (type) {
    case 'FuncCall': {
      const name = qualified(namesOf(node.funcname));
      if (name !== undefined) refs.functions.push({ ...name, arity: arityOf(node) });
      return;
    }
    case 'ColumnRef': {
      const fields = Array.isArray(node.fields) ? node.fields : [];
      const names = namesOf(fields);
      // `row.f` may be the function f applied to row; only the catalog knows, so f is checked as one.
      if (names.length >= 2 && names.length === fields.length)
        refs.functions.push({ schema: undefined, name: names.at(-1)!, arity: 1 });
      return;
    }
    case 'A_Indirection':
      for (const name of namesOf(node.indirection)) refs.functions.push({ schema: undefined, name, arity: 1 });
      return;
    case 'RangeTableSample': {
      const name = qualified(namesOf(node.method));
      if (name !== undefined) refs.functions.push({ ...name, arity: 1 });
      return;
    }
    case 'A_Expr':
      addOperator(node.name, refs);
      return;
    case 'SubLink':
      addOperator(node.operName, refs);
      return;
    case 'SortBy':
      addOperator(node.useOp, refs);
      return;
    case 'ParamRef':
      if (typeof node.number === 'number') refs.maxParam = Math.max(refs.maxParam, node.number);
      return;
    default:
      return;
  }
}

function addOperator(list: unknown, refs: StatementReferences): void {
  const name = qualified(namesOf(list));
  // BETWEEN and friends carry a keyword, not an operator: they use <= and >=, already implied.
  if (name !== undefined && !/^[A-Za-z_]/.test(name.name)) refs.operators.push(name);
}

function arityOf(call: JsonObject): number {
  if (call.func_variadic === true) return -1;
  if (call.agg_star === true) return 0;
  const args = Array.isArray(call.args) ? call.args.length : 0;
  const ordered = call.agg_within_group === true && Array.isArray(call.agg_order) ? call.agg_order.length : 0;
  return args + ordered;
}
