import type { BucketSpec, TokenDecision } from './store.js';

/** A bucket as stored: its tokens at the moment of the last refill. */
export interface BucketState {
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  refilledAt: number;
}

/** A bucket after one decision, with the moment it will be full again (an idle full bucket can be dropped). */
export interface BucketUpdate {
  state: BucketState;
  fullAt: number;
  decision: TokenDecision;
}

/** Refuses specs no bucket can honour; these are programming errors in the caller, not model input. */
export function checkBucket(spec: BucketSpec, cost: number): void {
  if (!(Number.isFinite(spec.capacity) && spec.capacity > 0))
    throw new RangeError(`Bucket capacity must be a positive number, got ${spec.capacity}`);
  if (!(Number.isFinite(spec.refillPerSecond) && spec.refillPerSecond > 0))
    throw new RangeError(`Bucket refill must be a positive number per second, got ${spec.refillPerSecond}`);
  if (!(Number.isFinite(cost) && cost >= 0 && cost <= spec.capacity))
    throw new RangeError(`Cost ${cost} must be between 0 and the bucket capacity ${spec.capacity}`);
}

/**
 * Refills `state` continuously up to capacity, then takes `cost` if it is
 * there. A missing bucket is a full one. Time never runs backwards for a
 * bucket, so a clock step back cannot mint tokens.
 */
export function takeFromBucket(
  state: BucketState | undefined,
  spec: BucketSpec,
  cost: number,
  now: number,
): BucketUpdate {
  const refilledAt = Math.max(now, state?.refilledAt ?? now);
  const elapsedSeconds = state === undefined ? 0 : Math.max(0, now - state.refilledAt) / 1000;
  const available =
    state === undefined ? spec.capacity : Math.min(spec.capacity, state.tokens + elapsedSeconds * spec.refillPerSecond);
  const allowed = available >= cost;
  const tokens = allowed ? available - cost : available;
  const msPerToken = 1000 / spec.refillPerSecond;
  return {
    state: { tokens, refilledAt },
    fullAt: refilledAt + Math.ceil((spec.capacity - tokens) * msPerToken),
    decision: {
      allowed,
      remaining: tokens,
      retryAfterMs: allowed ? 0 : Math.ceil((cost - tokens) * msPerToken),
    },
  };
}
