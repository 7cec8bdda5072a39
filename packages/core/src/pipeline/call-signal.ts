/**
 * The signal a handler gets: aborted when the client cancels (`parent`) or
 * when `timeoutMs` have passed since the call began. Unlike
 * `AbortSignal.any([parent, AbortSignal.timeout(ms)])`, its timer is cleared
 * when the call ends, so a busy server does not keep one live timer and signal
 * per call for the whole timeout (thousands a second, held for two minutes).
 *
 * The signal is made when a handler first looks at it: many calls end without
 * doing so, and an AbortController, its listener and its timer cost a trivial
 * call about a tenth of its instructions on Node 20. The deadline still counts
 * from the call's start, and a handler that looks after a cancel or past the
 * deadline gets a signal already aborted.
 */
export class CallSignal {
  readonly #parent: AbortSignal;
  readonly #deadline: number;
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #onAbort: (() => void) | undefined;
  #released = false;

  constructor(parent: AbortSignal, timeoutMs: number) {
    this.#parent = parent;
    this.#deadline = performance.now() + timeoutMs;
  }

  get signal(): AbortSignal {
    return (this.#controller ??= this.#follow()).signal;
  }

  /** Clears the timer and the listener, if the signal was made; call it when the call ends, however it ends. */
  release(): void {
    this.#released = true;
    if (this.#controller === undefined) return;
    clearTimeout(this.#timer);
    if (this.#onAbort !== undefined) this.#parent.removeEventListener('abort', this.#onAbort);
  }

  #follow(): AbortController {
    const controller = new AbortController();
    // Looked at only after the call ended (work the handler left running): as before, it no longer follows anything.
    if (this.#released) return controller;
    const parent = this.#parent;
    if (parent.aborted) {
      controller.abort(parent.reason);
      return controller;
    }
    const timeout = (): void => controller.abort(new DOMException('The call timed out.', 'TimeoutError'));
    const left = this.#deadline - performance.now();
    if (left <= 0) {
      timeout();
      return controller;
    }
    this.#onAbort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', this.#onAbort, { once: true });
    this.#timer = setTimeout(timeout, left);
    this.#timer.unref();
    return controller;
  }
}
