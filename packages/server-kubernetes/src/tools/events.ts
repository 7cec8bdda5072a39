import { readOnly, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { eventRow, eventTime, listEvents } from '../client/events.js';
import { anyNamespaceArg, contextArg, defineKubeTool } from './shared.js';

const scanLimit = 5000;

/** Events newest first, filtered by object, type and age. */
export const eventsTool = defineKubeTool({
  name: 'events',
  title: 'Events',
  description: 'Events, newest first; filter by object, type, age.',
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    namespace: anyNamespaceArg,
    kind: z.string().optional(),
    name: z.string().optional(),
    type: z.enum(['Normal', 'Warning']).optional(),
    sinceMinutes: z.number().int().min(1).max(525_600).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  }),
  output: z.object({ events: z.array(z.record(z.string(), untrusted(z.string(), 'cluster'))) }),
  handler: async (args, { kube, signal }) => {
    const client = await kube.client(args.context);
    const kind = args.kind === undefined ? undefined : (await client.discovery.resolve(args.kind, signal)).kind;
    const selector = [
      kind === undefined ? undefined : `involvedObject.kind=${kind}`,
      args.name === undefined ? undefined : `involvedObject.name=${args.name}`,
      args.type === undefined ? undefined : `type=${args.type}`,
    ].filter((part) => part !== undefined);
    const namespace = args.namespace === '*' ? undefined : (args.namespace ?? client.namespace);
    const listed = await listEvents(client, {
      namespace,
      fieldSelector: selector.length > 0 ? selector.join(',') : undefined,
      scan: scanLimit,
      signal,
    });
    const since = args.sinceMinutes === undefined ? 0 : Date.now() - args.sinceMinutes * 60_000;
    const recent = listed.events.filter((event) => eventTime(event) >= since);
    const shown = recent.slice(0, args.limit).map((event) => eventRow(event));
    const cut = recent.length > args.limit || listed.more;
    return {
      events: shown,
      ...(cut
        ? {
            truncated: truncated(
              listed.more
                ? `Scanned the ${scanLimit} events the server returned first; narrow by namespace, object or type.`
                : `Showing the newest ${args.limit} of ${recent.length} events.`,
              recent.length > args.limit ? { ...args, limit: Math.min(500, args.limit * 4) } : undefined,
            ),
          }
        : {}),
    };
  },
});
