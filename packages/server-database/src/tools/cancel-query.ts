import { destructive, type Tool } from '@infra-mcp/core';
import * as z from 'zod';
import type { DatabaseDeps } from '../deps.js';
import { connectionInput, databaseValue, defineDatabaseTool } from './common.js';

const input = z.object({
  pid: z.number().int().min(1),
  terminate: z.boolean().default(false),
  connection: connectionInput,
});

/** The cancel_query tool; its confirmation summary names the default connection when the call omits one. */
export function createCancelQueryTool(defaultConnection: string): Tool<DatabaseDeps> {
  return defineDatabaseTool({
    name: 'cancel_query',
    title: 'Cancel a query or end a session',
    description:
      "Cancels a session's running statement, or with terminate=true ends the session. Full-mode connections only; a person confirms.",
    annotations: destructive,
    input,
    output: z.object({
      connection: z.string(),
      pid: z.number(),
      action: z.string(),
      signalled: z.boolean(),
      session: z.record(z.string(), databaseValue),
    }),
    summarize: (request) =>
      request.terminate
        ? `Terminate backend ${request.pid} on connection ${request.connection ?? defaultConnection} (ends its session, rolling back its transaction)`
        : `Cancel the running statement of backend ${request.pid} on connection ${request.connection ?? defaultConnection}`,
    precheck: async (request, { database }) => database.checkSignal(database.entry(request.connection)),
    handler: async (request, { database, signal, history }) => {
      const entry = database.entry(request.connection);
      const action = request.terminate ? 'terminate' : 'cancel';
      const { session, signalled } = await database.signalBackend(entry, { pid: request.pid, action, signal });
      if (signalled)
        await history.record(`${action} backend ${request.pid} on ${entry.config.name}`, {
          connection: entry.config.name,
          pid: request.pid,
          action,
          user: session.user ?? null,
        });
      return { connection: entry.config.name, pid: request.pid, action, signalled, session };
    },
  });
}
