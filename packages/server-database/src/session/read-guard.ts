import { ToolError } from '@infra-mcp/core';
import type { StatementResult, Step } from '../client/driver.js';
import { checkReachableFunctions } from '../safety/function-check.js';
import { parseSingleStatement } from '../safety/sql-parser.js';
import { checkStatementShape } from '../safety/statement-policy.js';
import { collectReferences, type StatementReferences } from '../safety/tree.js';
import { runTransaction, type ConnectionEntry, type TransactionScope } from './transaction.js';

/**
 * The layers of the read-only guarantee. All are on in production; a test
 * turns all but one off to show that layer holds on its own.
 */
export interface ReadLayers {
  /** 1. The statement goes over the extended protocol, where the server refuses a second statement. */
  extendedProtocol: boolean;
  /** 2. `BEGIN READ ONLY` (the statement timeout is set whatever the layers). */
  readOnlyTransaction: boolean;
  /** 3. `SET LOCAL ROLE` to the connection's read-only role, when one is configured. */
  readOnlyRole: boolean;
  /** 4. The parse-tree check and the catalog check of every reachable function. */
  statementCheck: boolean;
  /** 5. `ROLLBACK` at the end (off means COMMIT, only ever in tests). */
  rollback: boolean;
}

/** Every layer on: the only setting outside tests. */
export const allReadLayers: ReadLayers = Object.freeze({
  extendedProtocol: true,
  readOnlyTransaction: true,
  readOnlyRole: true,
  statementCheck: true,
  rollback: true,
});

/** A read request: user SQL, its parameters, and whether it will run (`read`) or only be planned (`plan`). */
export interface GuardedReadRequest {
  sql: string;
  params: readonly unknown[];
  intent: 'read' | 'plan';
  timeoutMs: number;
  signal: AbortSignal;
}

/** The statement as it will be sent: its own text, where it sits in the caller's SQL, and what it refers to. */
export interface PreparedStatement {
  text: string;
  offset: number;
  refs: StatementReferences | undefined;
}

/** What a guarded read's body gets: the open transaction and the checked statement as a step to send. */
export interface GuardedScope extends TransactionScope {
  /** The statement with `prefix` in front (e.g. `EXPLAIN `), over the protocol layer 1 demands. */
  statement: (prefix: string) => Step;
}

/**
 * Runs user SQL under every enabled layer of the read-only guarantee. The
 * parse-tree check runs before any connection is taken; the catalog check
 * runs inside the transaction, so it sees the role and search_path the
 * statement will run with.
 */
export async function runGuardedRead<T>(
  entry: ConnectionEntry,
  request: GuardedReadRequest,
  options: { layers: ReadLayers; redact: (text: string) => string },
  body: (scope: GuardedScope) => Promise<T>,
): Promise<T> {
  const { layers } = options;
  const prepared = prepareStatement(request.sql, request.intent, layers.statementCheck);
  if (prepared.refs !== undefined) assertParams(prepared.refs.maxParam, request.params.length);
  const role = layers.readOnlyRole ? entry.config.readOnlyRole : undefined;
  return runTransaction(
    {
      entry,
      readOnly: layers.readOnlyTransaction,
      timeoutMs: request.timeoutMs,
      ...(role === undefined ? {} : { role }),
      end: layers.rollback ? 'rollback' : 'commit',
      probe: true,
      signal: request.signal,
      redact: options.redact,
    },
    async (scope) => {
      if (prepared.refs !== undefined) {
        const reach = await checkReachableFunctions(
          async (step) => (await scope.run([step]))[0]?.[0] ?? emptyResult,
          prepared.refs,
          { profile: request.intent, allowed: entry.allowedFunctions },
        );
        // Built-in code that passed the check leaves nothing behind; the probe guards against user code.
        if (!reach.userCode) scope.skipProbe();
      }
      const statement = (prefix: string): Step => {
        scope.attribute({ sql: request.sql, offset: prepared.offset, prefixLength: prefix.length });
        const text = `${prefix}${prepared.text}`;
        return layers.extendedProtocol ? { text, params: request.params } : { text, protocol: 'simple' };
      };
      return body(Object.assign({}, scope, { statement }));
    },
  );
}

const emptyResult: StatementResult = { fields: [], rows: [], rowCount: null };

function prepareStatement(sql: string, intent: 'read' | 'plan', check: boolean): PreparedStatement {
  if (!check) return { text: sql, offset: 0, refs: undefined };
  const { statement, refs } = parsedStatements.get(sql);
  checkStatementShape(statement, refs, intent);
  return { text: statement.text, offset: statement.offset, refs };
}

/**
 * Parse trees and their references by SQL text. Parsing is a pure function
 * of the text, and a model often repeats a statement (paging with a cursor,
 * re-running a check), so the tree is kept; the shape check and the catalog
 * check still run on every call, since they depend on the intent and on the
 * catalog as it is now.
 */
const parsedStatements = lruCache(256, 16 * 1024, (sql: string) => {
  const statement = parseSingleStatement(sql);
  return { statement, refs: collectReferences(statement.node) };
});

/** A least-recently-used cache of `compute(key)` for keys up to `maxKeyLength` long; longer keys are computed every time. */
function lruCache<V>(size: number, maxKeyLength: number, compute: (key: string) => V): { get: (key: string) => V } {
  const entries = new Map<string, V>();
  return {
    get: (key) => {
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = compute(key);
      if (key.length > maxKeyLength) return value;
      entries.set(key, value);
      if (entries.size > size) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}

/** Refuses a statement that uses `$n` beyond the parameters given. */
export function assertParams(maxParam: number, given: number): void {
  if (maxParam > given)
    throw new ToolError(
      'INVALID_INPUT',
      `The SQL uses $${maxParam} but params has ${given} value${given === 1 ? '' : 's'}.`,
      { hint: 'Pass one params entry per placeholder, in order.' },
    );
}
