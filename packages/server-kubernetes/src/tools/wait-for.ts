import { readOnly, ToolError } from '@infra-mcp/core';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { readIfExists } from '../client/manifest.js';
import { getPath, recordsAt, stringAt, type Json } from '../format/json.js';
import { rolloutState } from '../format/rollout-status.js';
import { contextArg, defineKubeTool, kindArg, nameArg, namespaceArg, resolveTarget } from './shared.js';

const input = z.object({
  context: contextArg,
  kind: kindArg,
  name: nameArg,
  namespace: namespaceArg,
  condition: z.string().optional().describe('e.g. Ready, Available, Complete=True'),
  field: z.string().optional().describe('dotted path; with value'),
  value: z.string().optional(),
  deleted: z.boolean().optional(),
  timeoutSeconds: z.number().int().min(1).max(600).default(60),
});

type Input = z.output<typeof input>;

/** Waits for a condition, a field value, a finished rollout or a deletion, reporting progress. */
export const waitForTool = defineKubeTool({
  name: 'wait_for',
  title: 'Wait for',
  description:
    'Wait until an object meets a condition, a field equals a value, is deleted, or (default) is ready/rolled out. Polls each second with progress; cancellable.',
  annotations: readOnly,
  input,
  output: z.object({ met: z.boolean(), waitedSeconds: z.number(), state: z.string() }),
  handler: async (args, { kube, signal, progress }) => {
    if (args.field !== undefined && args.value === undefined)
      throw new ToolError('INVALID_INPUT', 'field needs value: the value to wait for.');
    const target = await resolveTarget(kube, args, signal);
    const started = Date.now();
    const deadline = started + args.timeoutSeconds * 1000;
    let state = 'not read yet';
    for (;;) {
      const object = await readIfExists(target.client, target.path, signal);
      const check = evaluate(args, object);
      state = check.state;
      const waited = Math.round((Date.now() - started) / 1000);
      if (check.met) return { met: true, waitedSeconds: waited, state };
      if (Date.now() >= deadline) return { met: false, waitedSeconds: waited, state };
      await progress(waited, args.timeoutSeconds, state);
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())), undefined, { signal });
    }
  },
});

function evaluate(args: Input, object: Json | undefined): { met: boolean; state: string } {
  if (args.deleted === true)
    return { met: object === undefined, state: object === undefined ? 'deleted' : 'still exists' };
  if (object === undefined) return { met: false, state: 'does not exist (yet)' };
  if (args.field !== undefined) {
    const actual = getPath(object, args.field);
    const text = typeof actual === 'string' ? actual : JSON.stringify(actual ?? null);
    return { met: text === args.value, state: `${args.field}=${text}` };
  }
  if (args.condition !== undefined) {
    const [type, wanted = 'True'] = args.condition.split('=');
    const found = recordsAt(object, 'status.conditions').find((condition) => condition.type === type);
    const status = found === undefined ? 'absent' : stringAt(found, 'status');
    const message = found === undefined ? '' : ` ${stringAt(found, 'reason')} ${stringAt(found, 'message')}`.trimEnd();
    return { met: status === wanted, state: `${type}=${status}${message}` };
  }
  return readiness(object);
}

/** The default: rolled out for workloads, Ready for pods and nodes, Complete for jobs. */
function readiness(object: Json): { met: boolean; state: string } {
  const kind = stringAt(object, 'kind');
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet') {
    const rollout = rolloutState(object);
    return { met: rollout.done, state: rollout.message };
  }
  const type = kind === 'Job' ? 'Complete' : 'Ready';
  const found = recordsAt(object, 'status.conditions').find((condition) => condition.type === type);
  if (found === undefined && kind !== 'Pod' && kind !== 'Node' && kind !== 'Job') {
    throw new ToolError(
      'INVALID_INPUT',
      `${kind} has no default readiness; pass condition, field and value, or deleted.`,
    );
  }
  return {
    met: found?.status === 'True',
    state: `${type}=${found === undefined ? 'absent' : stringAt(found, 'status')}`,
  };
}
