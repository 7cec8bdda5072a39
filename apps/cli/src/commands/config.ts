import { defaultDataDir } from '@infra-mcp/core';
import { loadServerModule, serverNames } from '../registry.js';
import { UsageError } from '../usage-error.js';

const clients = ['claude-desktop'] as const;

/** `infra-mcp config claude-desktop`: the `mcpServers` entries that run each installed server over stdio. */
export async function runConfig(args: readonly string[], env: NodeJS.ProcessEnv, cliPath: string): Promise<void> {
  const [client, ...rest] = args;
  if (client !== 'claude-desktop' || rest.length > 0) {
    throw new UsageError(`config needs a client name: infra-mcp config ${clients.join('|')}`);
  }
  const dataDir = env.INFRA_MCP_DATA_DIR ?? defaultDataDir(env);
  const entries: Record<string, { command: string; args: string[] }> = {};
  for (const name of serverNames) {
    const module = await loadServerModule(name);
    entries[`infra-${name}`] = {
      command: process.execPath,
      args: [cliPath, name, ...(module.exampleArgs?.({ dataDir }) ?? [])],
    };
  }
  process.stdout.write(`${JSON.stringify({ mcpServers: entries }, null, 2)}\n`);
}
