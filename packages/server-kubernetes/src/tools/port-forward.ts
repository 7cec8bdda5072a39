import { ToolError, write } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath } from '../client/discovery.js';
import type { KubeClient } from '../client/kube-client.js';
import { numberAt, recordsAt, stringAt, type Json } from '../format/json.js';
import { podSelectorOf } from '../format/selector.js';
import { contextArg, defineKubeTool, namespaceArg } from './shared.js';

/** Forwards a local port (127.0.0.1 only) to a pod or Service port; start, stop, list. */
export const portForwardTool = defineKubeTool({
  name: 'port_forward',
  title: 'Port forward',
  description:
    'Forward 127.0.0.1:localPort to a pod, or a Service (via one of its ready pods). start returns an id; stop it by id; list shows open ones.',
  annotations: { ...write, idempotentHint: false },
  input: z.object({
    context: contextArg,
    namespace: namespaceArg,
    action: z.enum(['start', 'stop', 'list']),
    pod: z.string().optional(),
    service: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional().describe('remote port'),
    localPort: z.number().int().min(0).max(65535).default(0),
    id: z.string().optional(),
  }),
  classify: (args) => (args.action === 'list' ? 'read' : 'write'),
  output: z.object({
    forwards: z.array(
      z.object({ id: z.string(), local: z.string(), target: z.string(), context: z.string(), connections: z.number() }),
    ),
  }),
  handler: async (args, { kube, forwards, signal }) => {
    if (args.action === 'list') return { forwards: forwards.list() };
    if (args.action === 'stop') {
      if (args.id === undefined || !(await forwards.stop(args.id)))
        throw new ToolError('NOT_FOUND', `No open forward ${args.id ?? '(no id given)'}.`, {
          hint: 'port_forward action=list shows them.',
        });
      return { forwards: forwards.list() };
    }
    if (args.port === undefined || (args.pod === undefined) === (args.service === undefined)) {
      throw new ToolError('INVALID_INPUT', 'start needs port and exactly one of pod or service.');
    }
    const client = await kube.client(args.context);
    const namespace = args.namespace ?? client.namespace;
    const target =
      args.service === undefined
        ? { pod: args.pod!, port: args.port }
        : await servicePod(client, namespace, args.service, args.port, signal);
    await forwards.start(client, { namespace, ...target, localPort: args.localPort });
    return { forwards: forwards.list() };
  },
});

/** A ready pod behind a Service, and the container port its service port targets. */
async function servicePod(
  client: KubeClient,
  namespace: string,
  name: string,
  port: number,
  signal: AbortSignal,
): Promise<{ pod: string; port: number }> {
  const core = (resource: string) => ({ group: '', version: 'v1', resource, namespaced: true });
  const service = await client.request<Json>({ path: resourcePath(core('services'), { namespace, name }), signal });
  const selector = podSelectorOf(service);
  if (selector === undefined)
    throw new ToolError('INVALID_INPUT', `Service ${name} has no selector, so no pod to forward to.`);
  const pods = recordsAt(
    await client.request({
      path: resourcePath(core('pods'), { namespace }),
      query: { labelSelector: selector },
      signal,
    }),
    'items',
  );
  const ready = pods.find((pod) =>
    recordsAt(pod, 'status.conditions').some((c) => c.type === 'Ready' && c.status === 'True'),
  );
  if (ready === undefined) throw new ToolError('UPSTREAM_UNAVAILABLE', `Service ${name} has no ready pod.`);
  const servicePort = recordsAt(service, 'spec.ports').find((p) => numberAt(p, 'port') === port);
  if (servicePort === undefined) throw new ToolError('INVALID_INPUT', `Service ${name} has no port ${port}.`);
  const targetPort = servicePort.targetPort ?? port;
  if (typeof targetPort === 'number') return { pod: stringAt(ready, 'metadata.name'), port: targetPort };
  const named = recordsAt(ready, 'spec.containers')
    .flatMap((c) => recordsAt(c, 'ports'))
    .find((p) => p.name === targetPort);
  if (named === undefined)
    throw new ToolError(
      'INVALID_INPUT',
      `No container port named ${JSON.stringify(targetPort)} in pod ${stringAt(ready, 'metadata.name')}.`,
    );
  return { pod: stringAt(ready, 'metadata.name'), port: numberAt(named, 'containerPort') };
}
