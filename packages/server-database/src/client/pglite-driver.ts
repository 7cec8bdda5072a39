import type { Logger } from '@infra-mcp/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { Driver, DriverSession, Step, StepOutcome } from './driver.js';
import { resultsOrThrow, sessionConveniences } from './steps.js';
import { pgliteHostSource } from './pglite-host-source.js';
import { acquireSandboxLock, type SandboxLock } from './sandbox-lock.js';
import { sandboxSeedSql } from './sandbox-seed.js';
import { ConnectionFailure, ServerError } from './server-error.js';

const resultSchema = z.object({
  fields: z.array(z.object({ name: z.string(), typeOid: z.number() })),
  rows: z.array(z.array(z.string().nullable())),
  rowCount: z.number().nullable(),
});

const errorSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  position: z.union([z.string(), z.number()]).optional(),
  detail: z.string().optional(),
  hint: z.string().optional(),
});

const replySchema = z.union([
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({
    id: z.number(),
    outcomes: z.array(
      z.union([
        z.object({ ok: z.literal(true), results: z.array(resultSchema) }),
        z.object({ ok: z.literal(false), error: errorSchema }),
      ]),
    ),
  }),
]);

/** Options for {@link createPgliteDriver}. */
export interface PgliteDriverOptions {
  /** Where the sandbox keeps its files; `undefined` keeps it in memory. */
  dataDir: string | undefined;
  log: Logger;
}

interface Engine {
  child: ChildProcess;
  ready: Promise<void>;
  pending: Map<number, { resolve: (outcomes: StepOutcome[]) => void; reject: (error: Error) => void }>;
}

/**
 * The sandbox: PGlite (PostgreSQL compiled to WebAssembly) in a child
 * process, started on first use. A child because PGlite blocks the event
 * loop while it works, and because stopping the child is the only way to
 * stop a runaway statement: PGlite cannot enforce `statement_timeout`.
 */
export function createPgliteDriver({ dataDir, log }: PgliteDriverOptions): Driver {
  let engine: Engine | undefined;
  let lock: SandboxLock | undefined;
  let inMemoryBecause: string | undefined = dataDir === undefined ? 'configured in memory' : undefined;
  let nextId = 1;
  let turn: Promise<void> = Promise.resolve();

  const start = (): Engine => {
    const directory = storageDirectory();
    const started = spawnEngine(directory, log);
    started.ready = started.ready.then(() => seedIfNew(started, directory));
    started.child.once('exit', () => {
      if (engine === started) engine = undefined;
    });
    return started;
  };

  const storageDirectory = (): string => {
    if (dataDir === undefined || inMemoryBecause !== undefined) return '';
    if (lock === undefined) {
      const taken = acquireSandboxLock(join(dataDir, 'lock'));
      if ('heldBy' in taken) {
        inMemoryBecause = `its files are in use by infra-mcp process ${taken.heldBy}`;
        log.warn('sandbox data directory is locked; using an in-memory sandbox', { pid: taken.heldBy });
        return '';
      }
      lock = taken;
    }
    mkdirSync(dataDir, { recursive: true });
    return join(dataDir, 'pgdata');
  };

  const seedIfNew = async (started: Engine, directory: string): Promise<void> => {
    const marker = directory === '' ? undefined : join(dataDir!, 'seeded');
    if (marker !== undefined && existsSync(marker)) return;
    resultsOrThrow(await request(started, 'send', [{ text: sandboxSeedSql, protocol: 'simple' }]));
    if (marker !== undefined) writeFileSync(marker, `${new Date().toISOString()}\n`);
    log.info('sandbox database seeded with the sample schema shop');
  };

  const request = (target: Engine, op: 'send' | 'close', steps: readonly Step[] = []) =>
    new Promise<StepOutcome[]>((resolve, reject) => {
      const id = nextId++;
      target.pending.set(id, { resolve, reject });
      const wire = steps.map((step) => ({ ...step, params: (step.params ?? []).map(serializeParam) }));
      target.child.send({ id, op, steps: wire }, (error) => {
        if (error === null) return;
        target.pending.delete(id);
        reject(new ConnectionFailure(`the sandbox engine is not running: ${error.message}`));
      });
    });

  const stop = (target: Engine): void => {
    target.child.kill('SIGKILL');
    for (const { reject } of target.pending.values())
      reject(new ConnectionFailure('the sandbox engine was stopped while a statement ran'));
    target.pending.clear();
    if (engine === target) engine = undefined;
  };

  return {
    kind: 'sandbox',
    enforcesStatementTimeout: false,
    sessionStatementTimeoutMs: undefined,
    acquire: async () => {
      let unlock!: () => void;
      const previous = turn;
      turn = new Promise<void>((resolve) => (unlock = resolve));
      await previous;
      try {
        engine ??= start();
        const current = engine;
        await current.ready;
        return sandboxSession(current, request, stop, unlock);
      } catch (error) {
        unlock();
        if (engine !== undefined) stop(engine);
        throw error instanceof Error ? error : new ConnectionFailure(String(error));
      }
    },
    cancel: async () => {
      if (engine !== undefined) stop(engine);
    },
    signalBackend: async () => false,
    describe: () =>
      `sandbox: PGlite (PostgreSQL in WebAssembly) with the sample schema shop${
        inMemoryBecause === undefined ? '' : `, in memory (${inMemoryBecause}): changes are lost on exit`
      }`,
    close: async () => {
      const current = engine;
      if (current !== undefined) {
        await Promise.race([
          request(current, 'close').catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 3_000).unref()),
        ]);
        stop(current);
      }
      lock?.release();
    },
  };
}

function sandboxSession(
  engine: Engine,
  request: (target: Engine, op: 'send', steps: readonly Step[]) => Promise<StepOutcome[]>,
  stop: (target: Engine) => void,
  unlock: () => void,
): DriverSession {
  let released = false;
  const send = (steps: readonly Step[]): Promise<StepOutcome[]> => request(engine, 'send', steps);
  return {
    backendPid: engine.child.pid,
    send,
    ...sessionConveniences(send),
    release: async (discard) => {
      if (released) return;
      released = true;
      try {
        // PGlite has one session, so it cannot be swapped for a fresh one: reset it instead.
        if (discard && engine.child.exitCode === null)
          resultsOrThrow(await send([{ text: 'DISCARD ALL', protocol: 'simple' }]));
      } catch {
        stop(engine);
      } finally {
        unlock();
      }
    },
  };
}

function spawnEngine(directory: string, log: Logger): Engine {
  const moduleUrl = import.meta.resolve('@electric-sql/pglite');
  const child = spawn(process.execPath, ['--input-type=module', '-e', pgliteHostSource, moduleUrl, directory], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stderr?.on('data', (chunk: Buffer) => log.debug('sandbox engine', { stderr: chunk.toString().trim() }));
  const pending: Engine['pending'] = new Map();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      reject(new ConnectionFailure(`the sandbox engine exited (${signal ?? `code ${code}`}) before it was ready`));
      for (const { reject: fail } of pending.values()) fail(new ConnectionFailure('the sandbox engine exited'));
      pending.clear();
    });
    child.on('message', (raw) => {
      const message = replySchema.safeParse(raw);
      if (!message.success) return log.warn('sandbox engine sent an unexpected message');
      const reply = message.data;
      if ('type' in reply) {
        if (reply.type === 'ready') resolve();
        else reject(new ConnectionFailure(`the sandbox engine failed to start: ${reply.message}`));
        return;
      }
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      waiter?.resolve(
        reply.outcomes.map((outcome) => (outcome.ok ? outcome : { ok: false, error: toError(outcome.error) })),
      );
    });
  });
  ready.catch(() => undefined);
  return { child, ready, pending };
}

function toError(error: {
  message: string;
  code?: string | undefined;
  position?: string | number | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
}): Error {
  if (error.code === undefined) return new ConnectionFailure(`sandbox: ${error.message}`);
  const position = error.position === undefined ? undefined : Number(error.position);
  return new ServerError({
    message: error.message,
    sqlState: error.code,
    ...(position !== undefined && Number.isFinite(position) ? { position } : {}),
    ...(error.detail === undefined ? {} : { detail: error.detail }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  });
}

/** Parameters cross the process boundary as text (or null), as they would over the wire. */
function serializeParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
