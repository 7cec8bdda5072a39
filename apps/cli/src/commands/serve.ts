import {
  createLogger,
  createPlatform,
  installShutdown,
  loadConfig,
  type InfraServer,
  type LoadedConfig,
  type Logger,
  type Metrics,
  type Platform,
} from '@infra-mcp/core';
import {
  createHttpAuth,
  isAuthConfigured,
  isLoopbackHost,
  loadAuthConfig,
  startHttpHost,
  type HttpAuth,
} from '@infra-mcp/core/http';
import { modeFlag, parseFlags, stringFlag } from '../args.js';
import { builtDescriptors } from '../descriptors.js';
import { loadServerModule, serverNames } from '../registry.js';
import { UsageError } from '../usage-error.js';

/** `infra-mcp serve [server…]`: every chosen server over Streamable HTTP, each at `/mcp/<name>`. */
export async function runServe(args: readonly string[], env: NodeJS.ProcessEnv, cliPath: string): Promise<void> {
  const flags = parseFlags('serve', args, {
    host: { type: 'string' },
    port: { type: 'string' },
    mode: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.values.help === true) {
    process.stdout.write(
      `Usage: infra-mcp serve [${serverNames.join('|')}…] [--host 127.0.0.1] [--port 7700] [--mode read-only|write|destructive]\n`,
    );
    return;
  }
  const positionals = flags.positionals;
  const unknown = positionals.filter((name) => !serverNames.includes(name));
  if (unknown.length > 0)
    throw new UsageError(`unknown server ${unknown.join(', ')}: choose from ${serverNames.join(', ')}`);
  const rawPort = stringFlag(flags, 'port');
  const port = rawPort === undefined ? undefined : parsePort(rawPort);
  const loaded = loadConfig({
    env,
    overrides: { mode: modeFlag(flags), 'http.host': stringFlag(flags, 'host'), 'http.port': port },
  });
  const { http } = loaded.core;
  const authConfig = loadAuthConfig(env, loaded.core);
  if (!isAuthConfigured(authConfig) && !isLoopbackHost(http.host)) {
    throw new UsageError(
      `refusing to serve on ${http.host} without authentication: bind 127.0.0.1, or configure INFRA_MCP_API_KEYS_FILE or INFRA_MCP_OAUTH_ISSUER`,
    );
  }
  const log = createLogger({ level: loaded.core.logLevel });
  // Auth settings are checked (keys file read, issuer discovered) before anything is opened.
  const observed: { metrics?: Metrics } = {};
  const auth = await createHttpAuth(authConfig, {
    log,
    onFailure: (reason, server) => observed.metrics?.authFailure(reason, server),
  });
  const platform = await createPlatform({
    core: loaded.core,
    env,
    log,
    transport: 'http',
    descriptors: builtDescriptors(cliPath),
  });
  observed.metrics = platform.metrics;
  const { servers, skipped } = await createServers(positionals.length > 0 ? positionals : serverNames, {
    env,
    loaded,
    log,
    platform,
    explicit: positionals.length > 0,
  });
  const host = await startHttpHost({
    servers,
    host: http.host,
    port: http.port,
    log,
    maxBodyBytes: http.maxBodyBytes,
    allowedHosts: http.allowedHosts,
    ...(http.publicUrl === undefined ? {} : { publicUrl: http.publicUrl }),
    ...(auth === undefined ? {} : { authenticate: auth.authenticate, extraRoutes: auth.routesFor(servers) }),
  });
  reportAuth(auth, host.publicUrl, log);
  const shutdown = installShutdown({ log });
  shutdown.add(() => platform.close());
  for (const server of servers) shutdown.add(() => server.close());
  shutdown.add(() => host.close());
  // With OAuth on, clients run their own sign-in; with API keys only, the entry carries the key header.
  const keyHeader = auth?.summary.keysFile !== undefined && auth.summary.issuer === undefined;
  process.stdout.write(describeEndpoints(host.publicUrl, servers, skipped, keyHeader));
}

/** A server `serve` left out, and why. */
interface Skipped {
  name: string;
  reason: string;
}

/**
 * Builds the named servers. With none named (`explicit` false), a server
 * with nothing to serve here (a Kubernetes server without a kubeconfig) is
 * skipped, so a fresh machine serves what it has and reports ready.
 */
async function createServers(
  names: readonly string[],
  options: { env: NodeJS.ProcessEnv; loaded: LoadedConfig; log: Logger; platform: Platform; explicit: boolean },
): Promise<{ servers: InfraServer[]; skipped: Skipped[] }> {
  const { env, loaded, log, platform } = options;
  const servers: InfraServer[] = [];
  const skipped: Skipped[] = [];
  for (const name of names) {
    const module = await loadServerModule(name);
    const config = module.configure({
      env,
      args: [],
      section: loaded.servers[name],
      core: loaded.core,
      embedded: true,
    });
    const reason = options.explicit ? undefined : module.unavailable?.(config);
    if (reason !== undefined) {
      log.warn('not serving this server: name it to serve it anyway', { server: name, reason });
      skipped.push({ name, reason });
      continue;
    }
    servers.push(await module.create({ config, core: loaded.core, log: log.child({ server: name }), platform }));
  }
  return { servers, skipped };
}

/** One log line saying who may call, and SIGHUP wired to reload the API keys file. */
function reportAuth(auth: HttpAuth | undefined, publicUrl: string, log: Logger): void {
  if (auth === undefined) {
    log.warn('no authentication configured: every local caller has all scopes (loopback only)');
    return;
  }
  log.info('authentication on', { ...auth.summary, publicUrl });
  if (publicUrl.startsWith('http:') && !isLoopbackHost(new URL(publicUrl).hostname))
    log.warn('the public URL is plain http: credentials cross the network in clear unless TLS ends in front of this', {
      publicUrl,
    });
  process.on('SIGHUP', () => void auth.reload());
}

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535)
    throw new UsageError(`--port ${raw} is not a port: pass a number between 0 and 65535`);
  return port;
}

function describeEndpoints(
  base: string,
  servers: readonly InfraServer[],
  skipped: readonly Skipped[],
  apiKeys: boolean,
): string {
  const lines = [`infra-mcp serving on ${base}`, ''];
  for (const server of servers)
    lines.push(
      `  ${server.name.padEnd(12)} ${base}/mcp/${server.name}   (${server.mode}, ${server.tools.length} tools)`,
    );
  for (const { name, reason } of skipped)
    lines.push(`  ${name.padEnd(12)} not served: ${reason}; name it to serve it anyway (infra-mcp serve … ${name})`);
  // An API key client sends its key as a header; the client expands the variable, so the key stays out of the file.
  const headers = apiKeys ? { headers: { Authorization: 'Bearer ${INFRA_MCP_API_KEY}' } } : {};
  const entries = Object.fromEntries(
    servers.map((server) => [`infra-${server.name}`, { type: 'http', url: `${base}/mcp/${server.name}`, ...headers }]),
  );
  lines.push(
    '',
    'Client config entry (Claude Code .mcp.json, Cursor, VS Code "servers"):',
    JSON.stringify({ mcpServers: entries }, null, 2),
    '',
  );
  lines.push(`Health: ${base}/healthz   Readiness: ${base}/readyz   Stop: Ctrl-C`, '');
  return lines.join('\n');
}
