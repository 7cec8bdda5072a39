import { ToolError } from '../errors.js';
import { describeDuration } from '../policy/rate-limit.js';

import type { BreakerState } from '../metrics/conventions.js';

/** Options for {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** The upstream's name, shown to the model and in metrics (e.g. `kubernetes:prod`). */
  name: string;
  /** Consecutive failures that open the breaker. */
  failureThreshold?: number;
  /** How long the breaker stays open before one probe call is let through. */
  openMs?: number;
  /** Whether an error means the upstream is failing (not the caller's fault). */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (name: string, state: BreakerState) => void;
  now?: () => number;
}

/** Wraps calls to one upstream: fails fast while the upstream is down, probes it half-open, closes on success. */
export interface CircuitBreaker {
  readonly name: string;
  state(): BreakerState;
  run<T>(operation: () => Promise<T>): Promise<T>;
}

/** By default, a failure is anything but a caller's mistake (`ToolError`s other than upstream ones). */
export function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof ToolError) return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'TIMEOUT';
  return !(error instanceof Error && error.name === 'AbortError');
}

/** Creates a circuit breaker around one upstream client. */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const openMs = options.openMs ?? 30_000;
  const isFailure = options.isFailure ?? isUpstreamFailure;
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;
  const move = (next: BreakerState): void => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(options.name, next);
  };
  const refuse = (): never => {
    const wait = Math.max(0, openedAt + openMs - now());
    throw new ToolError('UPSTREAM_UNAVAILABLE', `${options.name} is failing; calls to it are paused.`, {
      hint: `Retry in ${describeDuration(wait || 1000)}; the server checks the upstream again then.`,
      details: { upstream: options.name, retryAfterMs: wait },
    });
  };
  return {
    name: options.name,
    state: () => (state === 'open' && now() - openedAt >= openMs ? 'half_open' : state),
    run: async (operation) => {
      if (state === 'open') {
        if (now() - openedAt < openMs || probing) return refuse();
        move('half_open');
      }
      const probe = state === 'half_open';
      if (probe) {
        if (probing) return refuse();
        probing = true;
      }
      try {
        const result = await operation();
        failures = 0;
        move('closed');
        return result;
      } catch (error) {
        if (isFailure(error)) {
          failures++;
          if (state === 'half_open' || failures >= threshold) {
            openedAt = now();
            move('open');
          }
        }
        throw error;
      } finally {
        if (probe) probing = false;
      }
    },
  };
}
