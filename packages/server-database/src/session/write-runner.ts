import type { StatementResult } from '../client/driver.js';
import { checkReachableFunctions } from '../safety/function-check.js';
import { parseSingleStatement } from '../safety/sql-parser.js';
import { summarizeStatement, type StatementSummary } from '../safety/statement-kind.js';
import { checkStatementShape } from '../safety/statement-policy.js';
import { collectReferences } from '../safety/tree.js';
import { assertAccess, writeFunctionProfile, writeIntent } from './gate.js';
import { assertParams } from './read-guard.js';
import { runTransaction, type ConnectionEntry } from './transaction.js';

/** A write: one statement, its parameters, and whether to roll it back (the dry run). */
export interface WriteRequest {
  sql: string;
  params: readonly unknown[];
  dryRun: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

/** What a write did (or, in a dry run, would have done). */
export interface WriteOutcome extends StatementSummary {
  rowCount: number | null;
  /** Rows of a RETURNING clause, as the server sent them. */
  returning: StatementResult | undefined;
  /** The estimated plan (dry runs of INSERT, UPDATE, DELETE and MERGE). */
  plan: string[] | undefined;
}

const plannable = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * Runs a write in one transaction: the connection must allow writes (the
 * gate), the statement must fit the connection's mode, and on a dml
 * connection its functions are checked like a read's, with sequences and
 * user functions allowed. A dry run plans it, runs it and rolls back; a
 * real run commits. Either way nothing is half-applied.
 */
export async function runWrite(
  entry: ConnectionEntry,
  request: WriteRequest,
  redact: (text: string) => string,
): Promise<WriteOutcome> {
  const config = entry.config;
  assertAccess(config, 'write');
  const statement = parseSingleStatement(request.sql);
  const refs = collectReferences(statement.node);
  checkStatementShape(statement, refs, writeIntent(config));
  assertParams(refs.maxParam, request.params.length);
  const profile = writeFunctionProfile(config);
  return runTransaction(
    {
      entry,
      readOnly: false,
      timeoutMs: request.timeoutMs,
      lockTimeoutMs: Math.min(config.lockTimeoutMs, request.timeoutMs),
      end: request.dryRun ? 'rollback' : 'commit',
      signal: request.signal,
      redact,
    },
    async (scope) => {
      if (profile !== undefined)
        await checkReachableFunctions(scope.session, refs, { profile, allowed: entry.allowedFunctions });
      const send = async (prefix: string): Promise<StatementResult> => {
        scope.attribute({ sql: request.sql, offset: statement.offset, prefixLength: prefix.length });
        const result = await scope.session.query(`${prefix}${statement.text}`, request.params);
        scope.attribute(undefined);
        return result;
      };
      const plan =
        request.dryRun && plannable.has(statement.kind)
          ? (await send('EXPLAIN (FORMAT TEXT) ')).rows.map((row) => row[0] ?? '')
          : undefined;
      const result = await send('');
      if (result.fields.length > 0)
        await entry.typeNames.resolve(
          scope.session,
          result.fields.map((field) => field.typeOid),
        );
      return {
        ...summarizeStatement(statement),
        rowCount: result.rowCount,
        returning: result.fields.length > 0 ? result : undefined,
        plan,
      };
    },
  );
}
