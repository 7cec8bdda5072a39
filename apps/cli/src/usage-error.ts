import { ConfigError } from '@infra-mcp/core';

/** A mistake on the command line: printed as one line on stderr, exit code 2, nothing on stdout. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Runs a command and returns its exit code: 0 when it ends, 2 after a
 * usage or config mistake (one line on stderr). Anything else is thrown.
 */
export async function exitCodeOf(command: () => Promise<void>): Promise<number> {
  try {
    await command();
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`infra-mcp: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
