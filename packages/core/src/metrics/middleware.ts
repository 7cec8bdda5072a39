import type { Middleware } from '../pipeline/call.js';
import type { Metrics } from './metrics.js';

/**
 * Records every dispatched tool call: duration since the call was received,
 * how it ended (from `isError` and the error code core put in `_meta`), and
 * the in-flight gauge. Place it in `outerMiddleware`, outside the error
 * boundary, so validation errors, refusals and rate limits are counted with
 * the code the client saw.
 */
export function metricsMiddleware(metrics: Metrics): Middleware {
  return async (call, next) => {
    const tracker = metrics.trackToolCall(call.server, call.tool);
    tracker.started();
    try {
      const outcome = await next();
      tracker.finished(outcome, (performance.now() - call.startedAt) / 1000);
      return outcome;
    } catch (error) {
      tracker.failed(error, (performance.now() - call.startedAt) / 1000);
      throw error;
    }
  };
}
