import { acceptedContent, inputRequired, inputResponse, type CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { ToolError } from '../errors.js';
import { redactValue } from '../output/redact.js';
import type { CallOutcome, Middleware, ToolCall } from '../pipeline/call.js';
import { hashOf } from './canonical.js';
import type { HandleStore } from './local-handles.js';

/** Options for {@link confirmDestructive}. */
export interface ConfirmOptions {
  handles: HandleStore;
  /** How long a confirmation token (or an open elicitation round) stays valid. */
  ttlMs?: number;
  /** The tool's own check of a call that would fail anyway; runs before a person is asked. */
  precheck?: (call: ToolCall) => Promise<void>;
}

/** The argument core adds to every tool whose calls can be destructive. */
export const CONFIRMATION_TOKEN_ARG = 'confirmation_token';

const tokenKind = 'confirmation';
const roundKind = 'confirmation-round';
const confirmSchema = z.object({ confirm: z.boolean() });

interface Binding {
  principal: string;
  server: string;
  tool: string;
  args: string;
  summary: string;
}

/**
 * Asks a person before any destructive call runs, bound to the exact
 * arguments: by elicitation when the client can show a form (2026-era
 * `input_required`, or the SDK's legacy shim on a 2025 connection), else by
 * a server-minted token the second call must carry. Tokens are single-use,
 * expire, and live in the state store, so any replica can redeem them.
 */
export function confirmDestructive(options: ConfirmOptions): Middleware {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  return async (call, next) => {
    if (call.callClass !== 'destructive') return next();
    const binding = bindingOf(call);
    const token = call.args[CONFIRMATION_TOKEN_ARG];
    if (token !== undefined) {
      await redeemToken(options.handles, token, binding);
      return next();
    }
    const state = call.sdk.mcpReq.requestState<string>();
    if (state === undefined) await options.precheck?.(call);
    if (!canElicit(call)) return requireToken(options.handles, binding, ttlMs);
    if (state === undefined) return askPerson(options.handles, binding, ttlMs);
    const round = await options.handles.redeemHandle(state, roundKind, { consume: true, owner: binding.principal });
    if (round === undefined || !sameBinding(round.payload, binding)) {
      throw new ToolError(
        'FORBIDDEN',
        'The confirmation round expired or belongs to other arguments; nothing was done.',
        { hint: 'Call the tool again to ask anew.' },
      );
    }
    const view = inputResponse(call.sdk.mcpReq.inputResponses, 'confirm');
    const answer = acceptedContent(call.sdk.mcpReq.inputResponses, 'confirm', confirmSchema);
    if (answer?.confirm === true) return next();
    const what = view.kind === 'elicit' ? view.action : 'no answer';
    throw new ToolError(
      'FORBIDDEN',
      `A person did not confirm (${what === 'accept' ? 'box left unchecked' : what}); nothing was done: ${binding.summary}`,
    );
  };
}

function bindingOf(call: ToolCall): Binding {
  const summarize = call.tool.summarize as ((input: unknown) => string) | undefined;
  const summary = summarize?.(call.input) ?? `${call.tool.name} ${JSON.stringify(redactValue(call.input, 200))}`;
  return { principal: call.principal.id, server: call.server, tool: call.tool.name, args: hashOf(call.input), summary };
}

function sameBinding(payload: Record<string, unknown>, binding: Binding): boolean {
  return (
    payload.principal === binding.principal &&
    payload.server === binding.server &&
    payload.tool === binding.tool &&
    payload.args === binding.args
  );
}

function canElicit(call: ToolCall): boolean {
  return call.clientCapabilities()?.elicitation !== undefined;
}

async function redeemToken(handles: HandleStore, token: unknown, binding: Binding): Promise<void> {
  const handle =
    typeof token === 'string' && token.length <= 128
      ? await handles.redeemHandle(token, tokenKind, { consume: true, owner: binding.principal })
      : undefined;
  if (handle === undefined || !sameBinding(handle.payload, binding)) {
    throw new ToolError(
      'FORBIDDEN',
      'The confirmation token is unknown, used, expired, or was issued for other arguments; nothing was done.',
      {
        hint: `Call the tool again without ${CONFIRMATION_TOKEN_ARG} to get a new token, and pass exactly the same arguments with it.`,
      },
    );
  }
}

/** A single-use handle for this binding: a token to hand out, or an open elicitation round. */
function issueHandle(handles: HandleStore, kind: string, binding: Binding, ttlMs: number) {
  return handles.createHandle({ kind, payload: { ...binding }, ttlMs, owner: binding.principal });
}

async function requireToken(handles: HandleStore, binding: Binding, ttlMs: number): Promise<CallOutcome> {
  const handle = await issueHandle(handles, tokenKind, binding, ttlMs);
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  const structured = {
    confirmation_required: true,
    confirmation_token: handle.id,
    summary: binding.summary,
    expires_at: handle.expiresAt.toISOString(),
  };
  const text = [
    `Confirmation required: ${binding.summary}`,
    'This is destructive. Show the user this summary and ask them to confirm.',
    `Only if they agree, call ${binding.tool} again with exactly the same arguments plus ${CONFIRMATION_TOKEN_ARG}: "${handle.id}" (single use, valid ${minutes} min).`,
  ].join('\n');
  const result: CallToolResult = { content: [{ type: 'text', text }], structuredContent: structured };
  return result;
}

async function askPerson(handles: HandleStore, binding: Binding, ttlMs: number): Promise<CallOutcome> {
  const round = await issueHandle(handles, roundKind, binding, ttlMs);
  return inputRequired({
    inputRequests: {
      confirm: inputRequired.elicit({
        message: `Confirm a destructive action: ${binding.summary}`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Yes, do it', description: binding.summary } },
          required: ['confirm'],
        },
      }),
    },
    requestState: round.id,
  });
}
