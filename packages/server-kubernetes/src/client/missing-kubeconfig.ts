import { ToolError } from '@infra-mcp/core';
import { createAccessPolicy } from './access-policy.js';
import type { ClusterSet } from './cluster-set.js';

/** The cluster set of a server started without a kubeconfig (`infra-mcp serve` with nothing configured): every call says how to fix it. */
export function missingKubeconfig(): ClusterSet {
  const refuse = async (): Promise<never> => {
    throw new ToolError('UPSTREAM_UNAVAILABLE', 'This server has no kubeconfig, so it knows no cluster.', {
      hint: 'The operator sets KUBECONFIG or servers.kubernetes.kubeconfig and restarts the server.',
    });
  };
  return {
    policy: createAccessPolicy({
      mode: 'read-only',
      namespaces: [],
      deniedNamespaces: [],
      deniedResources: [],
      exec: false,
      portForward: false,
    }),
    client: refuse,
    contexts: refuse,
    describeNamespaces: () => 'all',
    close: async () => {},
  };
}
