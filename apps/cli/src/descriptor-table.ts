import {
  createPlatform,
  describeTool,
  loadConfig,
  silentLogger,
  type DescriptorTable,
  type Tool,
} from '@infra-mcp/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorFile } from './descriptors.js';
import { loadServerModule, serverNames } from './registry.js';

/** Settings that switch optional tools on, by server. */
const everyTool: Readonly<Record<string, unknown>> = {
  kubernetes: { exec: true, portForward: true },
};

/**
 * The wire descriptor of every tool the command serves that is a
 * module-level constant, by file ({@link descriptorFile}) and tool name, at
 * both levels of output-schema detail: the tables the build writes beside
 * the bundle (`build.mjs`). Each server is
 * built twice, as `infra-mcp serve` builds it, on its embedded defaults in
 * destructive mode, with the HTTP platform's admin tools and every optional
 * tool switched on. A tool that comes back as the same object both times is
 * a constant of the bundle, and its descriptor cannot depend on settings; a
 * tool made anew per server is left out, and a server describes it itself.
 */
export async function computeDescriptorTables(): Promise<Record<string, DescriptorTable>> {
  const scratch = mkdtempSync(join(tmpdir(), 'infra-mcp-descriptors-'));
  try {
    const env = {
      INFRA_MCP_DATA_DIR: join(scratch, 'data'),
      INFRA_MCP_MODE: 'destructive',
      INFRA_MCP_METRICS_PORT: 'off',
      HOME: scratch,
    };
    const tables: Record<string, Record<string, ReturnType<typeof describeTool>>> = {};
    const core = loadConfig({ env }).core;
    const platform = await createPlatform({ core, env, log: silentLogger, transport: 'http' });
    try {
      for (const name of serverNames) {
        const module = await loadServerModule(name);
        const build = async (): Promise<readonly Tool[]> => {
          const config = module.configure({ env, args: [], section: everyTool[name], core, embedded: true });
          const server = await module.create({ config, core, log: silentLogger, platform });
          await server.close();
          return server.tools;
        };
        const [first, second] = [await build(), await build()];
        for (const tool of first) {
          if (!second.includes(tool)) continue;
          for (const detail of ['shallow', 'full'] as const)
            (tables[descriptorFile(name, detail)] ??= {})[tool.name] = describeTool(name, tool, detail);
        }
      }
    } finally {
      await platform.close();
    }
    return tables;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
