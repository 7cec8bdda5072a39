import { inputRequired, inputResponse, type ClientCapabilities, type InputRequest } from '@modelcontextprotocol/server';
import type * as z from 'zod';

/** The answer was not in the responses (missing, or of another kind): ask again. */
export const unanswered: unique symbol = Symbol('unanswered');

/** Who answers a question: a person through a form, the client's model, or the client itself (its roots). */
export type QuestionKind = 'form' | 'sample' | 'roots';

/** One thing a handler asks the client mid-call, and how to read the answer. */
export interface Question<A> {
  readonly kind: QuestionKind;
  /** The embedded request sent in an `input_required` result. */
  readonly request: () => InputRequest;
  /** Reads the client's raw response; {@link unanswered} when it does not answer this question. */
  readonly read: (response: unknown) => A | typeof unanswered;
}

/** The answer type of a question. */
export type AnswerOf<Q> = Q extends Question<infer A> ? A : never;

/** One of the client's MCP roots. */
export interface ClientRoot {
  uri: string;
  name?: string;
}

/** Options of {@link question.sample}. */
export interface SampleOptions {
  maxTokens?: number;
  systemPrompt?: string;
}

/** Builders of the questions a handler can ask with `ctx.ask`. */
export const question = {
  /**
   * A form for a person (elicitation). The answer is validated by `schema`;
   * `undefined` when they declined, cancelled, or answered something else.
   */
  form<S extends z.ZodObject>(message: string, schema: S): Question<z.output<S> | undefined> {
    return {
      kind: 'form',
      request: () => inputRequired.elicit({ message, requestedSchema: schema }),
      read: (response) => {
        const view = inputResponse({ response }, 'response');
        if (view.kind !== 'elicit') return unanswered;
        if (view.action !== 'accept') return undefined;
        const parsed = schema.safeParse(view.content ?? {});
        return parsed.success ? parsed.data : undefined;
      },
    };
  },

  /** A prompt for the client's model (sampling); the answer is the text of its reply. */
  sample(prompt: string, options: SampleOptions = {}): Question<string> {
    return {
      kind: 'sample',
      request: () =>
        inputRequired.createMessage({
          messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
          maxTokens: options.maxTokens ?? 500,
          ...(options.systemPrompt === undefined ? {} : { systemPrompt: options.systemPrompt }),
        }),
      read: (response) => {
        const view = inputResponse({ response }, 'response');
        if (view.kind !== 'sampling') return unanswered;
        const blocks = [view.result.content].flat();
        return blocks.map((block) => (block.type === 'text' ? block.text : '')).join('');
      },
    };
  },

  /** The client's roots (deprecated in 2026-07-28, still answered by many clients). */
  roots(): Question<readonly ClientRoot[]> {
    return {
      kind: 'roots',
      request: () => inputRequired.listRoots(),
      read: (response) => {
        const view = inputResponse({ response }, 'response');
        if (view.kind !== 'roots') return unanswered;
        return view.roots.map(({ uri, name }) => (name === undefined ? { uri } : { uri, name }));
      },
    };
  },
};

/** Whether a client that declared `capabilities` can answer a question of `kind`. */
export function canAnswer(capabilities: ClientCapabilities | undefined, kind: QuestionKind): boolean {
  if (capabilities === undefined) return false;
  if (kind === 'sample') return capabilities.sampling !== undefined;
  if (kind === 'roots') return capabilities.roots !== undefined;
  const elicitation = capabilities.elicitation;
  // A bare `elicitation: {}` predates modes and means forms.
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}
