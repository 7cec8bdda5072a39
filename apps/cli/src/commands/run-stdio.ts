import { createLogger, createPlatform, installShutdown, loadConfig, serveStdio } from '@infra-mcp/core';
import { modeFlag, parseFlags } from '../args.js';
import { builtDescriptors } from '../descriptors.js';
import { loadServerModule } from '../registry.js';

/** `infra-mcp <server> [--mode …] [args…]`: one server over stdio, in this process. */
export async function runStdio(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cliPath: string,
): Promise<void> {
  const flags = parseFlags(name, args, {
    mode: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const module = await loadServerModule(name);
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
