// One trivial tool served the way `infra-mcp serve` serves a server: the
// whole platform (embedded state store, audit, rate limits, metrics) and
// API-key authentication, on the core HTTP host. Prints its endpoint and key.
import { buildServer, createPlatform, defineTool, loadConfig, readOnly, silentLogger } from '@infra-mcp/core';
import {
  appendApiKeyEntry,
  createHttpAuth,
  generateApiKey,
  hashApiKey,
  loadAuthConfig,
  startHttpHost,
} from '@infra-mcp/core/http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';

const dataDir = mkdtempSync(join(tmpdir(), 'infra-mcp-bench-http-'));
const key = generateApiKey();
const keysFile = join(dataDir, 'api-keys.json');
await appendApiKeyEntry(keysFile, { principal: 'bench', sha256: hashApiKey(key), scopes: ['bench:read'] });
const env = {
  INFRA_MCP_DATA_DIR: dataDir,
  INFRA_MCP_API_KEYS_FILE: keysFile,
  INFRA_MCP_RATE_LIMITS: 'default=1000000/second',
  INFRA_MCP_METRICS_PORT: process.argv[3] ?? '0',
};
const { core } = loadConfig({ env });
const auth = await createHttpAuth(loadAuthConfig(env, core), { log: silentLogger });
const platform = await createPlatform({ core, env, log: silentLogger, transport: 'http' });
const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo',
  annotations: readOnly,
  input: z.object({ x: z.string() }),
  output: z.object({ x: z.string() }),
  handler: async ({ x }) => ({ x }),
});
const server = buildServer({ name: 'bench', version: '0', tools: [echo], deps: {} }, platform.serverOptions);
const host = await startHttpHost({
  servers: [server],
  host: '127.0.0.1',
  port: Number(process.argv[2] ?? 0),
  log: silentLogger,
  maxBodyBytes: 1 << 20,
  ...(auth === undefined ? {} : { authenticate: auth.authenticate }),
});
process.stdout.write(`${JSON.stringify({ url: host.endpoint('bench'), key })}\n`);
process.on(
  'SIGTERM',
  () =>
    void host
      .close()
      .then(() => platform.close())
      .then(() => process.exit(0)),
);
