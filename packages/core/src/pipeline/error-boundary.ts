import { ProtocolError } from '@modelcontextprotocol/server';
import { asToolError, toolErrorResult } from '../errors.js';
import type { Middleware } from './call.js';

/**
 * Maps anything a later step throws to an `isError` result, in one place.
 * A `ToolError` keeps its code and message; anything else becomes a generic
 * `INTERNAL` error with the cause in the log, never in the result.
 */
export const errorBoundary: Middleware = async (call, next) => {
  try {
    return await next();
  } catch (thrown) {
    // A protocol error (e.g. a forged requestState) is the request's fault, answered as a JSON-RPC error.
    if (thrown instanceof ProtocolError) throw thrown;
    const error = asToolError(thrown);
    if (error.code === 'INTERNAL') {
      call.log.error('tool failed', { tool: call.tool.name, error: error.cause ?? error });
    }
    return toolErrorResult(error);
  }
};
