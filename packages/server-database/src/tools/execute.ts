import { write, type Tool } from '@infra-mcp/core';
import * as z from 'zod';
import type { ToolContext } from '@infra-mcp/core';
import type { DatabaseDeps } from '../deps.js';
import { checkWrite, type WriteOutcome } from '../session/write-runner.js';
import type { TypeNameCache } from '../results/type-names.js';
import { convertRows } from '../results/values.js';
import { isSqlParserReady, loadSqlParser, parseStatements } from '../safety/sql-parser.js';
import { summarizeStatement } from '../safety/statement-kind.js';
import { connectionInput, defineDatabaseTool, paramsInput, rowsOutput, timeoutInput, toParamText } from './common.js';

const returningSample = 20;

const input = z.object({
  sql: z.string().min(1).max(200_000),
  params: paramsInput,
  dry_run: z.boolean().default(true),
  timeout_ms: timeoutInput,
  connection: connectionInput,
});

type ExecuteInput = z.output<typeof input>;

/**
 * One line for the person confirming a real run: connection, command,
 * target, then the statement itself and its parameters, since the WHERE
 * clause is what decides the damage.
 */
export function summarizeExecute(request: ExecuteInput, defaultConnection: string): string {
  const connection = request.connection ?? defaultConnection;
  const oneLine = request.sql.replace(/\s+/g, ' ').trim();
  let what = oneLine.split(' ')[0]?.toUpperCase() ?? 'statement';
  if (isSqlParserReady()) {
    try {
      const [statement] = parseStatements(request.sql);
      if (statement !== undefined) {
        const summary = summarizeStatement(statement);
        what = summary.target === '' ? summary.command : `${summary.command} ${summary.target}`;
      }
    } catch {
      // An unparsable statement is refused by the handler; the line still shows its text.
    }
  }
  const params =
    request.params === undefined || request.params.length === 0 ? '' : ` with params ${JSON.stringify(request.params)}`;
  const text = oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
  return `Commit on connection ${connection}: ${what} — ${text}${params}`;
}

/** The execute tool; its confirmation summary names the default connection when the call omits one. */
export function createExecuteTool(defaultConnection: string): Tool<DatabaseDeps> {
  return defineDatabaseTool({
    name: 'execute',
    title: 'Change data (dry run first)',
    description:
      'One write on a dml or full connection. dry_run (default) runs it, reports affected rows, RETURNING rows and the plan, and rolls back; dry_run=false commits after a person confirms.',
    annotations: write,
    input,
    output: z.object({
      connection: z.string(),
      dryRun: z.boolean(),
      command: z.string(),
      target: z.string(),
      rowCount: z.number().nullable(),
      returning: z
        .object({
          columns: z.array(z.object({ name: z.string(), type: z.string() })),
          rows: rowsOutput,
        })
        .optional(),
      plan: z.string().optional(),
      notice: z.string(),
    }),
    classify: (request) => (request.dry_run ? 'write' : 'destructive'),
    summarize: (request) => summarizeExecute(request, defaultConnection),
    precheck: async (request, { database }) => {
      await loadSqlParser();
      checkWrite(database.entry(request.connection), request.sql, request.params?.length ?? 0);
    },
    handler: (request, context) => runExecute(request, context),
  });
}

async function runExecute(request: ExecuteInput, { database, signal, history }: ToolContext<DatabaseDeps>) {
  await loadSqlParser();
  const entry = database.entry(request.connection);
  const outcome = await database.write(entry, {
    sql: request.sql,
    params: (request.params ?? []).map(toParamText),
    dryRun: request.dry_run,
    timeoutMs: database.timeoutFor(entry, request.timeout_ms),
    signal,
  });
  const connection = entry.config.name;
  if (!request.dry_run)
    await history.record(
      `${outcome.command} ${outcome.target} on ${connection}: ${affected(outcome)}`.replace(/\s+/g, ' '),
      {
        connection,
        command: outcome.command,
        target: outcome.target,
        rowCount: outcome.rowCount,
      },
    );
  return present(outcome, { connection, dryRun: request.dry_run, typeNames: entry.typeNames });
}

function affected(outcome: WriteOutcome): string {
  return outcome.rowCount === null ? 'done' : `${outcome.rowCount} row${outcome.rowCount === 1 ? '' : 's'}`;
}

function present(outcome: WriteOutcome, context: { connection: string; dryRun: boolean; typeNames: TypeNameCache }) {
  const returning = outcome.returning;
  const shown = returning === undefined ? 0 : Math.min(returningSample, returning.rows.length);
  const more =
    returning !== undefined && returning.rows.length > shown
      ? ` RETURNING shows ${shown} of ${returning.rows.length} rows.`
      : '';
  return {
    connection: context.connection,
    dryRun: context.dryRun,
    command: outcome.command,
    target: outcome.target,
    rowCount: outcome.rowCount,
    ...(returning === undefined
      ? {}
      : {
          returning: {
            columns: returning.fields.map((field) => ({
              name: field.name,
              type: context.typeNames.nameOf(field.typeOid),
            })),
            rows: convertRows(returning, shown),
          },
        }),
    ...(outcome.plan === undefined ? {} : { plan: `${outcome.plan.join('\n')}\n` }),
    notice: context.dryRun
      ? `Dry run: rolled back, nothing changed (${affected(outcome)} would be affected). Sequence values it drew are not returned. Run again with dry_run=false to commit.${more}`
      : `Committed: ${affected(outcome)}.${more}`,
  };
}
