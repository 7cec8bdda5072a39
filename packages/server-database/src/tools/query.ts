import { ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { decodeCursor, type QueryCursor } from '../results/cursor.js';
import { buildQueryResult } from '../results/query-result.js';
import { loadSqlParser } from '../safety/sql-parser.js';
import { connectionInput, defineDatabaseTool, paramsInput, rowsOutput, timeoutInput, toParamText } from './common.js';

const cursorName = 'infra_mcp_rows';

/** The query tool: one read-only SELECT, paged with a cursor. */
export const queryTool = defineDatabaseTool({
  name: 'query',
  title: 'Run a read-only query',
  description:
    'Runs one SELECT read-only: nothing it runs can change the database. Returns columns and rows (arrays in column order), paged with a cursor.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    sql: z.string().min(1).max(200_000).optional().describe('One SELECT; $1, $2… for params'),
    params: paramsInput,
    max_rows: z.number().int().min(1).max(10_000).optional().describe('Default 100'),
    timeout_ms: timeoutInput,
    connection: connectionInput,
    cursor: z.string().optional().describe('From a previous page'),
  }),
  output: z.object({
    connection: z.string(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: rowsOutput,
    rowCount: z.number(),
  }),
  handler: async (input, { database, signal, maxOutputBytes }) => {
    const request = requestOf(input, database.defaultConnection);
    await loadSqlParser();
    const entry = database.entry(request.connection);
    const page = await database.guardedRead(
      entry,
      {
        sql: request.sql,
        params: request.params.map(toParamText),
        intent: 'read',
        timeoutMs: database.timeoutFor(entry, input.timeout_ms),
        signal,
      },
      async (scope) => {
        const steps = [`FETCH FORWARD ${request.maxRows + 1} FROM ${cursorName}`];
        if (request.offset > 0) steps.unshift(`MOVE FORWARD ${request.offset} IN ${cursorName}`);
        const [, fetch] = await scope.finish([
          scope.statement(`DECLARE ${cursorName} NO SCROLL CURSOR FOR `),
          { text: steps.join(';\n'), protocol: 'simple' },
        ]);
        const fetched = fetch?.at(-1) ?? { fields: [], rows: [], rowCount: null };
        // Names of user-defined types (enums, domains) are looked up once, after the transaction.
        await entry.typeNames.resolve(
          scope.session,
          fetched.fields.map((field) => field.typeOid),
        );
        return fetched;
      },
    );
    return buildQueryResult({ page, typeNames: entry.typeNames, request, budget: maxOutputBytes });
  },
});

function requestOf(
  input: {
    sql?: string | undefined;
    params?: unknown[] | undefined;
    max_rows?: number | undefined;
    connection?: string | undefined;
    cursor?: string | undefined;
  },
  defaultConnection: string,
): QueryCursor {
  if (input.cursor === undefined) {
    if (input.sql === undefined) throw new ToolError('INVALID_INPUT', 'Pass sql, or a cursor from a previous page.');
    return {
      connection: input.connection ?? defaultConnection,
      sql: input.sql,
      params: input.params ?? [],
      offset: 0,
      maxRows: input.max_rows ?? 100,
    };
  }
  const cursor = decodeCursor(input.cursor);
  if (input.sql !== undefined && input.sql !== cursor.sql)
    throw new ToolError('INVALID_INPUT', 'The cursor belongs to a different statement than sql.', {
      hint: 'Pass the cursor alone to continue, or sql alone to start over.',
    });
  if (input.connection !== undefined && input.connection !== cursor.connection)
    throw new ToolError('INVALID_INPUT', `The cursor belongs to connection ${cursor.connection}.`);
  return Object.assign({}, cursor, { maxRows: input.max_rows ?? cursor.maxRows });
}
