import { loadServerModule, serverNames } from './registry.js';
import { exitCodeOf, UsageError } from './usage-error.js';

const help = `infra-mcp — MCP servers for infrastructure operations

Usage:
  infra-mcp <server> [--mode read-only|write|destructive] [args…]   run one server over stdio
  infra-mcp serve [server…] [--host 127.0.0.1] [--port 7700]         serve over Streamable HTTP at /mcp/<server>
  infra-mcp config claude-desktop                                     print mcpServers entries for a client config
  infra-mcp auth hash-key|new-key|list-keys                           manage API keys for HTTP serving (docs/auth.md)
  infra-mcp audit export [--since 7d] [--server NAME] […]             print audit records as JSON lines

Servers: ${serverNames.join(', ')}
`;

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, cliPath: string): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help);
    return 0;
  }
  // Each command is loaded only when run: a stdio server never loads the HTTP, auth or PostgreSQL code.
  return exitCodeOf(async () => {
    if (command === 'serve') await (await import('./commands/serve.js')).runServe(rest, env, cliPath);
    else if (command === 'config') await (await import('./commands/config.js')).runConfig(rest, env, cliPath);
    else if (command === 'auth') await (await import('./commands/auth.js')).runAuth(rest, env);
    else if (command === 'audit') await (await import('./commands/audit.js')).runAudit(rest, env);
    else if (serverNames.includes(command)) {
      const { runStdio } = await import('./commands/run-stdio.js');
      await runStdio(command, await loadServerModule(command), rest, { env, cliPath });
    } else
      throw new UsageError(
        `unknown command or server "${command}": run infra-mcp --help for the list (servers: ${serverNames.join(', ')})`,
      );
  });
}
