import * as z from 'zod';
import { auditOutcomes, type StateStore } from '../state/store.js';
import { defineTool, readOnly, type Tool } from '../tool.js';
import { truncated } from '../output/truncation.js';

const recordSchema = z.object({
  at: z.string(),
  principal: z.string(),
  tool: z.string(),
  outcome: z.enum(auditOutcomes),
  errorCode: z.string().optional(),
  durationMs: z.number(),
  requestId: z.string(),
  args: z.record(z.string(), z.unknown()),
});

/** The admin tool that reads this server's audit trail; it needs the `<server>:admin` scope. */
export function createAuditTool(server: string, state: Pick<StateStore, 'listAudit'>): Tool {
  return defineTool({
    name: 'list_audit',
    title: 'Audit trail',
    description: "Audit records of this server's tool calls, newest first (admins only).",
    annotations: readOnly,
    scopes: [`${server}:admin`],
    input: z.object({
      since: z.iso.datetime({ offset: true }).optional().describe('ISO time'),
      principal: z.string().max(200).optional(),
      tool: z.string().max(64).optional(),
      outcome: z.enum(auditOutcomes).optional(),
      limit: z.number().int().min(1).max(500).default(50),
      cursor: z.string().max(512).optional(),
    }),
    output: z.object({ records: z.array(recordSchema) }),
    handler: async ({ since, principal, tool, outcome, limit, cursor }) => {
      const page = await state.listAudit({
        server,
        limit,
        ...(since === undefined ? {} : { since: new Date(since) }),
        ...(principal === undefined ? {} : { principal }),
        ...(tool === undefined ? {} : { tool }),
        ...(outcome === undefined ? {} : { outcome }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      const records = page.items.map(
        ({ at, principal: who, tool: name, outcome: result, errorCode, durationMs, requestId, args }) => ({
          at: at.toISOString(),
          principal: who,
          tool: name,
          outcome: result,
          ...(errorCode === undefined ? {} : { errorCode }),
          durationMs,
          requestId,
          args,
        }),
      );
      return page.nextCursor === undefined
        ? { records }
        : {
            records,
            truncated: truncated(`More records than the ${limit} shown.`, { cursor: page.nextCursor, limit }),
          };
    },
  });
}
