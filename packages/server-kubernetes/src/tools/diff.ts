import { readOnly, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { parseManifest, readIfExists, resolveManifest, serverSideApply } from '../client/manifest.js';
import { comparable, unifiedDiff } from '../format/unified-diff.js';
import { contextArg, defineKubeTool, namespaceArg } from './shared.js';

/** What an apply would change, from a server-side dry run against live state. */
export const diffTool = defineKubeTool({
  name: 'diff',
  title: 'Diff',
  description: 'Diff live state against a server-side dry-run apply of a manifest. Changes nothing.',
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    namespace: namespaceArg,
    manifest: z.string().min(1),
    force: z.boolean().optional(),
  }),
  output: z.object({ objects: z.array(z.record(z.string(), z.string())), diff: untrusted(z.string(), 'cluster') }),
  handler: async (args, { kube, fieldManager, signal }) => {
    const client = await kube.client(args.context);
    const items = await resolveManifest(client, parseManifest(args.manifest), args.namespace, signal);
    const results = await Promise.all(
      items.map(async (item) => {
        const [live, applied] = await Promise.all([
          readIfExists(client, item.path, signal),
          serverSideApply(client, item, { fieldManager, force: args.force === true, dryRun: true, signal }),
        ]);
        const text = await unifiedDiff(`${item.type.kind}/${item.name}`, comparable(live), comparable(applied));
        return {
          row: { OBJECT: item.label, CHANGE: live === undefined ? 'create' : text === '' ? 'none' : 'update' },
          text,
        };
      }),
    );
    return {
      objects: results.map((result) => result.row),
      diff: results
        .map((result) => result.text)
        .filter(Boolean)
        .join('\n'),
    };
  },
});
