import { ToolError } from '../errors.js';
import { maxClass, modeAllows, modeFor, type ServerMode, type ToolClass } from '../policy/mode.js';
import { hasScope } from '../principal.js';
import type { Tool } from '../tool.js';
import type { Middleware } from './call.js';

/** The scopes a call of `callClass` to `tool` on `server` needs. */
export function requiredScopes(server: string, tool: Tool, callClass: ToolClass): readonly string[] {
  if (tool.scopes !== undefined) return tool.scopes;
  return [`${server}:${maxClass(tool.toolClass, callClass)}`];
}

/**
 * Refuses a call the server mode or the caller's scopes do not allow. The
 * tool itself was already checked at lookup (hidden tools are unknown); this
 * checks the class of this particular call, e.g. an overwrite.
 */
export function authorize(mode: ServerMode): Middleware {
  return async (call, next) => {
    if (!modeAllows(mode, call.callClass)) {
      const needed = modeFor(call.callClass);
      throw new ToolError(
        'FORBIDDEN',
        `This ${call.tool.name} call is ${call.callClass}, and the server runs in ${mode} mode.`,
        {
          hint: `Choose arguments that stay within ${mode} mode, or ask the operator to start the server with --mode ${needed} (INFRA_MCP_MODE=${needed}).`,
        },
      );
    }
    const missing = requiredScopes(call.server, call.tool, call.callClass).filter(
      (scope) => !hasScope(call.principal, scope),
    );
    if (missing.length > 0) {
      throw new ToolError(
        'FORBIDDEN',
        `The caller lacks the scope ${missing.join(', ')} needed for this ${call.tool.name} call.`,
        {
          hint: 'Ask for a token or API key that carries that scope.',
          details: { missingScopes: missing },
        },
      );
    }
    return next();
  };
}
