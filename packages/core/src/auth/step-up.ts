import { requiredScopes } from '../pipeline/authorize.js';
import { hasScope, type Principal } from '../principal.js';
import type { InfraServer } from '../server.js';

/** A `tools/call` in a request body whose tool needs scopes the caller lacks. */
export interface ScopeShortfall {
  readonly id: string | number | null;
  readonly tool: string;
  /** Every scope the tool needs (not only the missing ones), for the step-up challenge. */
  readonly required: readonly string[];
}

/**
 * The calls in a JSON-RPC body (one message or a batch) that `principal`
 * lacks the scopes for, judged by each tool's own class. Tools the mode or a
 * deny list hide are not in `server.tools`: they are skipped here and stay
 * unknown, so the refusal never reveals they exist.
 */
export function scopeShortfalls(server: InfraServer, principal: Principal, body: unknown): ScopeShortfall[] {
  const shortfalls: ScopeShortfall[] = [];
  for (const message of Array.isArray(body) ? body : [body]) {
    const call = toolCallOf(message);
    const tool = call === undefined ? undefined : server.tools.find((candidate) => candidate.name === call.name);
    if (call === undefined || tool === undefined) continue;
    const required = requiredScopes(server.name, tool, tool.toolClass);
    if (required.some((scope) => !hasScope(principal, scope)))
      shortfalls.push({ id: call.id, tool: tool.name, required });
  }
  return shortfalls;
}

/** The scopes named in a step-up challenge for these shortfalls, space-separated. */
export function challengeScope(shortfalls: readonly ScopeShortfall[]): string {
  return [...new Set(shortfalls.flatMap((shortfall) => shortfall.required))].join(' ');
}

function toolCallOf(message: unknown): { id: string | number | null; name: string } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { method, params, id } = message as { method?: unknown; params?: unknown; id?: unknown };
  if (method !== 'tools/call' || typeof params !== 'object' || params === null) return undefined;
  const name = (params as { name?: unknown }).name;
  if (typeof name !== 'string') return undefined;
  return { id: typeof id === 'string' || typeof id === 'number' ? id : null, name };
}
