import type { Logger } from '@infra-mcp/core';
import { spawn, type ChildProcess } from 'node:child_process';
import * as z from 'zod';
import type { Step, StepOutcome } from './driver.js';
import { pgliteHostSource } from './pglite-host-source.js';
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

type Waiter = { resolve: (outcomes: StepOutcome[]) => void; reject: (error: Error) => void };

/** One PGlite child process (see {@link pgliteHostSource}) and the requests in flight to it. */
export class PgliteEngine {
  /** Settles when PGlite has opened its database (or failed to). */
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Waiter>();
  private nextId = 1;

  /** Starts the child on `directory` (empty for memory). */
  constructor(directory: string, log: Logger) {
    const moduleUrl = import.meta.resolve('@electric-sql/pglite');
    this.child = spawn(process.execPath, ['--input-type=module', '-e', pgliteHostSource, moduleUrl, directory], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => log.debug('sandbox engine', { stderr: chunk.toString().trim() }));
    this.ready = new Promise<void>((resolve, reject) => {
      this.child.once('exit', (code, signal) => {
        reject(new ConnectionFailure(`the sandbox engine exited (${signal ?? `code ${code}`}) before it was ready`));
        this.failPending('the sandbox engine exited');
      });
      this.child.on('message', (raw) => this.receive(raw, log, { resolve, reject }));
    });
    this.ready.catch(() => undefined);
  }

  /** The child's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the child still runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Calls `listener` once the child has exited, for whatever reason. */
  onExit(listener: () => void): void {
    this.child.once('exit', listener);
  }

  /** Sends steps (or `close`) and resolves with the child's answer. */
  request(op: 'send' | 'close', steps: readonly Step[] = []): Promise<StepOutcome[]> {
    return new Promise<StepOutcome[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const wire = steps.map((step) => ({ ...step, params: (step.params ?? []).map(serializeParam) }));
      this.child.send({ id, op, steps: wire }, (error) => {
        if (error === null) return;
        this.pending.delete(id);
        reject(new ConnectionFailure(`the sandbox engine is not running: ${error.message}`));
      });
    });
  }

  /** Kills the child at once; whatever it was running fails. */
  stop(): void {
    this.child.kill('SIGKILL');
    this.failPending('the sandbox engine was stopped while a statement ran');
  }

  /** Asks PGlite to close its files, waiting at most three seconds, then stops the child. */
  async close(): Promise<void> {
    await Promise.race([
      this.request('close').catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 3_000).unref()),
    ]);
    this.stop();
  }

  private receive(raw: unknown, log: Logger, startup: { resolve: () => void; reject: (error: Error) => void }): void {
    const message = replySchema.safeParse(raw);
    if (!message.success) return log.warn('sandbox engine sent an unexpected message');
    const reply = message.data;
    if ('type' in reply) {
      if (reply.type === 'ready') startup.resolve();
      else startup.reject(new ConnectionFailure(`the sandbox engine failed to start: ${reply.message}`));
      return;
    }
    const waiter = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    waiter?.resolve(
      reply.outcomes.map((outcome) => (outcome.ok ? outcome : { ok: false, error: toError(outcome.error) })),
    );
  }

  private failPending(reason: string): void {
    for (const { reject } of this.pending.values()) reject(new ConnectionFailure(reason));
    this.pending.clear();
  }
}

function toError(error: z.infer<typeof errorSchema>): Error {
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
