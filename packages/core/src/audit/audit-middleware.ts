import { redactValue } from '../output/redact.js';
import type { Middleware } from '../pipeline/call.js';
import type { AuditSink } from './audit-sink.js';
import { outcomeOf } from './outcome.js';

/** Longest argument string kept in an audit record; longer ones are summarized with their size. */
const maxArgBytes = 1024;

/**
 * The outermost middleware: one audit record for every tools/call — allowed,
 * denied, rate-limited, failed — with redacted arguments, outcome, error
 * code, duration and request id.
 */
export function auditCalls(sink: AuditSink): Middleware {
  return async (call, next) => {
    const at = new Date();
    const outcome = await next();
    const { outcome: result, errorCode } = outcomeOf(outcome, call.signal.aborted);
    sink.write({
      at,
      requestId: call.requestId,
      principal: call.principal.id,
      server: call.server,
      tool: call.tool.name,
      args: redactValue(call.args, maxArgBytes) as Record<string, unknown>,
      outcome: result,
      durationMs: Math.round((performance.now() - call.startedAt) * 1000) / 1000,
      // Last: on Node 20 a member added after a spread takes a slow path (docs/decisions/013).
      ...(errorCode === undefined ? {} : { errorCode }),
    });
    return outcome;
  };
}
