import { ToolError } from '@infra-mcp/core';
import type { ConnectionConfig } from '../connection-config.js';
import type { FunctionProfile } from '../safety/function-rules.js';
import type { StatementIntent } from '../safety/statement-policy.js';

/** What a call asks of a connection: to read, to change data, or to signal other sessions. */
export type Access = 'read' | 'write' | 'signal';

/**
 * The one place a connection's mode is enforced: every tool reaches the
 * database through the session layer, which asks here first. `read-only`
 * connections allow reads; `dml` adds INSERT/UPDATE/DELETE/MERGE; `full`
 * adds DDL and cancelling or terminating other sessions.
 */
export function assertAccess(connection: ConnectionConfig, access: Access): void {
  if (access === 'read') return;
  if (access === 'write' && connection.mode === 'read-only')
    throw new ToolError(
      'FORBIDDEN',
      `Connection ${connection.name} is read-only: nothing on it may change, not even in a dry run (a rolled-back write still consumes a transaction id and may advance sequences).`,
      {
        hint: `Use query and explain on ${connection.name}, or ask the operator to set its mode to dml or full.`,
        details: { connection: connection.name, mode: connection.mode },
      },
    );
  if (access === 'signal' && connection.mode !== 'full')
    throw new ToolError(
      'FORBIDDEN',
      `Cancelling or terminating sessions needs a connection in full mode; ${connection.name} is ${connection.mode}.`,
      { details: { connection: connection.name, mode: connection.mode } },
    );
}

/** The statements a write on `connection` may run. */
export function writeIntent(connection: ConnectionConfig): StatementIntent {
  return connection.mode === 'full' ? 'full' : 'dml';
}

/** The functions a write on `connection` may call; `undefined` (full mode) leaves them to the database. */
export function writeFunctionProfile(connection: ConnectionConfig): FunctionProfile | undefined {
  return connection.mode === 'full' ? undefined : 'dml';
}
