import * as z from 'zod';
import { defineTool, readOnly } from '../tool.js';

/** Shows what changed through this server: its record of mutating calls. */
export const listHistoryTool = defineTool({
  name: 'list_history',
  title: 'Change history',
  description:
    'What changed through this server: every mutating call by anyone, newest first. For "what changed?" and undo.',
  annotations: readOnly,
  input: z.object({
    tool: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/)
      .optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().optional(),
  }),
  output: z.object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        tool: z.string(),
        principal: z.string(),
        outcome: z.enum(['ok', 'error']),
        summary: z.string(),
        args: z.record(z.string(), z.unknown()),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  handler: async ({ tool, limit, cursor }, { history }) => {
    const page = await history.list({
      limit,
      ...(tool === undefined ? {} : { tool }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    return {
      entries: page.items.map((entry) => ({
        id: entry.id,
        at: entry.at.toISOString(),
        tool: entry.tool,
        principal: entry.principal,
        outcome: entry.outcome,
        summary: entry.summary,
        args: entry.args,
      })),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  },
});
