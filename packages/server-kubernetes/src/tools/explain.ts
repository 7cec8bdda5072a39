import { readOnly, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import type { ResourceType } from '../client/discovery.js';
import { explainField } from '../client/openapi.js';
import { contextArg, defineKubeTool } from './shared.js';

/** The kinds a cluster serves (kubectl api-resources), or the schema of one kind or field (kubectl explain). */
export const explainTool = defineKubeTool({
  name: 'explain',
  title: 'Explain',
  description:
    'No kind: the kinds the cluster serves (CRDs too), optionally of one group. With kind: its schema or a field path (spec.template.spec).',
  annotations: readOnly,
  input: z.object({
    context: contextArg,
    kind: z.string().optional(),
    field: z.string().optional(),
    group: z.string().optional(),
  }),
  output: z.object({
    type: z.string().optional(),
    description: untrusted(z.string(), 'cluster').optional(),
    fields: z.array(z.record(z.string(), z.string())),
  }),
  handler: async ({ context, kind, field, group }, { kube, signal }) => {
    const client = await kube.client(context);
    if (kind === undefined) {
      const types = await client.discovery.all(signal);
      return { fields: types.filter((type) => group === undefined || type.group === group).map(kindRow) };
    }
    return explainField(client, await client.discovery.resolve(kind, signal), field, signal);
  },
});

function kindRow(type: ResourceType): Record<string, string> {
  return {
    NAME: type.resource,
    SHORT: type.shortNames.join(','),
    APIVERSION: type.group === '' ? type.version : `${type.group}/${type.version}`,
    NAMESPACED: String(type.namespaced),
    KIND: type.kind,
  };
}
