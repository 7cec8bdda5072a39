import { write } from '@infra-mcp/core';
import * as z from 'zod';
import { numberAt } from '../format/json.js';
import { contextArg, defineKubeTool, describeTarget, kindArg, nameArg, namespaceArg, resolveTarget } from './shared.js';

/** Sets the replica count through the scale subresource; scaling to zero is confirmed by a person. */
export const scaleTool = defineKubeTool({
  name: 'scale',
  title: 'Scale',
  description:
    'Set replicas of a Deployment, StatefulSet, ReplicaSet or any kind with a scale subresource. Scaling to 0 asks for confirmation.',
  annotations: write,
  input: z.object({
    context: contextArg,
    kind: kindArg,
    name: nameArg,
    namespace: namespaceArg,
    replicas: z.number().int().min(0).max(10_000),
    dryRun: z.boolean().optional(),
  }),
  classify: (args) => (args.dryRun === true ? 'read' : args.replicas === 0 ? 'destructive' : 'write'),
  summarize: (args) =>
    `scale ${args.kind} ${args.name} in ${args.namespace ?? 'the default namespace'} to ${args.replicas} replicas (context ${args.context ?? 'default'})`,
  output: z.object({ object: z.string(), from: z.number(), to: z.number(), dryRun: z.boolean() }),
  handler: async (args, { kube, signal, history }) => {
    const target = await resolveTarget(kube, args, signal);
    const path = `${target.path}/scale`;
    const before = await target.client.request({ path, signal });
    const from = numberAt(before, 'spec.replicas');
    await target.client.request({
      method: 'PATCH',
      path,
      query: { dryRun: args.dryRun === true ? 'All' : undefined },
      body: { spec: { replicas: args.replicas } },
      contentType: 'application/merge-patch+json',
      signal,
    });
    const label = describeTarget(target.type.kind, args.name, target.namespace);
    if (args.dryRun !== true) {
      await history.record(`scaled ${label} from ${from} to ${args.replicas} (context ${target.client.context})`, {
        context: target.client.context,
        object: label,
        previousReplicas: from,
      });
    }
    return { object: label, from, to: args.replicas, dryRun: args.dryRun === true };
  },
});
