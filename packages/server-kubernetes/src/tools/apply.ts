import { write } from '@infra-mcp/core';
import * as z from 'zod';
import { parseManifest, readIfExists, resolveManifest, serverSideApply } from '../client/manifest.js';
import type { Json } from '../format/json.js';
import { comparable } from '../format/unified-diff.js';
import { contextArg, defineKubeTool, namespaceArg } from './shared.js';

/** Server-side apply of a manifest: every object dry-run first, so a bad one stops the whole call. */
export const applyTool = defineKubeTool({
  name: 'apply',
  title: 'Apply',
  description:
    'Server-side apply a YAML/JSON manifest (up to 50 objects). All objects are dry-run first; nothing is applied if any fails. force takes over fields owned by other managers.',
  annotations: write,
  input: z.object({
    context: contextArg,
    namespace: namespaceArg,
    manifest: z.string().min(1),
    dryRun: z.boolean().optional(),
    force: z.boolean().optional(),
  }),
  classify: (args) => (args.dryRun === true ? 'read' : 'write'),
  output: z.object({ objects: z.array(z.record(z.string(), z.string())) }),
  handler: async (args, { kube, fieldManager, signal, history }) => {
    const client = await kube.client(args.context);
    const items = await resolveManifest(client, parseManifest(args.manifest), args.namespace, signal);
    const options = { fieldManager, force: args.force === true, signal };
    const before = await Promise.all(items.map((item) => readIfExists(client, item.path, signal)));
    const planned = await Promise.all(items.map((item) => serverSideApply(client, item, { ...options, dryRun: true })));
    if (args.dryRun === true) {
      return {
        objects: items.map((item, index) => ({
          OBJECT: item.label,
          RESULT: `${outcome(before[index], planned[index]!)} (dry run)`,
        })),
      };
    }
    const objects = [];
    for (const [index, item] of items.entries()) {
      const applied = await serverSideApply(client, item, { ...options, dryRun: false });
      const result = outcome(before[index], applied);
      objects.push({ OBJECT: item.label, RESULT: result });
      if (result !== 'unchanged') {
        await history.record(`applied ${item.label} (${result}, context ${client.context})`, {
          context: client.context,
          object: item.label,
          previous: before[index] ?? null,
        });
      }
    }
    return { objects };
  },
});

/** Compared without status and bookkeeping: a controller's status update between calls is not a change by this apply. */
function outcome(before: Json | undefined, after: Json): string {
  if (before === undefined) return 'created';
  return comparable(before) === comparable(after) ? 'unchanged' : 'configured';
}
