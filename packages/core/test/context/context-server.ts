import * as z from 'zod';
import { buildServer, type InfraServer, type ServerOptions } from '../../src/server.js';
import type { StateStore } from '../../src/state/store.js';
import { defineTool, write } from '../../src/tool.js';

/** A tool that changes something and records it, as real write tools do. */
export const scaleTool = defineTool({
  name: 'scale',
  title: 'Scale',
  description: 'Scales a deployment.',
  annotations: write,
  input: z.object({ name: z.string(), replicas: z.number().int() }),
  output: z.object({ scaled: z.boolean() }),
  handler: async ({ name, replicas }, { history }) => {
    await history.record(`scaled ${name} to ${replicas}`, { previousReplicas: 1 });
    return { scaled: true };
  },
});

/** A server over `state`: core adds the context tools and resources every infra-mcp server has. */
export function createContextServer(state: StateStore, name = 'kubernetes', options: ServerOptions = {}): InfraServer {
  return buildServer(
    {
      name,
      version: '1.0.0',
      tools: [scaleTool],
      deps: {},
    },
    { state, ...options },
  );
}

/** The text blocks of a result, joined. */
export const textOf = (result: { content?: unknown }): string =>
  ((result.content as { type: string; text?: string }[] | undefined) ?? []).map((block) => block.text ?? '').join('\n');
