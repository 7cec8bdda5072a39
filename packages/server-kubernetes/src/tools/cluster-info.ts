import { readOnly } from '@infra-mcp/core';
import * as z from 'zod';
import type { KubeClient } from '../client/kube-client.js';
import { stringAt } from '../format/json.js';
import { contextArg, defineKubeTool } from './shared.js';

/** Version, identity and served API groups of one cluster. */
export const clusterInfoTool = defineKubeTool({
  name: 'cluster_info',
  title: 'Cluster info',
  description: 'Version, identity on the cluster, and served API groups.',
  annotations: readOnly,
  input: z.object({ context: contextArg }),
  output: z.object({
    context: z.string(),
    server: z.string(),
    version: z.string(),
    user: z.string(),
    namespace: z.string(),
    apis: z.array(z.string()),
  }),
  handler: async ({ context }, { kube, signal }) => {
    const client = await kube.client(context);
    const [version, identity, types] = await Promise.all([
      client.request({ path: '/version', signal }),
      whoAmI(client, signal),
      client.discovery.all(signal),
    ]);
    const apis = [
      ...new Set(types.map((type) => (type.group === '' ? type.version : `${type.group}/${type.version}`))),
    ];
    return {
      context: client.context,
      server: client.server,
      version: stringAt(version, 'gitVersion', 'unknown'),
      ...identity,
      namespace: client.namespace,
      apis: apis.sort(),
    };
  },
});

/** The caller's user and groups from a SelfSubjectReview (Kubernetes 1.28+). */
async function whoAmI(client: KubeClient, signal: AbortSignal): Promise<{ user: string }> {
  try {
    const review = await client.request({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      signal,
    });
    const groups = (review as { status?: { userInfo?: { groups?: unknown } } }).status?.userInfo?.groups;
    const user = stringAt(review, 'status.userInfo.username', 'unknown');
    return {
      user: Array.isArray(groups) && groups.length > 0 ? `${user} (groups ${groups.map(String).join(', ')})` : user,
    };
  } catch {
    return { user: 'unknown (SelfSubjectReview not served)' };
  }
}
