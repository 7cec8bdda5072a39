import { ToolError } from '../errors.js';
import type { Middleware } from '../pipeline/call.js';
import type { Tool } from '../tool.js';
import type { BucketSpec, TokenDecision } from '../state/store.js';
import { ruleFor, type RateLimitRules } from './rate-limit-rules.js';

/** Takes tokens from a named bucket: in memory, or through the shared state store. */
export type TokenTaker = (key: string, bucket: BucketSpec, cost?: number) => Promise<TokenDecision>;

/** Token buckets in this process: what a single server (stdio, one replica) uses. */
export function createMemoryBuckets(now: () => number = Date.now): TokenTaker {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (key, bucket, cost = 1) => {
    const time = now();
    const current = buckets.get(key) ?? { tokens: bucket.capacity, at: time };
    const tokens = Math.min(bucket.capacity, current.tokens + ((time - current.at) / 1000) * bucket.refillPerSecond);
    const allowed = tokens >= cost;
    const remaining = allowed ? tokens - cost : tokens;
    buckets.set(key, { tokens: remaining, at: time });
    const retryAfterMs = allowed ? 0 : Math.ceil(((cost - tokens) / bucket.refillPerSecond) * 1000);
    return { allowed, remaining, retryAfterMs };
  };
}

/** Options for {@link rateLimit}. */
export interface RateLimitOptions {
  take: TokenTaker;
  rules: RateLimitRules;
  /** Observes each decision (metrics). */
  onDecision?: (server: string, tool: Tool, allowed: boolean) => void;
}

/** Limits calls per principal × tool with token buckets; a limited call is a `RATE_LIMITED` result saying when to retry. */
export function rateLimit(options: RateLimitOptions): Middleware {
  return async (call, next) => {
    const rule = ruleFor(options.rules, call.server, call.tool.name, call.callClass);
    if (rule === undefined || rule === 'off') return next();
    const decision = await options.take(`${call.server}:${call.tool.name}:${call.principal.id}`, rule);
    options.onDecision?.(call.server, call.tool, decision.allowed);
    if (decision.allowed) return next();
    throw new ToolError('RATE_LIMITED', `Rate limit reached for ${call.tool.name}: ${describeRule(rule)} per caller.`, {
      hint: `Retry in ${describeDuration(decision.retryAfterMs)}; do not loop on this call.`,
      details: { retryAfterMs: decision.retryAfterMs },
    });
  };
}

function describeRule(rule: BucketSpec): string {
  const perHour = rule.refillPerSecond * 3600;
  if (perHour < 100) return `${rule.capacity} per ${formatPeriod(rule.capacity / rule.refillPerSecond)}`;
  return `${Math.round(rule.refillPerSecond * 60)} per minute`;
}

function formatPeriod(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'day' : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? 'hour' : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? 'minute' : `${seconds / 60} minutes`;
  return `${Math.round(seconds)} s`;
}

/** `312000` → `5m 12s`. */
export function describeDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
