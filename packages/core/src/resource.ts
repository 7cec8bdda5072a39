import type { PromptMessage } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { Ask } from './input/round.js';
import type { Logger } from './log.js';
import type { Principal } from './principal.js';
import type { HistoryRecorder, NoteBook } from './tool.js';

/** What core hands a resource reader or prompt builder next to the server's dependencies. */
export interface ReadContext {
  readonly signal: AbortSignal;
  readonly principal: Principal;
  readonly log: Logger;
  readonly maxOutputBytes: number;
  /** The caller's saved notes on this server (the `context://notes` resources read them). */
  readonly notes: NoteBook;
  /** This server's history of mutating calls, newest first. */
  readonly history: Pick<HistoryRecorder, 'list'>;
}

/** What a resource reader or prompt builder gets: the read context, and {@link Ask} to ask the client mid-request. */
export interface AskContext extends ReadContext {
  readonly ask: Ask;
}

/** What a completer sees besides the server's dependencies: the other arguments the user already chose. */
export interface CompletionContext extends ReadContext {
  readonly arguments: Readonly<Record<string, string>>;
}

/** Suggests values for one prompt argument or template variable from what the user typed so far. */
export type Completer<D = never> = (value: string, context: D & CompletionContext) => Promise<readonly string[]>;

/** The body of a read resource: text, or base64 bytes. */
export type ResourceBody = { text: string; mimeType?: string } | { blob: string; mimeType: string };

/** A resource at a fixed URI. */
export interface Resource<D = never> {
  readonly uri: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  readonly read: (context: D & AskContext) => Promise<ResourceBody>;
}

/** One concrete resource a template offers in `resources/list`. */
export interface ResourceListing {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** A family of resources under an RFC 6570 URI template, e.g. `context://notes/{key}`. */
export interface ResourceTemplate<D = never> {
  readonly uriTemplate: string;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly mimeType?: string;
  /** Concrete resources to show in `resources/list`, when they can be enumerated cheaply. */
  readonly list?: (context: D & ReadContext) => Promise<ResourceListing[]>;
  readonly read: (variables: Record<string, string>, context: D & AskContext) => Promise<ResourceBody>;
  /** Completers for the template's variables, by variable name. */
  readonly complete?: Readonly<Partial<Record<string, Completer<D>>>>;
}

/** What a prompt renders to: one user message of text, or messages that may carry images and embedded resources. */
export type PromptBody = string | readonly PromptMessage[];

/** A prompt: a named, parameterized message for the user to pick. Arguments are strings. */
export interface Prompt<D = never> {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  readonly arguments: z.ZodObject;
  readonly get: (args: never, context: D & AskContext) => Promise<PromptBody>;
  /** Completers for the prompt's arguments, by argument name. */
  readonly complete?: Readonly<Partial<Record<string, Completer<D>>>>;
}

/** Defines a fixed-URI resource. */
export function defineResource<D = unknown>(resource: Resource<D>): Resource<D> {
  return Object.freeze({ ...resource });
}

/** Defines a templated resource family. */
export function defineResourceTemplate<D = unknown>(template: ResourceTemplate<D>): ResourceTemplate<D> {
  return Object.freeze({ ...template });
}

/** Defines a prompt; `get` returns the user message text, or the messages in full. */
export function definePrompt<A extends z.ZodObject, D = unknown>(prompt: {
  name: string;
  title?: string;
  description: string;
  arguments: A;
  get: (args: z.output<A>, context: D & AskContext) => Promise<PromptBody>;
  complete?: { readonly [K in keyof z.output<A> & string]?: Completer<D> };
}): Prompt<D> {
  return Object.freeze({ ...prompt });
}
