import { readOnly, ToolError } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath } from '../client/discovery.js';
import { recordsAt, stringAt, type Json } from '../format/json.js';
import { parseQuantity } from '../format/quantity.js';
import { anyNamespaceArg, contextArg, defineKubeTool } from './shared.js';

const metricsType = (resource: string, namespaced: boolean) => ({
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resource,
  namespaced,
});

/** CPU and memory use from metrics.k8s.io, heaviest first. */
export const topTool = defineKubeTool({
  name: 'top',
  title: 'Top',
  description: 'CPU/memory use of pods or nodes (metrics.k8s.io), heaviest first.',
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    of: z.enum(['pods', 'nodes']).default('pods'),
    namespace: anyNamespaceArg,
    labelSelector: z.string().optional(),
    sortBy: z.enum(['cpu', 'memory']).default('cpu'),
    limit: z.number().int().min(1).max(500).default(20),
  }),
  output: z.object({ usage: z.array(z.record(z.string(), z.string())) }),
  handler: async (args, { kube, signal }) => {
    const client = await kube.client(args.context);
    if (!(await client.discovery.hasGroup('metrics.k8s.io', signal))) {
      throw new ToolError('NOT_FOUND', 'This cluster does not serve metrics.k8s.io, so there is no usage to show.', {
        hint: 'Install metrics-server; meanwhile describe shows requests and limits.',
      });
    }
    const nodes = args.of === 'nodes';
    const namespace = nodes || args.namespace === '*' ? undefined : (args.namespace ?? client.namespace);
    const list = await client.request({
      path: resourcePath(metricsType(args.of, !nodes), { namespace }),
      query: { labelSelector: args.labelSelector },
      signal,
    });
    const rows = recordsAt(list, 'items').map((item) => usageRow(item, nodes, namespace === undefined && !nodes));
    rows.sort((a, b) => (args.sortBy === 'cpu' ? b.cpu - a.cpu : b.memory - a.memory));
    return { usage: rows.slice(0, args.limit).map((row) => row.cells) };
  },
});

function usageRow(
  item: Json,
  node: boolean,
  withNamespace: boolean,
): { cpu: number; memory: number; cells: Record<string, string> } {
  const usages = node ? [item.usage] : recordsAt(item, 'containers').map((container) => container.usage);
  let cpu = 0;
  let memory = 0;
  for (const usage of usages) {
    cpu += parseQuantity(stringAt(usage, 'cpu', '0'));
    memory += parseQuantity(stringAt(usage, 'memory', '0'));
  }
  return {
    cpu,
    memory,
    cells: {
      ...(withNamespace ? { NAMESPACE: stringAt(item, 'metadata.namespace') } : {}),
      NAME: stringAt(item, 'metadata.name'),
      CPU: `${Math.round(cpu * 1000)}m`,
      MEMORY: `${Math.round(memory / 1_048_576)}Mi`,
    },
  };
}
