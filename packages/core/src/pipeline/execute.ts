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
import { CallSignal } from './call-signal.js';
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
    const signal = new CallSignal(call.signal, options.toolTimeoutMs);
    const context = createContext(call, options, { signal, maxOutputBytes, ask });
    const handler = call.tool.handler as (input: unknown, context: ToolContext<unknown>) => Promise<unknown>;
    let output: unknown;
    try {
      output = await handler(call.input, context);
    } catch (error) {
      if (error instanceof InputNeeded && round !== undefined) return round.needInput(error);
      throw error;
    } finally {
      signal.release();
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
    signal: call,
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
  /** Where the handler's signal comes from: made on first use for a call, the call's own for a precheck. */
  signal: { readonly signal: AbortSignal };
  maxOutputBytes: number;
  ask: Ask;
}

function createContext(call: ToolCall, options: ExecuteOptions, scope: CallScope): ToolContext<unknown> {
  const Context = contextClassFor(options.deps);
  return new Context(call, options.state, scope);
}

/**
 * The context a handler gets. A call uses few of its services, so progress,
 * the client log, history and notes are made on first use, and the
 * server's deps sit on the prototype that every call shares.
 */
class CallContext implements CoreContext {
  readonly principal: CoreContext['principal'];
  readonly requestId: string;
  readonly log: CoreContext['log'];
  readonly maxOutputBytes: number;
  readonly ask: Ask;
  readonly clientRoots: CoreContext['clientRoots'];
  readonly #call: ToolCall;
  readonly #state: StateStore | undefined;
  readonly #signal: CallScope['signal'];
  #progress: CoreContext['progress'] | undefined;
  #clientLog: CoreContext['clientLog'] | undefined;
  #history: HistoryRecorder | undefined;
  #notes: CoreContext['notes'] | undefined;

  constructor(call: ToolCall, state: StateStore | undefined, { signal, maxOutputBytes, ask }: CallScope) {
    this.#signal = signal;
    this.principal = call.principal;
    this.requestId = call.requestId;
    this.log = call.log;
    this.maxOutputBytes = maxOutputBytes;
    this.ask = ask;
    this.clientRoots = call.clientRoots;
    this.#call = call;
    this.#state = state;
  }

  get signal(): AbortSignal {
    return this.#signal.signal;
  }

  get progress(): CoreContext['progress'] {
    return (this.#progress ??= progressReporter(this.#call));
  }

  get clientLog(): CoreContext['clientLog'] {
    const call = this.#call;
    return (this.#clientLog ??= async (level, data) => call.sdk.mcpReq.log(level, redactValue(data), call.server));
  }

  get history(): HistoryRecorder {
    return (this.#history ??= historyRecorder(this.#call, this.#state));
  }

  get notes(): CoreContext['notes'] {
    return (this.#notes ??= noteBook(this.#state, this.#call.server, this.#call.principal.id));
  }
}

type ContextClass = new (call: ToolCall, state: StateStore | undefined, scope: CallScope) => CallContext;

/** One context class per deps object, its prototype carrying the deps, so V8 sees one shape per server. */
const contextClasses = new WeakMap<object, ContextClass>();

function contextClassFor(deps: unknown): ContextClass {
  if (typeof deps !== 'object' || deps === null) return CallContext;
  let Context = contextClasses.get(deps);
  if (Context === undefined) {
    Context = class extends CallContext {};
    // The deps' own enumerable members, as a spread would take them; core's members shadow none (see reservedContextKeys).
    for (const [key, value] of Object.entries(deps))
      Object.defineProperty(Context.prototype, key, { value, enumerable: true, writable: true });
    contextClasses.set(deps, Context);
  }
  return Context;
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
