import { ToolError, write } from '@infra-mcp/core';
import * as z from 'zod';
import { stringAt, type Json } from '../format/json.js';
import { contextArg, defineKubeTool, describeTarget, kindArg, nameArg, namespaceArg, resolveTarget } from './shared.js';

const contentTypes = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/** Patches one object (merge, JSON or strategic), optionally as a dry run. */
export const patchTool = defineKubeTool({
  name: 'patch',
  title: 'Patch',
  description:
    'Patch one object: strategic (default; built-in kinds), merge, or json (an array of ops). Returns the changed fields.',
  annotations: write,
  input: z.object({
    context: contextArg,
    kind: kindArg,
    name: nameArg,
    namespace: namespaceArg,
    type: z.enum(['strategic', 'merge', 'json']).default('strategic'),
    patch: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]),
    subresource: z.enum(['status', 'scale']).optional(),
    dryRun: z.boolean().optional(),
  }),
  classify: (args) => (args.dryRun === true ? 'read' : 'write'),
  output: z.object({ object: z.string(), resourceVersion: z.string(), dryRun: z.boolean() }),
  handler: async (args, { kube, fieldManager, signal, history }) => {
    if ((args.type === 'json') !== Array.isArray(args.patch)) {
      throw new ToolError(
        'INVALID_INPUT',
        args.type === 'json' ? 'A json patch is an array of operations.' : `A ${args.type} patch is an object.`,
      );
    }
    const target = await resolveTarget(kube, args, signal);
    const path = args.subresource === undefined ? target.path : `${target.path}/${args.subresource}`;
    const previous = await target.client.request<Json>({ path, signal });
    const patched = await target.client.request<Json>({
      method: 'PATCH',
      path,
      query: { fieldManager, dryRun: args.dryRun === true ? 'All' : undefined },
      body: args.patch,
      contentType: contentTypes[args.type],
      signal,
    });
    const label = describeTarget(target.type.kind, args.name, target.namespace);
    const resourceVersion = stringAt(patched, 'metadata.resourceVersion');
    if (args.dryRun !== true) {
      await history.record(`patched ${label} (${args.type}, context ${target.client.context})`, {
        context: target.client.context,
        object: label,
        previous,
      });
    }
    return { object: label, resourceVersion, dryRun: args.dryRun === true };
  },
});
