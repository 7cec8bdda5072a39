import { ToolError } from '@infra-mcp/core';
import type { ParsedStatement } from './sql-parser.js';
import { commandOf } from './statement-kind.js';
import type { StatementReferences } from './tree.js';

/**
 * What a statement is about to be used for, which decides the statements
 * allowed: `read` runs it read-only (query, explain analyze), `plan` only
 * plans it (explain), `dml` changes rows, `full` may do anything that fits
 * in a transaction.
 */
export type StatementIntent = 'read' | 'plan' | 'dml' | 'full';

const dmlKinds = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Statements that would leave state on a pooled session or break the server's own transaction. */
const sessionStatements: Record<string, string> = {
  TransactionStmt: 'Transaction control is not needed: each call runs in a transaction of its own.',
  VariableSetStmt: 'SET and RESET would change settings for later calls on the same session.',
  DiscardStmt: 'DISCARD would reset the session the server manages.',
  ListenStmt: 'LISTEN would leave a subscription on a pooled session.',
  UnlistenStmt: 'UNLISTEN acts on session state the server manages.',
  PrepareStmt: 'Prepared statements would outlive the call; pass params instead.',
  ExecuteStmt: 'Prepared statements would outlive the call; pass params instead.',
  DeallocateStmt: 'Prepared statements are managed by the server.',
  DeclareCursorStmt: 'Cursors are managed by the server: long results come back in pages.',
  FetchStmt: 'Cursors are managed by the server: long results come back in pages.',
  ClosePortalStmt: 'Cursors are managed by the server.',
  LoadStmt: 'LOAD would load a library into a pooled session.',
  AlterSystemStmt: 'ALTER SYSTEM cannot run inside a transaction.',
};

/**
 * Refuses a statement that does not fit `intent`, from its parse tree alone:
 * writes, writable CTEs, locking clauses and SELECT INTO for reads;
 * anything but DML on a dml connection; session-altering statements
 * everywhere; COPY with a program or the client stream.
 */
export function checkStatementShape(
  statement: ParsedStatement,
  refs: StatementReferences,
  intent: StatementIntent,
): void {
  const command = commandOf(statement.kind, statement.node);
  const session = sessionStatements[statement.kind];
  if (session !== undefined)
    throw new ToolError('FORBIDDEN', `${command} is not allowed. ${session}`, { details: { command } });
  switch (intent) {
    case 'read':
      return checkRead(statement, refs, command);
    case 'plan':
      if (statement.kind !== 'SelectStmt' && !dmlKinds.has(statement.kind))
        throw new ToolError(
          'INVALID_INPUT',
          `explain plans SELECT, INSERT, UPDATE, DELETE and MERGE; this is ${command}.`,
        );
      return;
    case 'dml':
      if (!dmlKinds.has(statement.kind))
        throw new ToolError(
          'FORBIDDEN',
          `This connection is in dml mode, which allows INSERT, UPDATE, DELETE and MERGE; this is ${command}.`,
          {
            hint:
              statement.kind === 'SelectStmt'
                ? 'Use query for SELECT.'
                : 'Ask the operator for a connection in full mode to run DDL.',
          },
        );
      return checkNested(refs, command, (kind) => kind === 'SelectStmt' || dmlKinds.has(kind));
    case 'full':
      return checkFull(statement);
  }
}

function checkRead(statement: ParsedStatement, refs: StatementReferences, command: string): void {
  if (statement.kind === 'ExplainStmt')
    throw new ToolError('INVALID_INPUT', 'Use the explain tool for EXPLAIN.', { hint: 'explain sql="SELECT …"' });
  if (statement.kind !== 'SelectStmt')
    throw new ToolError('FORBIDDEN', `Reads run SELECT statements only; this is ${command}.`, {
      hint: dmlKinds.has(statement.kind)
        ? 'Writes go through execute, on a connection in dml or full mode, with a dry run first.'
        : 'Describe objects with describe_object, and look up a setting with SELECT current_setting(…).',
      details: { command },
    });
  checkNested(refs, command, (kind) => kind === 'SelectStmt');
  if (refs.nodeTypes.has('LockingClause'))
    throw new ToolError('FORBIDDEN', 'Locking clauses (FOR UPDATE, FOR SHARE, …) take row locks; reads may not.', {
      hint: 'Remove the FOR … clause.',
    });
  if (refs.fields.has('intoClause'))
    throw new ToolError('FORBIDDEN', 'SELECT INTO creates a table; reads may not.', { hint: 'Remove INTO.' });
}

function checkNested(refs: StatementReferences, command: string, allowed: (kind: string) => boolean): void {
  const nested = [...refs.nodeTypes].filter((type) => type.endsWith('Stmt') && !allowed(type));
  if (nested.length === 0) return;
  const writes = nested.filter((kind) => dmlKinds.has(kind));
  throw new ToolError(
    'FORBIDDEN',
    writes.length > 0
      ? `The ${command} contains a data-modifying statement (${writes.map((kind) => commandOf(kind, {})).join(', ')}), e.g. in a WITH clause; reads may not modify data.`
      : `The ${command} contains a nested ${nested.map((kind) => commandOf(kind, {})).join(', ')} statement, which is not allowed here.`,
  );
}

function checkFull(statement: ParsedStatement): void {
  if (statement.kind !== 'CopyStmt') return;
  const node = statement.node;
  if (node.is_program === true)
    throw new ToolError('FORBIDDEN', 'COPY … PROGRAM runs a shell command on the database host; it is never allowed.');
  if (typeof node.filename !== 'string')
    throw new ToolError('INVALID_INPUT', 'COPY to or from the client (STDIN/STDOUT) is not supported.', {
      hint: 'Use query to read rows, or INSERT … SELECT / INSERT … VALUES to write them.',
    });
}
