import type * as z from 'zod';
import type { ToolClass } from './policy/mode.js';
import type { Principal } from './principal.js';
import type { Logger } from './log.js';
import type { Ask } from './input/round.js';
import { findContentKeys, type ContentKind } from './output/content.js';
import { truncationSchema } from './output/truncation.js';
import { fencedKeys, type FencedKeys } from './output/untrusted.js';
import type { HistoryEntry, Note, Page } from './state/store.js';

/** The MCP tool annotations every infra-mcp tool carries. Core derives the tool's class from them. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** A tool that only reads. Listed in every mode. */
export const readOnly: ToolAnnotations = Object.freeze({
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

/** A tool that changes state but destroys nothing. Listed from `write` mode. */
export const write: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
});

/** A tool that can destroy data. Listed in `destructive` mode only; every call is confirmed by a person. */
export const destructive: ToolAnnotations = Object.freeze({
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: false,
});

/** The class implied by a tool's annotations. */
export function classOf(annotations: ToolAnnotations): ToolClass {
  if (annotations.readOnlyHint) return 'read';
  return annotations.destructiveHint ? 'destructive' : 'write';
}

/** Severity of a message sent to the client, as MCP logging names it. */
export type ClientLogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/**
 * Sends a log message to the client (MCP logging, `notifications/message`),
 * secrets redacted. Dropped below the level the client asked for; on a
 * 2026-07-28 request, dropped unless the request asked for a level.
 */
export type ClientLog = (level: ClientLogLevel, data: string | Record<string, unknown>) => Promise<void>;

/** Reports progress of a long call to the client, when it asked for progress. */
export type ProgressReporter = (progress: number, total?: number, message?: string) => Promise<void>;

/** What a mutating call records: the history that rollbacks and "what changed?" read. */
export interface HistoryRecorder {
  /** Records what this call did (e.g. `applied deployment web`), with data a later rollback needs. */
  record(summary: string, data?: Record<string, unknown>): Promise<void>;
  /** Earlier records of this server, newest first (optionally of one tool). */
  list(query?: { tool?: string; limit?: number; cursor?: string }): Promise<Page<HistoryEntry>>;
}

/** The caller's notes on this server: namespaced by server, owned by the principal. */
export interface NoteBook {
  put(key: string, value: string, options?: { tags?: string[]; ttlMs?: number }): Promise<Note>;
  get(key: string): Promise<Note | undefined>;
  list(query?: { prefix?: string; tag?: string; limit?: number; cursor?: string }): Promise<Page<Note>>;
  delete(key: string): Promise<boolean>;
}

/** What core hands every handler next to the server's own dependencies. */
export interface CoreContext {
  /** Aborted when the client cancels the call, the call times out, or the server shuts down. */
  readonly signal: AbortSignal;
  /** Who is calling. */
  readonly principal: Principal;
  /** Unique id of this call, also in the audit record and logs. */
  readonly requestId: string;
  /** Logger bound to this call. */
  readonly log: Logger;
  /** The byte budget of this call's result; tools that page should fill up to it and return a cursor. */
  readonly maxOutputBytes: number;
  /** Reports progress to the client (no-op when the client did not ask). */
  readonly progress: ProgressReporter;
  /** Sends a log message to the client, for what a person watching the call should see (not the server log). */
  readonly clientLog: ClientLog;
  /** Asks the client for input mid-call: a person (form), its model (sampling), its roots. See {@link Ask}. */
  readonly ask: Ask;
  /** The client's MCP roots as local paths, or `undefined` when the client offers none. */
  readonly clientRoots: () => Promise<readonly string[] | undefined>;
  /** This server's history of mutating calls. */
  readonly history: HistoryRecorder;
  /** The caller's saved notes on this server. */
  readonly notes: NoteBook;
}

/** The handler context: the server's dependencies plus {@link CoreContext}. */
export type ToolContext<D> = D & CoreContext;

/** Everything a tool declares; core applies the rest. */
export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject, D> {
  /** snake_case verb phrase, e.g. `list_pods`. */
  name: string;
  /** Display name. */
  title: string;
  /** Product copy for the model: what it does, when to use it, what it returns, its limits. */
  description: string;
  annotations: ToolAnnotations;
  input: I;
  output: O;
  /** Scopes a caller needs; defaults to `<server>:<class>`. */
  scopes?: readonly string[];
  /**
   * The class of one call when it differs from the tool's (an overwrite is
   * destructive, a dry run only reads). Core authorizes and confirms by it.
   */
  classify?: (input: z.output<I>) => ToolClass;
  /** A smaller byte cap for this tool's results, fixed or per call. */
  maxOutputBytes?: number | ((input: z.output<I>) => number | undefined);
  /**
   * Refuses a call that would fail anyway, before a person is asked to
   * confirm it (a write on a read-only connection, a statement the server
   * never runs). Throw a `ToolError`; return to let the confirmation go on.
   */
  precheck?: (input: z.output<I>, context: ToolContext<D>) => Promise<void>;
  /** One line telling a person exactly what a destructive call would do, for the confirmation prompt. */
  summarize?: (input: z.output<I>) => string;
  handler: (input: z.output<I>, context: ToolContext<D>) => Promise<z.input<O>>;
}

/** A defined tool, type-erased so tools with different schemas share one list. */
export interface Tool<D = never> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly annotations: ToolAnnotations;
  readonly toolClass: ToolClass;
  readonly input: z.ZodObject;
  readonly output: z.ZodObject;
  readonly scopes: readonly string[] | undefined;
  readonly classify: ((input: never) => ToolClass) | undefined;
  readonly maxOutputBytes: number | ((input: never) => number | undefined) | undefined;
  readonly summarize: ((input: never) => string) | undefined;
  readonly precheck: ((input: never, context: ToolContext<D>) => Promise<void>) | undefined;
  /** Whether some calls are destructive, so core adds the confirmation argument and result shape. */
  readonly confirmable: boolean;
  /** Top-level output keys holding outside text (fenced in the text form), with their source. */
  readonly untrusted: FencedKeys;
  /** Top-level output keys sent as their own content blocks (images, audio, embedded resources), key → kind. */
  readonly content: ReadonlyMap<string, ContentKind>;
  readonly handler: (input: never, context: ToolContext<D>) => Promise<unknown>;
}

const toolName = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Defines a tool. Its output schema gains an optional `truncated` notice, which
 * core fills when the result had to be cut to the output budget.
 */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject, D = unknown>(
  spec: ToolSpec<I, O, D>,
): Tool<D> {
  if (!toolName.test(spec.name)) throw new TypeError(`Tool name ${spec.name} must be snake_case`);
  const output = spec.output.extend({ truncated: truncationSchema.optional() });
  return Object.freeze({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    annotations: spec.annotations,
    toolClass: classOf(spec.annotations),
    input: spec.input,
    output,
    scopes: spec.scopes,
    classify: spec.classify,
    maxOutputBytes: spec.maxOutputBytes,
    summarize: spec.summarize,
    precheck: spec.precheck,
    confirmable:
      classOf(spec.annotations) === 'destructive' ||
      (spec.classify !== undefined && classOf(spec.annotations) !== 'read'),
    untrusted: fencedKeys(output),
    content: findContentKeys(spec.output),
    handler: spec.handler,
  });
}

/**
 * Returns `defineTool` with the server's dependency type fixed, so handlers
 * can destructure `{ kube, signal }` from their context with full types.
 */
export function defineToolFor<D>(): <I extends z.ZodObject, O extends z.ZodObject>(spec: ToolSpec<I, O, D>) => Tool<D> {
  return (spec) => defineTool(spec);
}
