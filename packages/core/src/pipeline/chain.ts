import { auditCalls } from '../audit/audit-middleware.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { HandleStore } from '../policy/local-handles.js';
import { confirmDestructive } from '../policy/confirm.js';
import type { ServerMode } from '../policy/mode.js';
import { rateLimit, type RateLimitOptions } from '../policy/rate-limit.js';
import type { StateStore } from '../state/store.js';
import { authorize } from './authorize.js';
import { compose, type Middleware, type Terminal } from './call.js';
import { errorBoundary } from './error-boundary.js';
import { createExecutor } from './execute.js';
import { validateInput } from './validate.js';

/** Everything the chain of one server needs. */
export interface ChainOptions {
  mode: ServerMode;
  deps: unknown;
  maxOutputBytes: number;
  toolTimeoutMs: number;
  state: StateStore | undefined;
  handles: HandleStore;
  confirmationTtlMs: number | undefined;
  audit: AuditSink | undefined;
  rateLimits: RateLimitOptions | undefined;
  /** Platform middleware just inside audit (metrics). */
  outer: readonly Middleware[];
  /** Platform middleware just before confirmation. */
  inner: readonly Middleware[];
}

/**
 * The path of one tool call, composed once per server:
 * audit → (metrics) → error mapping → validate → authorize → rate limit →
 * confirm → handler → output shaping.
 */
export function buildCallChain(options: ChainOptions): Terminal {
  const middlewares: Middleware[] = [
    ...(options.audit === undefined ? [] : [auditCalls(options.audit)]),
    ...options.outer,
    errorBoundary,
    validateInput,
    authorize(options.mode),
    ...(options.rateLimits === undefined ? [] : [rateLimit(options.rateLimits)]),
    ...options.inner,
    confirmDestructive({
      handles: options.handles,
      ...(options.confirmationTtlMs === undefined ? {} : { ttlMs: options.confirmationTtlMs }),
    }),
  ];
  return compose(
    middlewares,
    createExecutor({
      deps: options.deps,
      maxOutputBytes: options.maxOutputBytes,
      toolTimeoutMs: options.toolTimeoutMs,
      state: options.state,
      handles: options.handles,
    }),
  );
}
