/** An abort signal for one call, and the function that releases it when the call ends. */
export interface CallSignal {
  readonly signal: AbortSignal;
  /** Clears the timer and the listener; call it when the call ends, however it ends. */
  readonly release: () => void;
}

/**
 * The signal a handler gets: aborted when the client cancels (`parent`) or
 * when `timeoutMs` pass. Unlike `AbortSignal.any([parent,
 * AbortSignal.timeout(ms)])`, its timer is cleared when the call ends, so a
 * busy server does not keep one live timer and signal per call for the whole
 * timeout (thousands a second, held for two minutes).
 */
export function callSignal(parent: AbortSignal, timeoutMs: number): CallSignal {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('The call timed out.', 'TimeoutError')), timeoutMs);
  timer.unref();
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
