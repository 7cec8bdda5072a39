import { ERROR_META_KEY } from '../errors.js';
import type { CallOutcome } from '../pipeline/call.js';
import type { AuditOutcome } from '../state/store.js';

/** What a call came to, and its error code if it failed, read off its result. */
export function outcomeOf(outcome: CallOutcome, cancelled: boolean): { outcome: AuditOutcome; errorCode?: string } {
  if (!('content' in outcome)) return { outcome: 'confirmation_required' };
  if (outcome.isError !== true) {
    const structured = outcome.structuredContent as { confirmation_required?: unknown } | undefined;
    return { outcome: structured?.confirmation_required === true ? 'confirmation_required' : 'ok' };
  }
  const meta = outcome._meta?.[ERROR_META_KEY] as { code?: unknown } | undefined;
  const errorCode = typeof meta?.code === 'string' ? meta.code : 'INTERNAL';
  if (errorCode === 'FORBIDDEN') return { outcome: 'denied', errorCode };
  if (errorCode === 'RATE_LIMITED') return { outcome: 'rate_limited', errorCode };
  if (cancelled) return { outcome: 'cancelled', errorCode };
  return { outcome: 'error', errorCode };
}
