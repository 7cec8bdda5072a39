import { readOnly } from '@infra-mcp/core';
import * as z from 'zod';
import { defineKubeTool } from './shared.js';

/** The kubeconfig's contexts and what this server may touch; never credentials. */
export const contextsListTool = defineKubeTool({
  name: 'contexts_list',
  title: 'Contexts',
  description: 'Kubeconfig contexts (no credentials), which are allowed, and the namespace rules.',
  annotations: readOnly,
  input: z.object({}),
  output: z.object({
    contexts: z.array(z.record(z.string(), z.string())),
    namespaces: z.string(),
  }),
  handler: async (_args, { kube }) => ({
    contexts: (await kube.contexts()).map((context) => ({
      NAME: context.current ? `${context.name} (current)` : context.name,
      SERVER: context.server,
      NAMESPACE: context.namespace,
      ALLOWED: context.allowed ? 'yes' : 'no',
    })),
    namespaces: kube.describeNamespaces(),
  }),
});
