// The closed vocabularies every label value is drawn from. No label value is
// ever copied from a request: a name the client sent is only used to look up
// one of these values, and anything unknown becomes a fixed placeholder.
// Names follow the OpenTelemetry MCP semantic conventions; see
// docs/decisions/003-metrics.md for the mapping to Prometheus.
import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import { ERROR_META_KEY, errorCodes, isAbortError, ToolError, type ErrorCode } from '../errors.js';
import type { CallOutcome } from '../pipeline/call.js';

/** Bucket bounds, in seconds, the conventions give for `mcp.server.operation.duration`. */
export const operationDurationBuckets: readonly number[] = Object.freeze([
  0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300,
]);

/** MCP methods a server receives (both protocol eras); others are labelled `_other`. */
export const mcpMethods = [
  'initialize',
  'ping',
  'server/discover',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'subscriptions/listen',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'tasks/get',
  'tasks/result',
  'tasks/list',
  'tasks/cancel',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
] as const;

/** One of {@link mcpMethods}. */
export type McpMethod = (typeof mcpMethods)[number];

/** The placeholder for a value outside a closed set (the conventions' own `_OTHER` spelling for error.type). */
export const otherValue = '_other';

/** The `gen_ai.tool.name` of a `tools/call` naming a tool the server does not have. */
export const unknownToolValue = '_unknown';

/** `network.transport` per the conventions: `pipe` for stdio, `tcp` for HTTP. */
export type NetworkTransport = 'pipe' | 'tcp';

const knownMethods: ReadonlySet<string> = new Set(mcpMethods);

/** The `mcp.method.name` label for `method`: itself when the spec defines it, `_other` otherwise. */
export function methodLabel(method: string): string {
  return knownMethods.has(method) ? method : otherValue;
}

/** How a tool call ended, for `infra_mcp_tool_calls_total{outcome}`. */
export const toolOutcomes = ['ok', 'client_error', 'denied', 'rate_limited', 'error', 'input_required'] as const;

/** One of {@link toolOutcomes}. */
export type ToolOutcome = (typeof toolOutcomes)[number];

/**
 * `error.type` values: our error codes, JSON-RPC error codes (as strings, as
 * the conventions ask), `tool_error` for an `isError` result without a code,
 * and `_OTHER` for anything else.
 */
export const errorTypes = [
  ...errorCodes,
  ...Object.values(ProtocolErrorCode)
    .filter((code): code is number => typeof code === 'number')
    .map(String),
  'tool_error',
  '_OTHER',
] as const;

const knownErrorCodes: ReadonlySet<string> = new Set(errorCodes);
const knownRpcCodes: ReadonlySet<number> = new Set(
  Object.values(ProtocolErrorCode).filter((code): code is number => typeof code === 'number'),
);

/** The outcome each error code counts as: the caller's mistake, a policy refusal, or a failure of ours. */
const outcomeOfCode: Record<ErrorCode, ToolOutcome> = {
  INVALID_INPUT: 'client_error',
  NOT_FOUND: 'client_error',
  CONFLICT: 'client_error',
  FORBIDDEN: 'denied',
  RATE_LIMITED: 'rate_limited',
  UPSTREAM_UNAVAILABLE: 'error',
  TIMEOUT: 'error',
  INTERNAL: 'error',
};

/** The labels one finished tool call is counted under. */
export interface CallClassification {
  /** Position in a tracker's table of pre-resolved series. */
  readonly index: number;
  readonly outcome: ToolOutcome;
  /** `''` for a success (the label is then left out, as the conventions ask). */
  readonly errorType: string;
}

const classifications: readonly CallClassification[] = Object.freeze(
  [
    { outcome: 'ok' as const, errorType: '' },
    { outcome: 'input_required' as const, errorType: '' },
    { outcome: 'error' as const, errorType: 'tool_error' },
    ...errorCodes.map((code) => ({ outcome: outcomeOfCode[code], errorType: code })),
  ].map((entry, index) => Object.freeze({ index, ...entry })),
);

/** How many distinct classifications {@link classifyOutcome} returns. */
export const classificationCount = classifications.length;

const [okCall, inputRequired, untypedToolError] = classifications as [
  CallClassification,
  CallClassification,
  CallClassification,
];
const byCode = new Map(classifications.slice(3).map((entry) => [entry.errorType, entry]));

/** Classifies a tool call's result from `isError` and the code core puts in `_meta` (see errors.ts). */
export function classifyOutcome(outcome: CallOutcome): CallClassification {
  if ('resultType' in outcome && outcome.resultType === 'input_required') return inputRequired;
  const result = outcome as CallToolResult;
  if (result.isError !== true) return okCall;
  const meta: unknown = result._meta?.[ERROR_META_KEY];
  const code = typeof meta === 'object' && meta !== null && 'code' in meta ? meta.code : undefined;
  return (typeof code === 'string' ? byCode.get(code) : undefined) ?? untypedToolError;
}

/** The `error.type` of something a handler threw: a known code, or `_OTHER`. Never the message. */
export function errorTypeOf(error: unknown): string {
  if (error instanceof ToolError) return knownErrorCodes.has(error.code) ? error.code : '_OTHER';
  if (ProtocolError.isInstance(error)) return knownRpcCodes.has(error.code) ? String(error.code) : '_OTHER';
  if (isAbortError(error)) return 'TIMEOUT';
  return '_OTHER';
}

// JSON-RPC codes the conventions class as a request the server could not serve as sent, not as a server error.
const clientRpcCodes: ReadonlySet<string> = new Set(['-32700', '-32600', '-32601', '-32602', '-32002']);

/** The outcome of a `tools/call` that failed before reaching the chain (unknown tool, bad request). */
export function outcomeOfError(errorType: string): ToolOutcome {
  const known = byCode.get(errorType);
  if (known !== undefined) return known.outcome;
  return clientRpcCodes.has(errorType) ? 'client_error' : 'error';
}

/** Why an authentication attempt failed, for `infra_mcp_auth_failures_total{reason}`. */
export const authFailureReasons = [
  'missing_token',
  'malformed_token',
  'invalid_token',
  'expired',
  'not_yet_valid',
  'wrong_audience',
  'wrong_issuer',
  'insufficient_scope',
  'bad_api_key',
  'jwks_unavailable',
] as const;

/** One of {@link authFailureReasons}. */
export type AuthFailureReason = (typeof authFailureReasons)[number];

/** What a rate limiter decided for one call. */
export const rateLimitDecisions = ['allowed', 'limited'] as const;

/** One of {@link rateLimitDecisions}. */
export type RateLimitDecision = (typeof rateLimitDecisions)[number];

/** States of a circuit breaker around an upstream. */
export const breakerStates = ['closed', 'open', 'half_open'] as const;

/** One of {@link breakerStates}. */
export type BreakerState = (typeof breakerStates)[number];

const serverName = /^[a-z][a-z0-9_-]{0,63}$/;
const upstreamName = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,127}$/;

/** A server or upstream name as a label value; names that break the pattern become `_other`. */
export function nameLabel(name: string, kind: 'server' | 'upstream'): string {
  return (kind === 'server' ? serverName : upstreamName).test(name) ? name : otherValue;
}
