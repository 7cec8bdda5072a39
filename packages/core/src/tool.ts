import type { ContentBlock } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { ToolClass } from './policy/mode.js';
import type { Principal } from './principal.js';
import type { Logger } from './log.js';
import { truncationSchema } from './output/truncation.js';
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
  /** One line telling a person exactly what a destructive call would do, for the confirmation prompt. */
  summarize?: (input: z.output<I>) => string;
  /**
   * Content blocks to send instead of core's text rendering (an image, audio,
   * an embedded blob), built from the validated output. Used only when the
   * output fit the byte budget uncut; structuredContent is sent either way.
   */
  content?: (output: z.output<O>) => ContentBlock[];
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
  readonly content: ((output: never) => ContentBlock[]) | undefined;
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
  return Object.freeze({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    annotations: spec.annotations,
    toolClass: classOf(spec.annotations),
    input: spec.input,
    output: spec.output.extend({ truncated: truncationSchema.optional() }),
    scopes: spec.scopes,
    classify: spec.classify,
    maxOutputBytes: spec.maxOutputBytes,
    summarize: spec.summarize,
    content: spec.content,
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
