import { ToolError, write } from '@infra-mcp/core';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { planPod, type PlannedPod } from '../client/drain-plan.js';
import type { KubeClient } from '../client/kube-client.js';
import { readIfExists } from '../client/manifest.js';
import { recordsAt } from '../format/json.js';
import { contextArg, defineKubeTool } from './shared.js';

const input = z.object({
  context: contextArg,
  node: z.string().min(1),
  action: z.enum(['cordon', 'uncordon', 'drain']),
  dryRun: z.boolean().optional().describe('drain: only the plan'),
  ignoreDaemonSets: z.boolean().default(true),
  deleteEmptyDirData: z.boolean().default(false),
  force: z.boolean().default(false),
  timeoutSeconds: z.number().int().min(1).max(1800).default(300),
});

type Input = z.output<typeof input>;

/** Cordon, uncordon, or drain a node by eviction, with a dry-run plan first. */
export const cordonDrainTool = defineKubeTool({
  name: 'cordon_drain',
  title: 'Cordon / drain',
  description:
    'Cordon or uncordon a node, or drain it (cordon + evict pods, as kubectl drain). dryRun shows the drain plan; a real drain is confirmed by a person.',
  annotations: write,
  input,
  classify: (args) => (args.action !== 'drain' ? 'write' : args.dryRun === true ? 'read' : 'destructive'),
  summarize: (args) =>
    `${args.action} node ${args.node} of context ${args.context ?? '(default)'}${args.action === 'drain' ? ', evicting its pods' : ''}`,
  output: z.object({
    node: z.string(),
    message: z.string(),
    pods: z.array(z.record(z.string(), z.string())).optional(),
  }),
  handler: async (args, { kube, signal, history, progress }) => {
    const client = await kube.client(args.context);
    const nodePath = `/api/v1/nodes/${encodeURIComponent(args.node)}`;
    await client.request({ path: nodePath, signal });
    if (args.action !== 'drain') {
      await setUnschedulable(client, nodePath, args.action === 'cordon', signal);
      await history.record(`${args.action}ed node ${args.node} (context ${client.context})`, {
        context: client.context,
        node: args.node,
      });
      return { node: args.node, message: `node ${args.node} ${args.action}ed` };
    }
    const pods = await client.request({
      path: '/api/v1/pods',
      query: { fieldSelector: `spec.nodeName=${args.node}` },
      signal,
    });
    const plan = recordsAt(pods, 'items').map((pod) => planPod(pod, args));
    const rows = plan.map((pod) => ({ POD: `${pod.namespace}/${pod.name}`, ACTION: pod.action, REASON: pod.reason }));
    const blocked = plan.filter((pod) => pod.action === 'blocked');
    if (args.dryRun === true)
      return {
        node: args.node,
        message: blocked.length > 0 ? `drain would stop at ${blocked.length} blocked pods` : 'drain plan',
        pods: rows,
      };
    if (blocked.length > 0) {
      throw new ToolError(
        'INVALID_INPUT',
        `Drain of ${args.node} is blocked by ${blocked.length} pods (${blocked.map((pod) => `${pod.namespace}/${pod.name}: ${pod.reason}`).join('; ')}); nothing was done.`,
      );
    }
    await setUnschedulable(client, nodePath, true, signal);
    const evicted = await evictAll(
      client,
      plan.filter((pod) => pod.action === 'evict'),
      args,
      { signal, progress },
    );
    await history.record(`drained node ${args.node}: evicted ${evicted} pods (context ${client.context})`, {
      context: client.context,
      node: args.node,
      evicted: rows,
    });
    return { node: args.node, message: `node ${args.node} cordoned and drained (${evicted} pods evicted)`, pods: rows };
  },
});

async function setUnschedulable(
  client: KubeClient,
  path: string,
  unschedulable: boolean,
  signal: AbortSignal,
): Promise<void> {
  await client.request({
    method: 'PATCH',
    path,
    body: { spec: { unschedulable: unschedulable ? true : null } },
    contentType: 'application/merge-patch+json',
    signal,
  });
}

async function evictAll(
  client: KubeClient,
  pods: readonly PlannedPod[],
  args: Input,
  scope: { signal: AbortSignal; progress: (done: number, total?: number, message?: string) => Promise<void> },
): Promise<number> {
  const deadline = Date.now() + args.timeoutSeconds * 1000;
  const pending = new Set(pods);
  while (pending.size > 0) {
    for (const pod of [...pending]) {
      const path = `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}`;
      const gone = (await readIfExists(client, path, scope.signal)) === undefined;
      if (gone) {
        pending.delete(pod);
        continue;
      }
      await client
        .request({
          method: 'POST',
          path: `${path}/eviction`,
          body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.name, namespace: pod.namespace } },
          signal: scope.signal,
        })
        .catch((error: unknown) => {
          // 429: a PodDisruptionBudget says not yet; try again on the next pass.
          if (!(error instanceof ToolError && error.code === 'RATE_LIMITED')) throw error;
        });
    }
    await scope.progress(pods.length - pending.size, pods.length, `${pending.size} pods still to go`);
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      throw new ToolError(
        'TIMEOUT',
        `Drain timed out with ${pending.size} pods left: ${[...pending].map((pod) => `${pod.namespace}/${pod.name}`).join(', ')}. The node stays cordoned.`,
      );
    }
    await sleep(1000, undefined, { signal: scope.signal });
  }
  return pods.length;
}
