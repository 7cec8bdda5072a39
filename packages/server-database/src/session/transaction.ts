import type { ConnectionConfig } from '../connection-config.js';
import type { Driver, DriverSession } from '../client/driver.js';
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
  signal: AbortSignal;
  redact: (text: string) => string;
}

/** What a transaction body gets: the session, and a way to say whose SQL the next error positions refer to. */
export interface TransactionScope {
  session: DriverSession;
  /** Error positions from now on refer to this SQL (the caller's own), with `prefixLength` server-side prefix. */
  attribute(source: ErrorContext['source']): void;
}

/** Past statement_timeout, how long the server gets to cancel itself before the client cancels it. */
const serverGraceMs = 2_000;

// After the transaction ends, a session must hold nothing a later call could
// inherit: no advisory lock, LISTEN, prepared statement, cursor, temporary
// table, or changed role. If it does, it is not reused.
const leftoverProbe = `SELECT (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory')
  + (SELECT count(*) FROM pg_listening_channels())
  + (SELECT count(*) FROM pg_prepared_statements)
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
  const { driver, config } = spec.entry;
  let stopped: StopReason;
  let source: ErrorContext['source'];
  const context = (): ErrorContext => ({
    connection: config.name,
    sandbox: driver.kind === 'sandbox',
    timeoutMs: spec.timeoutMs,
    stopped,
    redact: spec.redact,
    ...(source === undefined ? {} : { source }),
  });
  if (spec.signal.aborted) throw toToolError(undefined, { ...context(), stopped: 'client' });
  let session: DriverSession;
  try {
    session = await driver.acquire();
  } catch (error) {
    throw toToolError(error, context());
  }
  const stop = (reason: Exclude<StopReason, undefined>): void => {
    stopped ??= reason;
    void driver.cancel(session);
  };
  const onAbort = (): void => stop('client');
  spec.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => stop('timeout'),
    spec.timeoutMs + (driver.enforcesStatementTimeout ? serverGraceMs : 0),
  );
  let discard = false;
  try {
    await session.script(beginScript(spec));
    const result = await body({ session, attribute: (next) => (source = next) });
    discard = await finish(session, spec.end);
    return result;
  } catch (error) {
    const mapped = toToolError(error, context());
    source = undefined;
    discard =
      stopped !== undefined ||
      mapped.code === 'UPSTREAM_UNAVAILABLE' ||
      (await finish(session, 'rollback').catch(() => true));
    throw mapped;
  } finally {
    clearTimeout(timer);
    spec.signal.removeEventListener('abort', onAbort);
    await session.release(discard || stopped !== undefined).catch(() => undefined);
  }
}

/** Ends the transaction and returns whether the session must be discarded. */
async function finish(session: DriverSession, end: 'rollback' | 'commit'): Promise<boolean> {
  const results = await session.script(`${end === 'commit' ? 'COMMIT' : 'ROLLBACK'};\n${leftoverProbe}`);
  const leftovers = results.at(-1)?.rows[0]?.[0];
  return leftovers !== '0';
}

function beginScript(spec: TransactionSpec): string {
  const timeout = Math.max(1, Math.round(spec.timeoutMs));
  const lines = [
    spec.readOnly ? 'BEGIN READ ONLY' : 'BEGIN',
    `SET LOCAL statement_timeout = ${timeout}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${timeout + 10_000}`,
  ];
  if (spec.lockTimeoutMs !== undefined) lines.push(`SET LOCAL lock_timeout = ${Math.round(spec.lockTimeoutMs)}`);
  if (spec.role !== undefined) lines.push(`SET LOCAL ROLE ${quoteIdentifier(spec.role)}`);
  return `${lines.join(';\n')};`;
}

/** Quotes an identifier for SQL text, as `quote_ident` would. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
