import * as z from 'zod';
// A trivial tool behind the HTTP host, for load generators run from another process.
import { buildServer, defineTool, readOnly, silentLogger } from '../src/index.js';
import { startHttpHost } from '../src/http.js';
const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Echo',
  annotations: readOnly,
  input: z.object({ x: z.string() }),
  output: z.object({ x: z.string() }),
  handler: async ({ x }) => ({ x }),
});
const server = buildServer({ name: 'bench', version: '0', tools: [echo], deps: {} }, { rateLimits: false });
const host = await startHttpHost({
  servers: [server],
  host: '127.0.0.1',
  port: 7798,
  log: silentLogger,
  maxBodyBytes: 1 << 20,
});
console.error('ready', host.url);
process.on('SIGINT', () => process.exit(0));
