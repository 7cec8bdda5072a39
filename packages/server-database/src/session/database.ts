import { ToolError, type Logger } from '@infra-mcp/core';
import * as z from 'zod';
import type { ConnectionConfig, DatabaseConfig, PostgresTarget } from '../connection-config.js';
import type { Driver, StatementResult } from '../client/driver.js';
import { createPgDriver } from '../client/pg-driver.js';
import { createPgliteDriver } from '../client/pglite-driver.js';
import { createRedactor } from '../client/redact.js';
import { TypeNameCache } from '../results/type-names.js';
import { convertValue } from '../results/values.js';
import { assertAccess } from './gate.js';
import {
  allReadLayers,
  runGuardedRead,
  type GuardedReadRequest,
  type GuardedScope,
  type ReadLayers,
} from './read-guard.js';
import { toToolError } from './errors.js';
import { runTransaction, type ConnectionEntry } from './transaction.js';
import { runWrite, type WriteOutcome, type WriteRequest } from './write-runner.js';

/** Runs the server's own catalog SQL in a read-only transaction and returns typed rows. */
export interface CatalogReader {
  rows<S extends z.ZodType>(sql: string, params: readonly unknown[], schema: S): Promise<z.infer<S>[]>;
}

/** Options for {@link Database}. */
export interface DatabaseOptions {
  config: DatabaseConfig;
  log: Logger;
  /** Builds the engine of a connection; tests may substitute one. */
  createDriver?: (connection: ConnectionConfig, context: { log: Logger; redact: (text: string) => string }) => Driver;
  /** Only tests turn layers off, to show each layer holds on its own. */
  readLayers?: ReadLayers;
}

/**
 * The session layer every tool goes through: named connections, the gate
 * that enforces each connection's mode, and the transaction paths for
 * reads (user SQL under every read-only layer, or the server's own catalog
 * SQL), writes and signals.
 */
export class Database {
  readonly defaultConnection: string;
  readonly redact: (text: string) => string;
  private readonly entries: Map<string, ConnectionEntry>;
  private readonly layers: ReadLayers;

  constructor(options: DatabaseOptions) {
    const secrets = options.config.connections.flatMap((connection) =>
      connection.target.kind === 'postgres' && connection.target.password !== undefined
        ? [connection.target.password]
        : [],
    );
    this.redact = createRedactor(secrets);
    this.layers = options.readLayers ?? allReadLayers;
    this.defaultConnection = options.config.defaultConnection;
    const create = options.createDriver ?? defaultDriver;
    this.entries = new Map(
      options.config.connections.map((connection) => [
        connection.name,
        {
          config: connection,
          driver: create(connection, { log: options.log.child({ connection: connection.name }), redact: this.redact }),
          typeNames: new TypeNameCache(),
          allowedFunctions: new Set(connection.allowFunctions),
        },
      ]),
    );
  }

  /** The configured connections, default first. */
  connections(): ConnectionConfig[] {
    const all = [...this.entries.values()].map((entry) => entry.config);
    return [
      ...all.filter((c) => c.name === this.defaultConnection),
      ...all.filter((c) => c.name !== this.defaultConnection),
    ];
  }

  /** The connection called `name` (the default when omitted); an unknown name is an error naming those that exist. */
  entry(name: string | undefined): ConnectionEntry {
    const entry = this.entries.get(name ?? this.defaultConnection);
    if (entry !== undefined) return entry;
    const known = this.connections()
      .map((c) => `${c.name} (${c.mode})`)
      .join(', ');
    throw new ToolError('NOT_FOUND', `There is no connection named ${name ?? ''}. Connections: ${known}.`, {
      hint: 'Pass one of these as connection, or omit it for the default.',
    });
  }

  /** A statement timeout for a call: the connection's, lowered (never raised) by the caller. */
  timeoutFor(entry: ConnectionEntry, requestedMs: number | undefined): number {
    return Math.min(entry.config.statementTimeoutMs, requestedMs ?? Number.POSITIVE_INFINITY);
  }

  /** Runs user SQL under the full read-only guarantee. */
  guardedRead<T>(
    entry: ConnectionEntry,
    request: GuardedReadRequest,
    body: (scope: GuardedScope) => Promise<T>,
  ): Promise<T> {
    assertAccess(entry.config, 'read');
    return runGuardedRead(entry, request, { layers: this.layers, redact: this.redact }, body);
  }

  /** Runs the server's own SQL (catalog, statistics) in a read-only transaction, without the user-SQL check. */
  readCatalog<T>(
    entry: ConnectionEntry,
    options: { signal: AbortSignal; timeoutMs?: number },
    work: (reader: CatalogReader) => Promise<T>,
  ): Promise<T> {
    assertAccess(entry.config, 'read');
    return runTransaction(
      {
        entry,
        readOnly: true,
        timeoutMs: this.timeoutFor(entry, options.timeoutMs),
        end: 'rollback',
        // The server's own catalog SQL calls nothing that could leave state behind.
        probe: false,
        signal: options.signal,
        redact: this.redact,
      },
      async ({ run }) =>
        work({
          rows: async (sql, params, schema) => {
            const [results] = await run([{ text: sql, params }]);
            const result = results?.[0] ?? { fields: [], rows: [], rowCount: null };
            return result.rows.map((row) => schema.parse(rowObject(result, row)));
          },
        }),
    );
  }

  /** Refuses signalling other sessions where it cannot happen: outside full mode, or in the single-session sandbox. */
  checkSignal(entry: ConnectionEntry): void {
    assertAccess(entry.config, 'signal');
    if (entry.driver.kind === 'sandbox')
      throw new ToolError(
        'INVALID_INPUT',
        `Connection ${entry.config.name} is the sandbox: PGlite runs a single session, so there is no other to cancel.`,
      );
  }

  /** Runs a write (or its dry run) on a connection whose mode allows it. */
  write(entry: ConnectionEntry, request: WriteRequest): Promise<WriteOutcome> {
    return runWrite(entry, request, this.redact);
  }

  /**
   * Cancels the statement of, or terminates, another client session; only on
   * full connections. Returns the session as it was, and whether the server
   * delivered the signal.
   */
  async signalBackend(
    entry: ConnectionEntry,
    request: { pid: number; action: 'cancel' | 'terminate'; signal: AbortSignal },
  ): Promise<{ session: Record<string, unknown>; signalled: boolean }> {
    this.checkSignal(entry);
    const [target] = await this.readCatalog(entry, { signal: request.signal }, (reader) =>
      reader.rows(
        `SELECT pid, usename AS "user", application_name AS application, state, backend_type, left(query, 300) AS query
         FROM pg_stat_activity WHERE pid = $1`,
        [request.pid],
        sessionRow,
      ),
    );
    if (target === undefined)
      throw new ToolError('NOT_FOUND', `No session with pid ${request.pid} on connection ${entry.config.name}.`, {
        hint: 'List sessions with active_queries.',
      });
    const { backend_type: backendType, ...session } = target;
    if (backendType !== 'client backend')
      throw new ToolError(
        'FORBIDDEN',
        `pid ${request.pid} is a ${backendType ?? 'server'} process, not a client session.`,
      );
    const signalled = await entry.driver.signalBackend(request.pid, request.action).catch((error: unknown) => {
      throw toToolError(error, {
        connection: entry.config.name,
        sandbox: false,
        timeoutMs: 0,
        stopped: undefined,
        redact: this.redact,
      });
    });
    return { session, signalled };
  }

  /** Closes every pool and stops the sandbox engine. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].map((entry) => entry.driver.close()));
  }
}

const sessionRow = z.object({
  pid: z.number(),
  user: z.string().nullable(),
  application: z.string().nullable(),
  state: z.string().nullable(),
  backend_type: z.string().nullable(),
  query: z.string().nullable(),
});

function rowObject(result: StatementResult, row: (string | null)[]): Record<string, unknown> {
  return Object.fromEntries(
    result.fields.map((field, index) => [field.name, convertValue(row[index] ?? null, field.typeOid)]),
  );
}

function defaultDriver(
  connection: ConnectionConfig,
  context: { log: Logger; redact: (text: string) => string },
): Driver {
  const target = connection.target;
  if (target.kind === 'sandbox') return createPgliteDriver({ dataDir: target.dataDir, log: context.log });
  return createPgDriver({ connection: { ...connection, target: target satisfies PostgresTarget }, ...context });
}
