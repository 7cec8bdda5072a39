import {
  inputRequired,
  ProtocolError,
  ProtocolErrorCode,
  type ClientCapabilities,
  type InputRequests,
  type InputRequiredResult,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { HandleStore } from '../policy/local-handles.js';
import { canAnswer, unanswered, type AnswerOf, type Question, type QuestionKind } from './question.js';

/**
 * Asks the client for input mid-call (SEP-2322 `input_required`). Resolves
 * with every answer once all of them arrived; until then the call ends with
 * an `input_required` result and the handler runs again, from the top, when
 * the client retries with the answers. Code before an `ask` therefore runs
 * once per round: ask before changing anything.
 */
export interface Ask {
  <Q extends Record<string, Question<unknown>>>(questions: Q): Promise<Answers<Q>>;
  /** Whether the client declared it can answer questions of this kind (ask anyway and the call fails with -32021). */
  can(kind: QuestionKind): boolean;
}

/** The answers to a set of questions, by key. */
export type Answers<Q> = { [K in keyof Q]: AnswerOf<Q[K]> };

/** What a round belongs to: a later round must come from the same caller, for the same call. */
export interface RoundBinding {
  principal: string;
  server: string;
  /** What is being called, e.g. `tool:deploy` or `prompt:review`. */
  target: string;
  /** Hash of the call's arguments. */
  args: string;
}

/** Thrown by {@link Ask} while answers are missing; the serving code turns it into an `input_required` result. */
export class InputNeeded extends Error {
  override readonly name = 'InputNeeded';
  constructor(readonly requests: InputRequests) {
    super('The handler needs input from the client; return the input_required result of its round.');
  }
}

/** What {@link openRound} needs: the request, where answers wait, what the round belongs to, what the client can answer. */
export interface RoundOptions {
  sdk: ServerContext;
  handles: HandleStore;
  binding: RoundBinding;
  capabilities: ClientCapabilities | undefined;
}

/** One round of a call that may ask the client for input. */
export interface Round {
  readonly ask: Ask;
  /** The `input_required` result for a handler stopped by {@link InputNeeded}; keeps the answers so far for the next round. */
  needInput(needed: InputNeeded): Promise<InputRequiredResult>;
}

const roundKind = 'input-round';
const roundTtlMs = 10 * 60_000;

/**
 * Opens the round a request belongs to. Answers from earlier rounds live in
 * a single-use handle in the state store, bound to caller and arguments (so
 * any replica can continue the call); `requestState` carries only its id. A
 * state that names no such round is refused as invalid params (-32602).
 */
export async function openRound({ sdk, handles, binding, capabilities }: RoundOptions): Promise<Round> {
  const known: Record<string, unknown> = {
    ...(await earlierAnswers(sdk, handles, binding)),
    ...sdk.mcpReq.inputResponses,
  };
  const kept: Record<string, unknown> = {};
  const ask = async <Q extends Record<string, Question<unknown>>>(questions: Q): Promise<Answers<Q>> => {
    const answers: Record<string, unknown> = {};
    const missing: InputRequests = {};
    for (const [key, asked] of Object.entries(questions)) {
      const answer = key in known ? asked.read(known[key]) : unanswered;
      if (answer === unanswered) {
        missing[key] = asked.request();
      } else {
        answers[key] = answer;
        kept[key] = known[key];
      }
    }
    if (Object.keys(missing).length > 0) throw new InputNeeded(missing);
    return answers as Answers<Q>;
  };
  const needInput = async (needed: InputNeeded): Promise<InputRequiredResult> => {
    const handle = await handles.createHandle({
      kind: roundKind,
      payload: { ...binding, answers: kept },
      ttlMs: roundTtlMs,
      owner: binding.principal,
    });
    return inputRequired({ inputRequests: needed.requests, requestState: handle.id });
  };
  const can = (kind: QuestionKind): boolean => canAnswer(capabilities, kind);
  return { ask: Object.assign(ask, { can }), needInput };
}

async function earlierAnswers(
  sdk: ServerContext,
  handles: HandleStore,
  binding: RoundBinding,
): Promise<Record<string, unknown>> {
  const state = sdk.mcpReq.requestState<unknown>();
  if (state === undefined) return {};
  const handle =
    typeof state === 'string' && state.length <= 128
      ? await handles.redeemHandle(state, roundKind, { consume: true, owner: binding.principal })
      : undefined;
  const payload = handle?.payload;
  const bound =
    payload !== undefined &&
    payload.principal === binding.principal &&
    payload.server === binding.server &&
    payload.target === binding.target &&
    payload.args === binding.args;
  if (!bound || typeof payload.answers !== 'object' || payload.answers === null) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      'Invalid or expired requestState: call again without it to start over',
    );
  }
  return payload.answers as Record<string, unknown>;
}

/** Runs a handler that may ask: its result, or the `input_required` result of its round when it stopped to ask. */
export async function answering<T>(round: Round, run: (ask: Ask) => Promise<T>): Promise<T | InputRequiredResult> {
  try {
    return await run(round.ask);
  } catch (error) {
    if (error instanceof InputNeeded) return round.needInput(error);
    throw error;
  }
}
