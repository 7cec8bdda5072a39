import type { ParsedStatement } from './sql-parser.js';
import { namesOf } from './tree.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a statement is and what it acts on, for summaries and messages: `DELETE` on `public.orders`. */
export interface StatementSummary {
  /** The SQL command, e.g. `DELETE`, `CREATE INDEX`, `DROP TABLE`. */
  command: string;
  /** The object it acts on, e.g. `public.orders`; empty when the statement names none. */
  target: string;
}

const fixedCommands: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  CreateStmt: 'CREATE TABLE',
  ViewStmt: 'CREATE VIEW',
  IndexStmt: 'CREATE INDEX',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateFunctionStmt: 'CREATE FUNCTION',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  TruncateStmt: 'TRUNCATE',
  CopyStmt: 'COPY',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  ExplainStmt: 'EXPLAIN',
  DeclareCursorStmt: 'DECLARE',
  VariableShowStmt: 'SHOW',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  NotifyStmt: 'NOTIFY',
  LockStmt: 'LOCK',
  CheckPointStmt: 'CHECKPOINT',
  LoadStmt: 'LOAD',
  DiscardStmt: 'DISCARD',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
  AlterSystemStmt: 'ALTER SYSTEM',
};

/** The SQL command a parse-tree node type stands for. */
export function commandOf(kind: string, node: JsonObject): string {
  const fixed = fixedCommands[kind];
  if (fixed !== undefined) return fixed;
  switch (kind) {
    case 'SelectStmt':
      return Array.isArray(node.valuesLists) ? 'VALUES' : 'SELECT';
    case 'CreateTableAsStmt':
      return node.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
    case 'DropStmt':
      return `DROP ${objectWord(node.removeType)}`;
    case 'AlterTableStmt':
      return `ALTER ${objectWord(node.objtype)}`;
    case 'RenameStmt':
      return `ALTER ${objectWord(node.renameType)} RENAME`;
    case 'GrantStmt':
      return node.is_grant === true ? 'GRANT' : 'REVOKE';
    case 'TransactionStmt':
      return (typeof node.kind === 'string' ? node.kind : 'TRANS_STMT_COMMIT')
        .replace(/^TRANS_STMT_/, '')
        .replace(/_/g, ' ');
    case 'VariableSetStmt':
      return node.kind === 'VAR_RESET' || node.kind === 'VAR_RESET_ALL' ? 'RESET' : 'SET';
    case 'VacuumStmt':
      return node.is_vacuumcmd === true ? 'VACUUM' : 'ANALYZE';
    default:
      return kind
        .replace(/Stmt$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
  }
}

function objectWord(objectType: unknown): string {
  return (typeof objectType === 'string' ? objectType : 'OBJECT_TABLE')
    .replace(/^OBJECT_/, '')
    .replace(/_/g, ' ')
    .replace('MATVIEW', 'MATERIALIZED VIEW');
}

function rangeVarName(value: unknown): string | undefined {
  const node = isObject(value) && isObject(value.RangeVar) ? value.RangeVar : value;
  if (!isObject(node) || typeof node.relname !== 'string') return undefined;
  return typeof node.schemaname === 'string' ? `${node.schemaname}.${node.relname}` : node.relname;
}

function targetOf(kind: string, node: JsonObject): string {
  const direct = rangeVarName(node.relation) ?? rangeVarName(node.view) ?? rangeVarName(node.sequence);
  if (direct !== undefined)
    return kind === 'IndexStmt' && typeof node.idxname === 'string' ? `${node.idxname} on ${direct}` : direct;
  if (kind === 'CreateTableAsStmt' && isObject(node.into)) return rangeVarName(node.into.rel) ?? '';
  if (kind === 'TruncateStmt' && Array.isArray(node.relations))
    return node.relations.map(rangeVarName).filter(Boolean).join(', ');
  if (kind === 'DropStmt' && Array.isArray(node.objects))
    return node.objects
      .map((object) =>
        isObject(object) && isObject(object.List) ? namesOf(object.List.items).join('.') : namesOf([object]).join('.'),
      )
      .filter(Boolean)
      .join(', ');
  if (kind === 'CreateFunctionStmt') return namesOf(node.funcname).join('.');
  if (typeof node.schemaname === 'string') return node.schemaname;
  if (typeof node.dbname === 'string') return node.dbname;
  return '';
}

/** The command and target of a parsed statement. */
export function summarizeStatement(statement: ParsedStatement): StatementSummary {
  return { command: commandOf(statement.kind, statement.node), target: targetOf(statement.kind, statement.node) };
}
