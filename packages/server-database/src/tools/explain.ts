import * as z from 'zod';
import { loadSqlParser } from '../safety/sql-parser.js';
import { connectionInput, defineDatabaseTool, paramsInput, timeoutInput, toParamText } from './common.js';

/** The explain tool: a plan, or a read-only EXPLAIN ANALYZE of a SELECT. */
export const explainTool = defineDatabaseTool({
  name: 'explain',
  title: 'Explain a query plan',
  description:
    'The plan of a SELECT, INSERT, UPDATE, DELETE or MERGE. analyze=true runs a SELECT read-only for actual times, rows and buffers.',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.object({
    sql: z.string().min(1).max(200_000),
    params: paramsInput,
    analyze: z.boolean().default(false).describe('Run the SELECT for actual figures'),
    timeout_ms: timeoutInput,
    connection: connectionInput,
  }),
  output: z.object({
    connection: z.string(),
    analyzed: z.boolean(),
    planningMs: z.number().optional(),
    executionMs: z.number().optional(),
    plan: z.string(),
  }),
  handler: async (input, { database, signal }) => {
    await loadSqlParser();
    const entry = database.entry(input.connection);
    const options = input.analyze ? 'FORMAT TEXT, ANALYZE, BUFFERS' : 'FORMAT TEXT';
    const result = await database.guardedRead(
      entry,
      {
        sql: input.sql,
        params: (input.params ?? []).map(toParamText),
        intent: input.analyze ? 'read' : 'plan',
        timeoutMs: database.timeoutFor(entry, input.timeout_ms),
        signal,
      },
      async (scope) =>
        (await scope.finish([scope.statement(`EXPLAIN (${options}) `)]))[0]?.[0] ?? {
          fields: [],
          rows: [],
          rowCount: null,
        },
    );
    const lines = result.rows.map((row) => row[0] ?? '');
    const timing = (label: string): number | undefined => {
      const match = lines.map((line) => new RegExp(`^${label} Time: ([\\d.]+) ms`).exec(line)).find(Boolean);
      return match?.[1] === undefined ? undefined : Number(match[1]);
    };
    const planningMs = timing('Planning');
    const executionMs = timing('Execution');
    return {
      connection: entry.config.name,
      analyzed: input.analyze,
      ...(planningMs === undefined ? {} : { planningMs }),
      ...(executionMs === undefined ? {} : { executionMs }),
      plan: `${lines.filter((line) => !/^(Planning|Execution) Time:/.test(line)).join('\n')}\n`,
    };
  },
});
