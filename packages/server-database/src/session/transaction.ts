import type { ConnectionConfig } from '../connection-config.js';
import type { Driver, DriverSession, StatementResult, Step } from '../client/driver.js';
import { ConnectionFailure } from '../client/server-error.js';
import { resultsOrThrow } from '../client/steps.js';
import type { TypeNameCache } from '../results/type-names.js';
import { toToolError, type ErrorContext, type StopReason } from './errors.js';

/** A configured connection with its engine and per-connection caches. */
export interface ConnectionEntry {
  readonly config: ConnectionConfig;
  readonly driver: Driver;
  readonly typeNames: TypeNameCache;
  /** `schema.name` of volatile user functions reads may call anyway. */
  readonly allowedFunctions: ReadonlySet<string>;
}

/** How one call's transaction is opened and ended. */
export interface TransactionSpec {
  entry: ConnectionEntry;
  readOnly: boolean;
  timeoutMs: number;
  /** Set only for writes, where waiting on a lock should fail fast. */
  lockTimeoutMs?: number;
  /** `SET LOCAL ROLE` to this role for the transaction. */
  role?: string;
  end: 'rollback' | 'commit';
  /**
   * Whether to probe the session for leftovers before reusing it. The body
   * may lower it with `scope.skipProbe()` once it knows that only built-in
   * code can run (no user or extension function, view or policy).
   */
  probe: boolean;
  signal: AbortSignal;
  redact: (text: string) => string;
}

/**
 * What a transaction body gets. Steps go out pipelined: the first call
 * also carries `BEGIN` and the `SET LOCAL`s, `finish` also carries the end
 * of the transaction, so a simple read is one round trip.
 */
export interface TransactionScope {
  /** The session, for the server's own lookups after the transaction has ended. */
  session: DriverSession;
  /** Error positions from now on refer to this SQL (the caller's own), with `prefixLength` server-side prefix. */
  attribute: (source: ErrorContext['source']) => void;
  /** Runs steps in the transaction; returns each step's results, or throws the first error. */
  run: (steps: readonly Step[]) => Promise<StatementResult[][]>;
  /** Runs the last steps and ends the transaction in the same round trip. */
  finish: (steps: readonly Step[]) => Promise<StatementResult[][]>;
  /** Drops the leftover probe: the catalog check found that nothing but built-in code can run. */
  skipProbe: () => void;
}

/** Past statement_timeout, how long the server gets to cancel itself before the client cancels it. */
const serverGraceMs = 2_000;

// After the transaction ends, a session must hold nothing a later call could
// inherit: no advisory lock, LISTEN, SQL-level prepared statement, cursor,
// temporary table, or changed role. If it does, it is not reused. (Statements
// prepared over the protocol, like the server's own catalog lookup, are expected.)
const leftoverProbe = `SELECT (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory')
  + (SELECT count(*) FROM pg_listening_channels())
  + (SELECT count(*) FROM pg_prepared_statements WHERE from_sql)
  + (SELECT count(*) FROM pg_cursors)
  + (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema())
  + CASE WHEN current_user = session_user THEN 0 ELSE 1 END AS leftovers`;

/**
 * Runs `body` in one transaction on one session of the connection, the
 * single path every statement takes: `BEGIN [READ ONLY]`, `SET LOCAL`
 * timeouts and role, the body, then `ROLLBACK` (or `COMMIT`) and a probe
 * for leftovers; a session that saw anything odd is discarded. A client
 * cancel or an overrun cancels the statement on the server.
 */
export async function runTransaction<T>(
  spec: TransactionSpec,
  body: (scope: TransactionScope) => Promise<T>,
): Promise<T> {
  const transaction = new Transaction(spec);
  if (spec.signal.aborted) throw toToolError(undefined, { ...transaction.context(), stopped: 'client' });
  let session: DriverSession;
  try {
    session = await spec.entry.driver.acquire();
  } catch (error) {
    throw toToolError(error, transaction.context());
  }
  return transaction.drive(session, body);
}

/** The state of one transaction: begun, ended, stopped, and whether its session may be reused. */
class Transaction {
  private stopped: StopReason;
  private source: ErrorContext['source'];
  private begun = false;
  private ended = false;
  private discard = false;
  private probe: boolean;

  constructor(private readonly spec: TransactionSpec) {
    this.probe = spec.probe;
  }

  context(): ErrorContext {
    const { entry, timeoutMs, redact } = this.spec;
    return {
      connection: entry.config.name,
      sandbox: entry.driver.kind === 'sandbox',
      timeoutMs,
      stopped: this.stopped,
      redact,
      ...(this.source === undefined ? {} : { source: this.source }),
    };
  }

  async drive<T>(session: DriverSession, body: (scope: TransactionScope) => Promise<T>): Promise<T> {
    const { driver } = this.spec.entry;
    const stop = (reason: Exclude<StopReason, undefined>): void => {
      this.stopped ??= reason;
      void driver.cancel(session);
    };
    const onAbort = (): void => stop('client');
    this.spec.signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => stop('timeout'),
      this.spec.timeoutMs + (driver.enforcesStatementTimeout ? serverGraceMs : 0),
    );
    try {
      const result = await body({
        session,
        attribute: (next) => (this.source = next),
        run: (steps) => this.send(session, steps, undefined),
        finish: (steps) => this.send(session, steps, this.spec.end),
        skipProbe: () => (this.probe = false),
      });
      if (!this.ended) await this.send(session, [], this.spec.end);
      return result;
    } catch (error) {
      throw await this.fail(session, error);
    } finally {
      clearTimeout(timer);
      this.spec.signal.removeEventListener('abort', onAbort);
      await session.release(this.discard || this.stopped !== undefined).catch(() => undefined);
    }
  }

  /** Sends `steps`, preceded by BEGIN on the first call and followed by the end of the transaction when `end` is set. */
  private async send(
    session: DriverSession,
    steps: readonly Step[],
    end: 'rollback' | 'commit' | undefined,
  ): Promise<StatementResult[][]> {
    const begin: Step[] = this.begun ? [] : [{ text: beginScript(this.spec), protocol: 'simple' }];
    this.begun = true;
    if (end === undefined) return resultsOrThrow(await session.send([...begin, ...steps])).slice(begin.length);
    const closing = endScript(end, this.probe);
    const last = steps.at(-1);
    // The server's own closing statements ride on a last simple step when there is one: one message fewer.
    if (last?.protocol === 'simple') {
      const outcomes = await session.send([
        ...begin,
        ...steps.slice(0, -1),
        { text: `${last.text};\n${closing.text}`, protocol: 'simple' },
      ]);
      const merged = outcomes.at(-1);
      this.settle(merged?.ok === true ? merged.results.slice(-closing.count) : undefined);
      const split = outcomes.map((outcome, index) =>
        index === outcomes.length - 1 && outcome.ok
          ? { ok: true as const, results: outcome.results.slice(0, -closing.count) }
          : outcome,
      );
      return resultsOrThrow(split).slice(begin.length);
    }
    const outcomes = await session.send([...begin, ...steps, { text: closing.text, protocol: 'simple' }]);
    const final = outcomes.at(-1);
    this.settle(final?.ok === true ? final.results : undefined);
    return resultsOrThrow(outcomes.slice(0, -1)).slice(begin.length);
  }

  /** Reads the results of the closing statements (undefined when they failed): did the transaction end, did the probe find leftovers? */
  private settle(closing: readonly StatementResult[] | undefined): void {
    this.ended = closing !== undefined;
    if (this.probe) this.discard = closing?.at(-1)?.rows[0]?.[0] !== '0';
  }

  private async fail(session: DriverSession, error: unknown): Promise<Error> {
    const mapped = toToolError(error, this.context());
    this.source = undefined;
    // A broken session cannot roll back; anything else (including the server's own refusals) can.
    if (this.stopped !== undefined || error instanceof ConnectionFailure) this.discard = true;
    else if (!this.ended) await this.send(session, [], 'rollback').catch(() => (this.discard = true));
    return mapped;
  }
}

/** The statements that end a transaction, as one script, and how many results it yields. */
function endScript(how: 'rollback' | 'commit', probe: boolean): { text: string; count: number } {
  const finish = how === 'commit' ? 'COMMIT' : 'ROLLBACK';
  return probe ? { text: `${finish};\n${leftoverProbe}`, count: 2 } : { text: finish, count: 1 };
}

function beginScript(spec: TransactionSpec): string {
  const timeout = Math.max(1, Math.round(spec.timeoutMs));
  const lines = [spec.readOnly ? 'BEGIN READ ONLY' : 'BEGIN'];
  // Sessions of most engines start with the connection's timeout; only a lowered one needs setting.
  if (timeout !== spec.entry.driver.sessionStatementTimeoutMs)
    lines.push(
      `SET LOCAL statement_timeout = ${timeout}`,
      `SET LOCAL idle_in_transaction_session_timeout = ${timeout + 10_000}`,
    );
  if (spec.lockTimeoutMs !== undefined) lines.push(`SET LOCAL lock_timeout = ${Math.round(spec.lockTimeoutMs)}`);
  if (spec.role !== undefined) lines.push(`SET LOCAL ROLE ${quoteIdentifier(spec.role)}`);
  return `${lines.join(';\n')};`;
}

/** Quotes an identifier for SQL text, as `quote_ident` would. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
