import type { CallToolResult } from '@modelcontextprotocol/server';
import { ToolError } from '../errors.js';
import { fitToBudget, shapeOutput } from '../output/budget.js';
import { liftContent } from '../output/content.js';
import { redactValue } from '../output/redact.js';
import { InputNeeded, openRound, type Ask, type Round } from '../input/round.js';
import { hashOf } from '../policy/canonical.js';
import type { HandleStore } from '../policy/local-handles.js';
import type { StateStore } from '../state/store.js';
import type { CoreContext, HistoryRecorder, ToolContext } from '../tool.js';
import { noteBook } from '../state/note-book.js';
import { callSignal } from './call-signal.js';
import type { CallOutcome, Terminal, ToolCall } from './call.js';

/** What the terminal needs besides the call: the server's deps and per-connection services. */
export interface ExecuteOptions {
  deps: unknown;
  maxOutputBytes: number;
  toolTimeoutMs: number;
  /** Where history goes; without a store, records go to the log only. */
  state: StateStore | undefined;
  /** Where the answers of earlier input rounds wait for the next one. */
  handles: HandleStore;
}

/** Runs the handler, validates its output, fits it to the byte budget and renders the text form. */
export function createExecutor(options: ExecuteOptions): Terminal {
  return async (call: ToolCall): Promise<CallOutcome> => {
    const maxOutputBytes = budgetFor(call, options.maxOutputBytes);
    const round = await roundOf(call, options.handles);
    const ask = round?.ask ?? refuseAsk(call.tool.name);
    const { signal, release } = callSignal(call.signal, options.toolTimeoutMs);
    const context = createContext(call, options, { signal, maxOutputBytes, ask });
    const handler = call.tool.handler as (input: unknown, context: ToolContext<unknown>) => Promise<unknown>;
    let output: unknown;
    try {
      output = await handler(call.input, context);
    } catch (error) {
      if (error instanceof InputNeeded && round !== undefined) return round.needInput(error);
      throw error;
    } finally {
      release();
    }
    const parsed = call.tool.output.safeParse(output);
    if (!parsed.success) {
      throw new ToolError('INTERNAL', `The ${call.tool.name} tool produced a result that does not match its schema.`, {
        cause: parsed.error,
      });
    }
    const render = { untrusted: call.tool.untrusted };
    const { structured, blocks } = liftContent(parsed.data, call.tool.content, maxOutputBytes);
    const shaped = fitToBudget(shapeOutput(structured, render), maxOutputBytes, render);
    // A result that is only media has no text form worth sending.
    const text = shaped.text === '' && blocks.length > 0 ? [] : [{ type: 'text' as const, text: shaped.text }];
    const result: CallToolResult = { content: [...text, ...blocks], structuredContent: shaped.structured };
    return result;
  };
}

/**
 * Runs a tool's precheck with the same context its handler would get (minus
 * questions to the client), so a call that would fail is refused before a
 * person is asked to confirm it.
 */
export async function runPrecheck(call: ToolCall, options: ExecuteOptions): Promise<void> {
  const precheck = call.tool.precheck as ((input: unknown, context: ToolContext<unknown>) => Promise<void>) | undefined;
  if (precheck === undefined) return;
  const context = createContext(call, options, {
    signal: call.signal,
    maxOutputBytes: budgetFor(call, options.maxOutputBytes),
    ask: refuseAsk(call.tool.name),
  });
  await precheck(call.input, context);
}

function budgetFor(call: ToolCall, serverMax: number): number {
  const own = call.tool.maxOutputBytes;
  const toolMax = typeof own === 'function' ? (own as (input: unknown) => number | undefined)(call.input) : own;
  return toolMax === undefined ? serverMax : Math.min(serverMax, toolMax);
}

/**
 * The round of a call that may ask the client for input. A destructive call
 * has none: its requestState belongs to the confirmation that ran before it.
 */
async function roundOf(call: ToolCall, handles: HandleStore): Promise<Round | undefined> {
  if (call.callClass === 'destructive') return undefined;
  let args: string | undefined;
  const binding = {
    principal: call.principal.id,
    server: call.server,
    target: `tool:${call.tool.name}`,
    // Hashed only when a round is resumed or kept: most calls never ask.
    get args() {
      return (args ??= hashOf(call.input));
    },
  };
  return openRound({ sdk: call.sdk, handles, binding, capabilities: call.clientCapabilities() });
}

function refuseAsk(tool: string): Ask {
  const refuse = async (): Promise<never> => {
    throw new ToolError(
      'INTERNAL',
      `The ${tool} tool cannot ask for input during a destructive call: the confirmation is the question such a call asks.`,
    );
  };
  return Object.assign(refuse, { can: () => false });
}

interface CallScope {
  signal: AbortSignal;
  maxOutputBytes: number;
  ask: Ask;
}

function createContext(
  call: ToolCall,
  options: ExecuteOptions,
  { signal, maxOutputBytes, ask }: CallScope,
): ToolContext<unknown> {
  const core: CoreContext = {
    signal,
    principal: call.principal,
    requestId: call.requestId,
    log: call.log,
    maxOutputBytes,
    ask,
    progress: progressReporter(call),
    clientLog: async (level, data) => call.sdk.mcpReq.log(level, redactValue(data), call.server),
    clientRoots: call.clientRoots,
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
        args: redactValue(call.args, 16 * 1024) as Record<string, unknown>,
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
