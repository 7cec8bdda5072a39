import {
  createLogger,
  createPlatform,
  installShutdown,
  loadConfig,
  serveStdio,
  type ServerModule,
} from '@infra-mcp/core';
import { modeFlag, parseFlags } from '../args.js';
import type { CodeCacheReport } from '../code-cache.js';
import { builtDescriptors } from '../descriptors.js';

/** Where the command runs from: its environment, the path of the CLI, and how its code was loaded. */
export interface StdioLaunch {
  env: NodeJS.ProcessEnv;
  cliPath: string;
  /** Set when the server's code came from its stdio bundle (see code-cache.ts). */
  codeCache?: CodeCacheReport;
}

/** `infra-mcp <server> [--mode …] [args…]`: one server over stdio, in this process. */
export async function runStdio(
  name: string,
  module: ServerModule<unknown>,
  args: readonly string[],
  { env, cliPath, codeCache }: StdioLaunch,
): Promise<void> {
  const flags = parseFlags(name, args, {
    mode: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.values.help === true) {
    process.stdout.write(
      `Usage: infra-mcp ${name} [--mode read-only|write|destructive] ${module.usage ?? ''}\n${module.summary}\n`,
    );
    return;
  }
  const loaded = loadConfig({ env, overrides: { mode: modeFlag(flags) } });
  const config = module.configure({
    env,
    args: flags.positionals,
    section: loaded.servers[name],
    core: loaded.core,
    embedded: false,
  });
  const log = createLogger({ level: loaded.core.logLevel, fields: { server: name } });
  if (codeCache !== undefined) log.debug('code cache', { ...codeCache });
  // Signals are handled before the state store opens, so a SIGTERM during start-up still exits cleanly.
  const shutdown = installShutdown({ log });
  const platform = await createPlatform({
    core: loaded.core,
    env,
    log,
    transport: 'stdio',
    descriptors: builtDescriptors(cliPath),
  });
  shutdown.add(() => platform.close());
  const server = await module.create({ config, core: loaded.core, log, platform });
  const handle = serveStdio(server, { log });
  shutdown.add(() => server.close());
  shutdown.add(() => handle.close());
  log.info('serving over stdio', { mode: server.mode, tools: server.tools.length });
  await handle.closed;
  await shutdown.run('stdin closed');
}
