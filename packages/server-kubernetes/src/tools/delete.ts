import { destructive, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath } from '../client/discovery.js';
import { cleanObject } from '../format/clean.js';
import { recordsAt, stringAt, type Json } from '../format/json.js';
import { contextArg, defineKubeTool, describeTarget, kindArg, namespaceArg } from './shared.js';

const maxObjects = 100;

/** Deletes one object or every object matching a selector; each call confirmed by a person. */
export const deleteTool = defineKubeTool({
  name: 'delete',
  title: 'Delete',
  description: `Delete one object by name, or up to ${maxObjects} by labelSelector. A person confirms each call; dryRun lists what would go.`,
  annotations: destructive,
  input: z.object({
    context: contextArg,
    kind: kindArg,
    namespace: namespaceArg,
    name: z.string().min(1).optional(),
    labelSelector: z.string().min(1).optional(),
    propagation: z.enum(['Background', 'Foreground', 'Orphan']).default('Background'),
    dryRun: z.boolean().optional(),
  }),
  classify: (args) => (args.dryRun === true ? 'read' : 'destructive'),
  summarize: (args) =>
    `delete ${args.name === undefined ? `every ${args.kind} matching ${args.labelSelector ?? '?'}` : `${args.kind} ${args.name}`} in namespace ${args.namespace ?? '(context default)'} of context ${args.context ?? '(default)'}`,
  output: z.object({ deleted: z.array(z.string()), dryRun: z.boolean() }),
  handler: async (args, { kube, signal, history }) => {
    if ((args.name === undefined) === (args.labelSelector === undefined)) {
      throw new ToolError('INVALID_INPUT', 'Pass exactly one of name or labelSelector.');
    }
    const client = await kube.client(args.context);
    const type = await client.discovery.resolve(args.kind, signal);
    const namespace = type.namespaced ? (args.namespace ?? client.namespace) : undefined;
    const names =
      args.name !== undefined
        ? [args.name]
        : recordsAt(
            await client.request({
              path: resourcePath(type, { namespace }),
              query: { labelSelector: args.labelSelector, limit: maxObjects + 1 },
              signal,
            }),
            'items',
          ).map((item) => stringAt(item, 'metadata.name'));
    if (names.length > maxObjects)
      throw new ToolError('INVALID_INPUT', `The selector matches more than ${maxObjects} objects; narrow it.`);
    const deleted: string[] = [];
    for (const name of names) {
      const path = resourcePath(type, { namespace, name });
      const previous = args.dryRun === true ? undefined : await client.request<Json>({ path, signal });
      await client.request({
        method: 'DELETE',
        path,
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: args.propagation,
          ...(args.dryRun === true ? { dryRun: ['All'] } : {}),
        },
        query: { dryRun: args.dryRun === true ? 'All' : undefined },
        signal,
      });
      const label = describeTarget(type.kind, name, namespace ?? '');
      deleted.push(label);
      if (previous !== undefined) {
        await history.record(`deleted ${label} (context ${client.context})`, {
          context: client.context,
          object: label,
          previous: cleanObject(previous),
        });
      }
    }
    return { deleted, dryRun: args.dryRun === true };
  },
});
