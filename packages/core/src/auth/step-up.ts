import { requiredScopes } from '../pipeline/authorize.js';
import { hasScope, type Principal } from '../principal.js';
import type { InfraServer } from '../server.js';

/** One `tools/call` in a request body, for a tool this server lists, with the scopes its class needs. */
export interface ToolCallNeed {
  readonly id: string | number | null;
  readonly tool: string;
  /** Every scope the tool needs at its own class. */
  readonly required: readonly string[];
}

/**
 * The `tools/call`s in a JSON-RPC body (one message or a batch) and the
 * scopes each needs. Tools the mode or a deny list hide are not in
 * `server.tools`: they are skipped and stay unknown, so nothing derived from
 * this reveals they exist.
 */
export function toolCallNeeds(server: InfraServer, body: unknown): ToolCallNeed[] {
  const needs: ToolCallNeed[] = [];
  for (const message of Array.isArray(body) ? body : [body]) {
    const call = toolCallOf(message);
    const tool = call === undefined ? undefined : server.tools.find((candidate) => candidate.name === call.name);
    if (call === undefined || tool === undefined) continue;
    needs.push({ id: call.id, tool: tool.name, required: requiredScopes(server.name, tool, tool.toolClass) });
  }
  return needs;
}

/** The calls in a body that `principal` lacks a scope for. */
export function scopeShortfalls(server: InfraServer, principal: Principal, body: unknown): ToolCallNeed[] {
  return toolCallNeeds(server, body).filter((need) => need.required.some((scope) => !hasScope(principal, scope)));
}

/** The distinct scopes these calls need, space-separated, for a challenge's `scope`. */
export function challengeScope(needs: readonly ToolCallNeed[]): string {
  return [...new Set(needs.flatMap((need) => need.required))].join(' ');
}

function toolCallOf(message: unknown): { id: string | number | null; name: string } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (method !== 'tools/call' || typeof params !== 'object' || params === null) return undefined;
  const name = (params as { name?: unknown }).name;
  if (typeof name !== 'string') return undefined;
  return { id: typeof id === 'string' || typeof id === 'number' ? id : null, name };
}
