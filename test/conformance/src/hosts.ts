import { createPlatform, loadConfig, type InfraServer, type Logger } from '@infra-mcp/core';
import { startHttpHost, type HttpHost } from '@infra-mcp/core/http';
import { filesystemModule } from '@infra-mcp/server-filesystem/module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEverythingServer } from './everything/server.js';

/** The names the servers under test are served under, at `/mcp/<name>`. */
export type ServerName = 'everything' | 'filesystem';

/** The servers under test, served the way `infra-mcp serve` serves them. */
export interface ServersUnderTest extends AsyncDisposable {
  endpoint(name: ServerName): string;
}

/**
 * Serves the everything server and the filesystem server from one core HTTP
 * host on 127.0.0.1, on a port the system picks (so parallel runs never
 * collide). The filesystem server is configured and built by the same module
 * `infra-mcp serve filesystem` uses, from a hermetic environment rooted in a
 * fresh temporary directory.
 */
export async function startServersUnderTest(log: Logger): Promise<ServersUnderTest> {
  const scratch = await mkdtemp(join(tmpdir(), 'infra-mcp-conformance-'));
  let host: HttpHost | undefined;
  let filesystem: InfraServer | undefined;
  try {
    filesystem = await createFilesystem(scratch, log);
    host = await startHttpHost({
      servers: [createEverythingServer({ log }), filesystem],
      host: '127.0.0.1',
      port: 0,
      log,
      maxBodyBytes: 4 * 1024 * 1024,
    });
  } catch (error) {
    await filesystem?.close();
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const running = host;
  const served = filesystem;
  return {
    endpoint: (name) => running.endpoint(name),
    [Symbol.asyncDispose]: async () => {
      await running.close();
      await served.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

async function createFilesystem(scratch: string, log: Logger): Promise<InfraServer> {
  const root = join(scratch, 'root');
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(root, 'docs', 'README.md'), '# A file the filesystem server can read\n');
  // Metrics off: parallel runs must not race for the metrics port.
  const env = {
    INFRA_MCP_FILESYSTEM_ROOTS: root,
    INFRA_MCP_DATA_DIR: join(scratch, 'data'),
    INFRA_MCP_METRICS_PORT: 'off',
  };
  const { core, servers } = loadConfig({ env });
  const config = filesystemModule.configure({ env, args: [], section: servers.filesystem, core, embedded: true });
  const platform = await createPlatform({ core, env, log, transport: 'http' });
  const server = await filesystemModule.create({ config, core, log: log.child({ server: 'filesystem' }), platform });
  return {
    ...server,
    close: async () => {
      await server.close();
      await platform.close();
    },
  };
}
