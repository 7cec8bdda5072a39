import { createLogger, serveStdio } from '@infra-mcp/core';
import { createEverythingServer } from './server.js';

// The everything server over stdio, for tests of the stdio transport in both protocol eras.
const log = createLogger({ level: 'warn' });
const handle = serveStdio(createEverythingServer({ log }), { log });
await handle.closed;
