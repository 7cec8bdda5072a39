import type { CallToolResult } from '@modelcontextprotocol/server';
import { ToolError } from '../errors.js';
import { fitToBudget, shapeOutput } from '../output/budget.js';
import type { StateStore } from '../state/store.js';
import type { CoreContext, HistoryRecorder, ToolContext } from '../tool.js';
import { noteBook } from '../state/note-book.js';
import type { CallOutcome, Terminal, ToolCall } from './call.js';
import { callSignal } from './call-signal.js';

/** What the terminal needs besides the call: the server's deps and per-connection services. */
export interface ExecuteOptions {
  deps: unknown;
  maxOutputBytes: number;
  toolTimeoutMs: number;
  roots: () => Promise<readonly string[] | undefined>;
  /** Where history goes; without a store, records go to the log only. */
  state: StateStore | undefined;
}

/** Runs the handler, validates its output, fits it to the byte budget and renders the text form. */
export function createExecutor(options: ExecuteOptions): Terminal {
  return async (call: ToolCall): Promise<CallOutcome> => {
    const maxOutputBytes = budgetFor(call, options.maxOutputBytes);
    const { signal, release } = callSignal(call.signal, options.toolTimeoutMs);
    const context = createContext(call, options, signal, maxOutputBytes);
    const handler = call.tool.handler as (input: unknown, context: ToolContext<unknown>) => Promise<unknown>;
    let output: unknown;
    try {
      output = await handler(call.input, context);
    } finally {
      release();
    }
    const parsed = call.tool.output.safeParse(output);
    if (!parsed.success) {
      throw new ToolError('INTERNAL', `The ${call.tool.name} tool produced a result that does not match its schema.`, {
        cause: parsed.error,
      });
    }
    const whole = shapeOutput(parsed.data);
    const shaped = fitToBudget(whole, maxOutputBytes);
    const blocks = call.tool.content as ((output: unknown) => CallToolResult['content']) | undefined;
    const result: CallToolResult = {
      content: blocks !== undefined && shaped === whole ? blocks(parsed.data) : [{ type: 'text', text: shaped.text }],
      structuredContent: shaped.structured,
    };
    return result;
  };
}

function budgetFor(call: ToolCall, serverMax: number): number {
  const own = call.tool.maxOutputBytes;
  const toolMax = typeof own === 'function' ? (own as (input: unknown) => number | undefined)(call.input) : own;
  return toolMax === undefined ? serverMax : Math.min(serverMax, toolMax);
}

function createContext(
  call: ToolCall,
  options: ExecuteOptions,
  signal: AbortSignal,
  maxOutputBytes: number,
): ToolContext<unknown> {
  const core: CoreContext = {
    signal,
    principal: call.principal,
    requestId: call.requestId,
    log: call.log,
    maxOutputBytes,
    progress: progressReporter(call),
    clientRoots: options.roots,
    history: historyRecorder(call, options.state),
    notes: noteBook(options.state, call.server, call.principal.id),
  };
  return typeof options.deps === 'object' && options.deps !== null ? { ...options.deps, ...core } : core;
}

function progressReporter(call: ToolCall): CoreContext['progress'] {
  const token = call.sdk.mcpReq._meta?.progressToken;
  if (token === undefined) return async () => {};
  return async (progress, total, message) => {
    await call.sdk.mcpReq.notify({
      method: 'notifications/progress',
      params: {
        progressToken: token,
        progress,
        ...(total === undefined ? {} : { total }),
        ...(message === undefined ? {} : { message }),
      },
    });
  };
}

function historyRecorder(call: ToolCall, state: StateStore | undefined): HistoryRecorder {
  return {
    record: async (summary, data) => {
      call.log.info('history', { summary });
      await state?.appendHistory({
        server: call.server,
        tool: call.tool.name,
        principal: call.principal.id,
        requestId: call.requestId,
        args: call.args,
        outcome: 'ok',
        summary,
        ...(data === undefined ? {} : { data }),
      });
    },
    list: async (query = {}) =>
      state === undefined
        ? { items: [] }
        : state.listHistory({
            server: call.server,
            limit: query.limit ?? 20,
            ...(query.tool === undefined ? {} : { tool: query.tool }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          }),
  };
}
