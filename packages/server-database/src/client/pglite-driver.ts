import type { Logger } from '@infra-mcp/core';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Driver, DriverSession, Step, StepOutcome } from './driver.js';
import { PgliteEngine } from './pglite-engine.js';
import { acquireSandboxLock, type SandboxLock } from './sandbox-lock.js';
import { sandboxSeedSql } from './sandbox-seed.js';
import { ConnectionFailure } from './server-error.js';
import { resultsOrThrow, sessionConveniences } from './steps.js';

/** Options for {@link createPgliteDriver}. */
export interface PgliteDriverOptions {
  /** Where the sandbox keeps its files; `undefined` keeps it in memory. */
  dataDir: string | undefined;
  log: Logger;
}

/**
 * The sandbox: PGlite (PostgreSQL compiled to WebAssembly) in a child
 * process, started on first use. A child because PGlite blocks the event
 * loop while it works, and because stopping the child is the only way to
 * stop a runaway statement: PGlite cannot enforce `statement_timeout`.
 */
export function createPgliteDriver(options: PgliteDriverOptions): Driver {
  return new PgliteDriver(options);
}

class PgliteDriver implements Driver {
  readonly kind = 'sandbox';
  readonly enforcesStatementTimeout = false;
  readonly sessionStatementTimeoutMs = undefined;
  /** The running engine, and when it is ready (opened and seeded). */
  private current: { engine: PgliteEngine; ready: Promise<void> } | undefined;
  private lock: SandboxLock | undefined;
  private inMemoryBecause: string | undefined;
  // PGlite has one session: calls take turns.
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly options: PgliteDriverOptions) {
    if (options.dataDir === undefined) this.inMemoryBecause = 'configured in memory';
  }

  async acquire(): Promise<DriverSession> {
    let unlock!: () => void;
    const previous = this.turn;
    this.turn = new Promise<void>((resolve) => (unlock = resolve));
    await previous;
    try {
      this.current ??= this.start();
      const { engine, ready } = this.current;
      await ready;
      return sandboxSession(engine, unlock);
    } catch (error) {
      unlock();
      this.current?.engine.stop();
      throw error instanceof Error ? error : new ConnectionFailure(String(error));
    }
  }

  async cancel(): Promise<void> {
    this.current?.engine.stop();
  }

  async signalBackend(): Promise<boolean> {
    return false;
  }

  describe(): string {
    const memory =
      this.inMemoryBecause === undefined ? '' : `, in memory (${this.inMemoryBecause}): changes are lost on exit`;
    return `sandbox: PGlite (PostgreSQL in WebAssembly) with the sample schema shop${memory}; one session, and a statement past its timeout stops the engine (PGlite cannot cancel it)`;
  }

  async close(): Promise<void> {
    await this.current?.engine.close();
    this.lock?.release();
  }

  private start(): { engine: PgliteEngine; ready: Promise<void> } {
    const directory = this.storageDirectory();
    const engine = new PgliteEngine(directory, this.options.log);
    engine.onExit(() => {
      if (this.current?.engine === engine) this.current = undefined;
    });
    return { engine, ready: engine.ready.then(() => this.seedIfNew(engine, directory)) };
  }

  /** The data directory to open, or '' for memory when there is none or another process holds it. */
  private storageDirectory(): string {
    const dataDir = this.options.dataDir;
    if (dataDir === undefined || this.inMemoryBecause !== undefined) return '';
    if (this.lock === undefined) {
      const taken = acquireSandboxLock(join(dataDir, 'lock'));
      if ('heldBy' in taken) {
        this.inMemoryBecause = `its files are in use by infra-mcp process ${taken.heldBy}`;
        this.options.log.warn('sandbox data directory is locked; using an in-memory sandbox', { pid: taken.heldBy });
        return '';
      }
      this.lock = taken;
    }
    mkdirSync(dataDir, { recursive: true });
    return join(dataDir, 'pgdata');
  }

  private async seedIfNew(engine: PgliteEngine, directory: string): Promise<void> {
    const marker =
      directory === '' || this.options.dataDir === undefined ? undefined : join(this.options.dataDir, 'seeded');
    if (marker !== undefined && existsSync(marker)) return;
    resultsOrThrow(await engine.request('send', [{ text: sandboxSeedSql, protocol: 'simple' }]));
    if (marker !== undefined) writeFileSync(marker, `${new Date().toISOString()}\n`);
    this.options.log.info('sandbox database seeded with the sample schema shop');
  }
}

function sandboxSession(engine: PgliteEngine, unlock: () => void): DriverSession {
  let released = false;
  const send = (steps: readonly Step[]): Promise<StepOutcome[]> => engine.request('send', steps);
  return {
    backendPid: engine.pid,
    send,
    ...sessionConveniences(send),
    release: async (discard) => {
      if (released) return;
      released = true;
      try {
        // PGlite has one session, so it cannot be swapped for a fresh one: reset it instead.
        if (discard && engine.running)
          resultsOrThrow(
            await send([
              { text: 'ROLLBACK', protocol: 'simple' },
              { text: 'DISCARD ALL', protocol: 'simple' },
            ]),
          );
      } catch {
        engine.stop();
      } finally {
        unlock();
      }
    },
  };
}
