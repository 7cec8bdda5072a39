import { type Controller, splitKey } from './controller.js';
import { ApiError } from '../api/errors.js';
import { type ObjectStore } from '../store/object-store.js';

/** How often a failed sync may be retried before the manager gives up on that key until the next change. */
const maxRetries = 5;

/**
 * Runs controllers like kube-controller-manager: store changes enqueue keys,
 * a deduplicating queue drains them off the request path, delayed work runs on
 * tracked timers that close() cancels.
 */
export class ControllerManager {
  private readonly queue = new Map<Controller, Set<string>>();
  private readonly retries = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private idleWaiters: (() => void)[] = [];

  constructor(
    store: ObjectStore,
    private readonly controllers: Controller[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.unsubscribe = store.subscribe((event) => {
      for (const controller of this.controllers)
        for (const key of controller.keysFor(event)) this.enqueue(controller, key);
    });
  }

  /** Queues a key for a controller. */
  enqueue(controller: Controller, key: string): void {
    if (this.stopped) return;
    const keys = this.queue.get(controller) ?? new Set<string>();
    keys.add(key);
    this.queue.set(controller, keys);
    this.schedule();
  }

  /** Runs `work` after `delayMs`, unless the manager stops first. */
  later(delayMs: number, work: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) this.guard(work);
      this.notifyIdle();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Resolves once the queue is empty and no delayed work is pending. */
  async idle(): Promise<void> {
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops every controller and cancels pending work. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.clear();
    this.notifyIdle(true);
  }

  private isIdle(): boolean {
    return this.queue.size === 0 && this.timers.size === 0 && !this.scheduled;
  }

  private notifyIdle(force = false): void {
    if (!force && !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    while (this.queue.size > 0 && !this.stopped) {
      const [controller, keys] = this.queue.entries().next().value as [Controller, Set<string>];
      this.queue.delete(controller);
      for (const key of keys) this.run(controller, key);
    }
    this.notifyIdle();
  }

  private run(controller: Controller, key: string): void {
    const [namespace, name] = splitKey(key);
    const retryKey = `${controller.name}:${key}`;
    try {
      controller.sync(namespace, name);
      this.retries.delete(retryKey);
    } catch (error) {
      const attempts = (this.retries.get(retryKey) ?? 0) + 1;
      this.retries.set(retryKey, attempts);
      const transient =
        error instanceof ApiError &&
        (error.reason === 'Conflict' || error.reason === 'NotFound' || error.reason === 'AlreadyExists');
      if (attempts <= maxRetries) this.later(transient ? 1 : 50, () => this.enqueue(controller, key));
      else if (!transient) this.onError(error);
    }
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.onError(error);
    }
  }
}
