import type {
  CallToolResult,
  ClientCapabilities,
  InputRequiredResult,
  ServerContext,
} from '@modelcontextprotocol/server';
import type { ToolClass } from '../policy/mode.js';
import type { Principal } from '../principal.js';
import type { Tool } from '../tool.js';
import type { Logger } from '../log.js';

/** What a `tools/call` produces: a result, or (for confirmations) a request for input first. */
export type CallOutcome = CallToolResult | InputRequiredResult;

/** The protocol era of the connection serving a call. */
export type Era = 'legacy' | 'modern';

/** One `tools/call` as it travels down the middleware chain. */
export interface ToolCall {
  /** The server's name, e.g. `filesystem`. */
  readonly server: string;
  readonly tool: Tool;
  /** Arguments as the client sent them. */
  readonly args: Record<string, unknown>;
  readonly principal: Principal;
  readonly requestId: string;
  readonly signal: AbortSignal;
  readonly era: Era;
  /** The SDK's per-request context (elicitation, notifications, envelope). */
  readonly sdk: ServerContext;
  /** What the client declared it can do (per request on the 2026 era, per connection before). */
  readonly clientCapabilities: () => ClientCapabilities | undefined;
  /** The client's MCP roots as local paths, when it offers any. */
  readonly clientRoots: () => Promise<readonly string[] | undefined>;
  readonly log: Logger;
  readonly startedAt: number;
  /** Validated input; set by the validation middleware. */
  input: unknown;
  /** The class of this particular call; set by the validation middleware. */
  callClass: ToolClass;
}

/** One step of the chain: does its part and calls `next`, or answers without it. */
export type Middleware = (call: ToolCall, next: () => Promise<CallOutcome>) => Promise<CallOutcome>;

/** The end of the chain: runs the handler and shapes its output. */
export type Terminal = (call: ToolCall) => Promise<CallOutcome>;

/** Composes middlewares (outermost first) around `terminal`, once, at server build time. */
export function compose(middlewares: readonly Middleware[], terminal: Terminal): Terminal {
  return middlewares.reduceRight<Terminal>(
    (inner, middleware) => (call) => middleware(call, () => inner(call)),
    terminal,
  );
}
