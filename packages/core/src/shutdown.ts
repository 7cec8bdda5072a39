import type { Logger } from './log.js';

/** A cleanup step run on SIGINT/SIGTERM (or when the caller shuts down). */
export type ShutdownStep = () => Promise<void>;

/** Options for {@link installShutdown}. */
export interface ShutdownOptions {
  log: Logger;
  /** How long cleanup may take before the process exits anyway. */
  graceMs?: number;
}

/** Runs registered cleanup steps once, in reverse order of registration, then exits. */
export interface Shutdown {
  add(step: ShutdownStep): void;
  run(reason: string, exitCode?: number): Promise<void>;
}

/** Installs SIGINT/SIGTERM handlers that run cleanup steps within a grace period, then exit. */
export function installShutdown({ log, graceMs = 5000 }: ShutdownOptions): Shutdown {
  const steps: ShutdownStep[] = [];
  let running: Promise<void> | undefined;
  const run = (reason: string, exitCode = 0): Promise<void> => {
    running ??= (async () => {
      log.info('shutting down', { reason });
      const timer = setTimeout(() => {
        log.warn('shutdown grace period over; exiting', { graceMs });
        process.exit(exitCode);
      }, graceMs);
      timer.unref();
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log.warn('cleanup step failed', { error });
        }
      }
      clearTimeout(timer);
      process.exit(exitCode);
    })();
    return running;
  };
  process.once('SIGINT', () => void run('SIGINT'));
  process.once('SIGTERM', () => void run('SIGTERM'));
  return { add: (step) => steps.push(step), run };
}
