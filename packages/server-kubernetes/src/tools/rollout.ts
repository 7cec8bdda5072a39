import { ToolError, write } from '@infra-mcp/core';
import * as z from 'zod';
import { pickRevision, restorableTemplate, revisionsOf } from '../client/rollout-history.js';
import type { Json } from '../format/json.js';
import { rolloutState } from '../format/rollout-status.js';
import {
  contextArg,
  defineKubeTool,
  describeTarget,
  nameArg,
  namespaceArg,
  resolveTarget,
  type Target,
} from './shared.js';

const input = z.object({
  context: contextArg,
  namespace: namespaceArg,
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']).default('Deployment'),
  name: nameArg,
  action: z.enum(['status', 'history', 'restart', 'undo', 'pause', 'resume']),
  toRevision: z.number().int().min(1).max(100_000).optional(),
});

type Input = z.output<typeof input>;

/** Rollout status, history, restart, undo, pause and resume, as kubectl rollout does them. */
export const rolloutTool = defineKubeTool({
  name: 'rollout',
  title: 'Rollout',
  description:
    'Rollouts of Deployments, StatefulSets, DaemonSets: status, history, restart, undo (toRevision), pause/resume (Deployments). Wait with wait_for.',
  annotations: write,
  input,
  classify: (args) => (args.action === 'status' || args.action === 'history' ? 'read' : 'write'),
  output: z.object({
    object: z.string(),
    message: z.string(),
    revisions: z.array(z.record(z.string(), z.string())).optional(),
  }),
  handler: async (args, { kube, signal, history }) => {
    const target = await resolveTarget(kube, args, signal);
    const workload = await target.client.request<Json>({ path: target.path, signal });
    const label = describeTarget(args.kind, args.name, target.namespace);
    if (args.action === 'status') return { object: label, message: rolloutState(workload).message };
    if (args.action === 'history') {
      const revisions = await revisionsOf(target, workload, signal);
      return {
        object: label,
        message: `${revisions.length} revisions`,
        revisions: revisions.map((r) => ({ REVISION: String(r.revision), CAUSE: r.cause, IMAGES: r.images })),
      };
    }
    const patch = await patchFor(args, target, workload, signal);
    await target.client.request({
      method: 'PATCH',
      path: target.path,
      body: patch.body,
      contentType: patch.contentType ?? 'application/strategic-merge-patch+json',
      signal,
    });
    await history.record(`rollout ${args.action} ${label} (context ${target.client.context})`, {
      context: target.client.context,
      object: label,
      previousTemplate: (workload.spec as Json | undefined)?.template ?? null,
    });
    return { object: label, message: patch.message };
  },
});

interface RolloutPatch {
  body: unknown;
  contentType?: string;
  message: string;
}

async function patchFor(args: Input, target: Target, workload: Json, signal: AbortSignal): Promise<RolloutPatch> {
  switch (args.action) {
    case 'restart':
      return {
        body: {
          spec: {
            template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } } },
          },
        },
        message: `${args.kind} ${args.name} restarted`,
      };
    case 'pause':
    case 'resume':
      if (args.kind !== 'Deployment')
        throw new ToolError('INVALID_INPUT', `Only Deployments can be paused; ${args.kind}s cannot.`);
      return {
        body: { spec: { paused: args.action === 'pause' } },
        message: `deployment ${args.name} ${args.action}d`,
      };
    case 'undo': {
      const revision = pickRevision(await revisionsOf(target, workload, signal), args.toRevision);
      // kubectl replaces the whole template, so fields added since that revision go too.
      return {
        body: [{ op: 'replace', path: '/spec/template', value: restorableTemplate(revision.template) }],
        contentType: 'application/json-patch+json',
        message: `${args.kind} ${args.name} rolled back to revision ${revision.revision}`,
      };
    }
    case 'status':
    case 'history':
      throw new ToolError('INTERNAL', 'read actions take no patch');
  }
}
