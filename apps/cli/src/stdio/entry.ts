import type { ServerModule } from '@infra-mcp/core';
import type { StdioBundleRun } from '../code-cache.js';
import { runStdio } from '../commands/run-stdio.js';
import { exitCodeOf } from '../usage-error.js';

/** What a server's stdio bundle exports: `infra-mcp <name> [args…]` for that one server. */
export function stdioEntry(name: string, module: ServerModule<unknown>): StdioBundleRun {
  return (args, launch) => exitCodeOf(() => runStdio(name, module, args, launch));
}
