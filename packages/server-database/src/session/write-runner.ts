import type { StatementResult, Step } from '../client/driver.js';
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

/**
 * What can be known about a write without touching the database: the
 * connection allows writes, the statement fits its mode, the parameters
 * match. Runs before a person is asked to confirm a real run, and again
 * inside the write.
 */
export function checkWrite(entry: ConnectionEntry, sql: string, paramCount: number) {
  assertAccess(entry.config, 'write');
  const statement = parseSingleStatement(sql);
  const refs = collectReferences(statement.node);
  checkStatementShape(statement, refs, writeIntent(entry.config));
  assertParams(refs.maxParam, paramCount);
  return { statement, refs };
}

const plannable = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const emptyResult: StatementResult = { fields: [], rows: [], rowCount: null };

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
  const { statement, refs } = checkWrite(entry, request.sql, request.params.length);
  const profile = writeFunctionProfile(config);
  return runTransaction(
    {
      entry,
      readOnly: false,
      timeoutMs: request.timeoutMs,
      lockTimeoutMs: Math.min(config.lockTimeoutMs, request.timeoutMs),
      end: request.dryRun ? 'rollback' : 'commit',
      probe: true,
      signal: request.signal,
      redact,
    },
    async (scope) => {
      if (profile !== undefined)
        await checkReachableFunctions(async (step) => (await scope.run([step]))[0]?.[0] ?? emptyResult, refs, {
          profile,
          allowed: entry.allowedFunctions,
        });
      scope.attribute({ sql: request.sql, offset: statement.offset, prefixLength: 0 });
      const run: Step = { text: statement.text, params: request.params };
      const planned = request.dryRun && plannable.has(statement.kind);
      // The statement goes first: if it fails, its own error (with a position in the caller's SQL) is reported.
      const steps = planned ? [run, { ...run, text: `EXPLAIN (FORMAT TEXT) ${statement.text}` }] : [run];
      const results = await scope.finish(steps);
      const result = results[0]?.at(-1) ?? emptyResult;
      if (result.fields.length > 0)
        await entry.typeNames.resolve(
          scope.session,
          result.fields.map((field) => field.typeOid),
        );
      return {
        ...summarizeStatement(statement),
        rowCount: result.rowCount,
        returning: result.fields.length > 0 ? result : undefined,
        plan: planned ? (results[1]?.[0]?.rows ?? []).map((row) => row[0] ?? '') : undefined,
      };
    },
  );
}
