import { ToolError, type ErrorCode } from '@infra-mcp/core';
import { ConnectionFailure, ServerError } from '../client/server-error.js';
import { syntaxError } from '../safety/sql-parser.js';

/** Why the session layer stopped a statement itself, if it did. */
export type StopReason = 'timeout' | 'client' | undefined;

/** What {@link toToolError} needs to phrase an error for the model. */
export interface ErrorContext {
  connection: string;
  sandbox: boolean;
  timeoutMs: number;
  stopped: StopReason;
  redact: (text: string) => string;
  /** The user's SQL and where the text sent to the server maps into it, for error positions. */
  source?: { sql: string; offset: number; prefixLength: number };
}

const byClass: readonly [RegExp, ErrorCode][] = [
  [/^23505$/, 'CONFLICT'],
  [/^40/, 'CONFLICT'],
  [/^(25006|42501)$/, 'FORBIDDEN'],
  [/^(42P01|42703|42883|3F000|42704|42P02)$/, 'NOT_FOUND'],
  [/^55P03$/, 'TIMEOUT'],
  [/^(53|57P|08)/, 'UPSTREAM_UNAVAILABLE'],
];

const hints: Record<string, string> = {
  '42P01':
    'Find the table with list_objects or search_objects; names are schema-qualified when not on the search path.',
  '42703': 'See the columns with describe_object.',
  '42883': 'Check the function name and argument types; search_objects finds functions.',
  '25006': 'The read-only transaction refused it: reads cannot change anything.',
  '25001': 'This command cannot run inside a transaction, and every call runs in one so nothing is half-applied.',
  '55P03': 'Another session holds a lock on the object; try again later, or see who holds it with the locks tool.',
  '40001': 'Retry the call.',
  '40P01': 'Retry the call.',
};

/**
 * Maps whatever a statement raised to the `ToolError` the model reads:
 * PostgreSQL's message, the position as line and column in the caller's
 * SQL, a hint on what to do, and never a secret. Timeouts say that the
 * statement was cancelled on the server, and how.
 */
export function toToolError(error: unknown, context: ErrorContext): ToolError {
  if (error instanceof ToolError) return error;
  if (context.stopped !== undefined) return stoppedError(context);
  if (error instanceof ServerError) return serverError(error, context);
  if (error instanceof ConnectionFailure)
    return new ToolError('UPSTREAM_UNAVAILABLE', context.redact(error.message), {
      hint: `Check that the database behind connection ${context.connection} is up and reachable.`,
    });
  return new ToolError('INTERNAL', 'The database call failed unexpectedly; the server log has the details.', {
    cause: new Error(context.redact(error instanceof Error ? error.message : String(error))),
  });
}

function stoppedError(context: ErrorContext): ToolError {
  if (context.stopped === 'client')
    return new ToolError('TIMEOUT', 'The call was cancelled; its statement was stopped on the server as well.');
  if (context.sandbox)
    return new ToolError(
      'TIMEOUT',
      `The statement ran past ${context.timeoutMs} ms. PGlite cannot cancel a running statement, so the sandbox engine was stopped; it restarts on the next call.`,
      { hint: 'Narrow the query (a WHERE clause, a LIMIT) or raise timeout_ms up to the connection limit.' },
    );
  return new ToolError('TIMEOUT', `The statement ran past ${context.timeoutMs} ms and was cancelled on the server.`, {
    hint: 'Narrow the query, or look at its plan with explain.',
  });
}

function serverError(error: ServerError, context: ErrorContext): ToolError {
  const state = error.sqlState ?? '';
  const message = context.redact(error.message);
  if (state === '57014') {
    const viaTimeout = /statement timeout/i.test(message);
    return new ToolError(
      'TIMEOUT',
      viaTimeout
        ? `The statement ran past the ${context.timeoutMs} ms statement_timeout of connection ${context.connection}; PostgreSQL cancelled it.`
        : 'The statement was cancelled on the server.',
      { hint: 'Narrow the query, or look at its plan with explain.' },
    );
  }
  const index = positionIndex(error.position, context);
  if (state === '42601' && index !== undefined && context.source !== undefined)
    return syntaxError(context.source.sql, message, index);
  const code = byClass.find(([pattern]) => pattern.test(state))?.[1] ?? 'INVALID_INPUT';
  const where =
    index === undefined || context.source === undefined ? '' : ` (${lineAndColumn(context.source.sql, index)})`;
  const detail = error.detail === undefined ? '' : ` ${context.redact(error.detail)}`;
  const hint = [error.hint === undefined ? undefined : context.redact(error.hint), hints[state]]
    .filter(Boolean)
    .join(' ');
  return new ToolError(code, `${message}${where}.${detail}`, {
    ...(hint === '' ? {} : { hint }),
    details: { sqlState: state },
  });
}

function positionIndex(position: number | undefined, context: ErrorContext): number | undefined {
  if (position === undefined || context.source === undefined) return undefined;
  const index = position - 1 - context.source.prefixLength;
  return index < 0 ? undefined : index + context.source.offset;
}

function lineAndColumn(sql: string, index: number): string {
  const before = sql.slice(0, index);
  return `line ${before.split('\n').length}, column ${index - before.lastIndexOf('\n')}`;
}
