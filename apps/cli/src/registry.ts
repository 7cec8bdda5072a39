import type { ServerModule } from '@infra-mcp/core';

/**
 * The servers this command can run, each loaded only when used so that
 * `infra-mcp filesystem` never pays for the Kubernetes client.
 */
export const serverRegistry: Readonly<Record<string, () => Promise<ServerModule<unknown>>>> = {
  filesystem: async () => (await import('@infra-mcp/server-filesystem/module')).filesystemModule,
  database: async () => (await import('@infra-mcp/server-database/module')).databaseModule,
  kubernetes: async () => (await import('@infra-mcp/server-kubernetes/module')).kubernetesModule,
};

/** Names of the servers, in the order they are listed and served. */
export const serverNames: readonly string[] = Object.keys(serverRegistry);

/** Loads a server module by name. */
export async function loadServerModule(name: string): Promise<ServerModule<unknown>> {
  const load = serverRegistry[name];
  if (load === undefined) throw new Error(`no server named ${name}`);
  return load();
}
