import { definePrompt } from '@infra-mcp/core';
import * as z from 'zod';
import type { KubernetesDeps } from '../deps.js';

/** Walks a model through diagnosing one workload with this server's tools. */
export const diagnoseWorkloadPrompt = definePrompt<
  z.ZodObject<{
    kind: z.ZodOptional<z.ZodString>;
    name: z.ZodString;
    namespace: z.ZodOptional<z.ZodString>;
    context: z.ZodOptional<z.ZodString>;
  }>,
  KubernetesDeps
>({
  name: 'diagnose-workload',
  title: 'Diagnose a workload',
  description: 'Find out why a Deployment, StatefulSet, DaemonSet, Job or Pod is unhealthy.',
  arguments: z.object({
    kind: z.string().optional().describe('Deployment (default), StatefulSet, DaemonSet, Job or Pod'),
    name: z.string().describe('Its name'),
    namespace: z.string().optional().describe('Its namespace'),
    context: z.string().optional().describe('Kubeconfig context'),
  }),
  get: async ({ kind = 'Deployment', name, namespace, context }) => {
    const where = [
      namespace === undefined ? '' : `namespace=${namespace}`,
      context === undefined ? '' : `context=${context}`,
    ]
      .filter(Boolean)
      .join(' ');
    return [
      `Diagnose ${kind} ${name}${where === '' ? '' : ` (${where})`}. Read only; change nothing without asking me.`,
      `1. describe kind=${kind} name=${name}: conditions, owner chain, events; for pods the container states, restarts and last termination reasons.`,
      kind === 'Pod'
        ? '2. If a container restarted, logs with previous=true for the crashed instance.'
        : `2. list_resources kind=Pod with the workload's selector (labelSelector); describe the pods that are not Ready.`,
      `3. logs kind=${kind} name=${name} include="(?i)error|fatal|panic|exception" for the pods' recent errors.`,
      '4. events type=Warning in the namespace for anything around it (scheduling, image pulls, probes, quota).',
      '5. If pods are Pending: describe the node or the PVC named in the events; top of:nodes for pressure.',
      'Then state the most likely cause with the evidence (quote event reasons, exit codes, log lines), and the fix you would propose.',
    ].join('\n');
  },
});
