import { definePrompt } from '@infra-mcp/core';
import * as z from 'zod';
import type { KubernetesDeps } from '../deps.js';

/** A quick health check of a whole cluster with this server's tools. */
export const clusterHealthPrompt = definePrompt<z.ZodObject<{ context: z.ZodOptional<z.ZodString> }>, KubernetesDeps>({
  name: 'cluster-health',
  title: 'Cluster health',
  description: 'Check nodes, failing pods, warnings and resource pressure across a cluster.',
  arguments: z.object({ context: z.string().optional().describe('Kubeconfig context') }),
  get: async ({ context }) => {
    const on = context === undefined ? '' : ` context=${context}`;
    return [
      `Check the health of the cluster${context === undefined ? '' : ` of context ${context}`}. Read only.`,
      `1. cluster_info${on}: version and identity.`,
      `2. list_resources kind=Node${on}: any node NotReady or SchedulingDisabled?`,
      `3. list_resources kind=Pod namespace=*${on} fieldSelector=status.phase!=Running,status.phase!=Succeeded: pods not running.`,
      `4. events type=Warning namespace=*${on} limit=30: what is failing right now.`,
      `5. top of=nodes${on} (if metrics are served): CPU and memory pressure.`,
      '6. describe the worst offenders.',
      'Summarize: healthy or not, the top problems ranked by impact, each with evidence and a next step.',
    ].join('\n');
  },
});
