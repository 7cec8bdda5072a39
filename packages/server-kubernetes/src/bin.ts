import type { ServerModule } from '@infra-mcp/core';
import { loadKubernetesConfig, type KubernetesConfig } from './config.js';

/** How the `infra-mcp` command runs the Kubernetes server. */
export const kubernetesModule: ServerModule<KubernetesConfig> = {
  name: 'kubernetes',
  summary: 'Kubernetes through the API: read-only by default; writes, deletes, exec and port-forward are opt-ins.',
  configure: ({ env, section, embedded }) => loadKubernetesConfig({ env, section, embedded }),
  unavailable: (config) =>
    config.source === undefined ? 'no kubeconfig found (set KUBECONFIG or create ~/.kube/config)' : undefined,
  create: async ({ config, platform, log }) => {
    // The server itself loads only when it is run, not when `infra-mcp config` lists the servers.
    const { createKubernetesServer } = await import('./index.js');
    if (config.portForwardRefused)
      log.warn('port-forward is offered over stdio only; not offering port_forward over HTTP');
    if (config.source === undefined) log.warn('no kubeconfig found: set KUBECONFIG; every call will say so');
    return createKubernetesServer({
      ...platform.serverOptions,
      source: config.source,
      contexts: config.contexts,
      defaultContext: config.defaultContext,
      namespaces: config.namespaces,
      deniedNamespaces: config.deniedNamespaces,
      deniedResources: config.deniedResources,
      exec: config.exec,
      portForward: config.portForward,
      fieldManager: config.fieldManager,
      requestTimeoutMs: config.requestTimeoutMs,
      breaker: (name) => platform.breaker(name),
    });
  },
  exampleArgs: () => [],
};
