/** A result column as the server describes it. */
export interface ResultField {
  name: string;
  typeOid: number;
}

/** One statement's result. Values stay in PostgreSQL's text format (`null` for SQL NULL); callers convert them. */
export interface StatementResult {
  fields: ResultField[];
  rows: (string | null)[][];
  /** Rows affected or returned, as the command tag reports it. */
  rowCount: number | null;
}

/** One statement of a round trip. */
export interface Step {
  text: string;
  /**
   * `extended` (the default): one statement, parsed on its own, with
   * parameters. `simple`: the server's own fixed script, which may hold
   * several statements; user text goes there only when a test turns the
   * extended-protocol layer off.
   */
  protocol?: 'extended' | 'simple';
  params?: readonly unknown[];
  /** Keeps one of the server's own fixed statements prepared on the session, so it is planned once. */
  name?: string;
}

/** What one step produced: its results (a simple script yields one per statement), or its error. */
export type StepOutcome = { ok: true; results: StatementResult[] } | { ok: false; error: Error };

/** One server session, borrowed from a driver for the length of one call. */
export interface DriverSession {
  /** The server process serving this session, for cancellation and for telling it apart in `pg_stat_activity`. */
  readonly backendPid: number | undefined;
  /**
   * Sends every step at once, in one round trip (PostgreSQL's pipeline
   * mode), and answers each in order. Each step is still a message of its
   * own: an error fails that step, and in a transaction the ones after it.
   */
  send(steps: readonly Step[]): Promise<StepOutcome[]>;
  /**
   * Runs one statement over the extended protocol: the server refuses a
   * second statement in `text`. A `name` keeps the server's own fixed
   * statements prepared on the session, so they are planned once.
   */
  query(text: string, params?: readonly unknown[], options?: { name?: string }): Promise<StatementResult>;
  /**
   * Runs several statements over the simple protocol. Only the server's own
   * fixed statements go here (BEGIN, SET LOCAL, FETCH, ROLLBACK); user text
   * goes here only when a test turns the extended-protocol layer off.
   */
  script(text: string): Promise<StatementResult[]>;
  /** Returns the session for reuse, or closes it when `discard` is set. */
  release(discard: boolean): Promise<void>;
}

/** A database engine behind one named connection: a PostgreSQL pool or the PGlite sandbox. */
export interface Driver {
  readonly kind: 'postgres' | 'sandbox';
  /** Whether the engine enforces `statement_timeout` itself (PGlite cannot: the session layer stops it instead). */
  readonly enforcesStatementTimeout: boolean;
  /**
   * The `statement_timeout` every session of this engine starts with (with
   * `idle_in_transaction_session_timeout` set to match), so a call that keeps
   * it needs no `SET LOCAL`; `undefined` when sessions start without one.
   */
  readonly sessionStatementTimeoutMs: number | undefined;
  acquire(): Promise<DriverSession>;
  /** Stops what `session` is running, on the server side. */
  cancel(session: DriverSession): Promise<void>;
  /** Ends `pid`'s statement (or its whole session) on the server; returns whether the server found it. */
  signalBackend(pid: number, action: 'cancel' | 'terminate'): Promise<boolean>;
  /** Facts about the engine worth telling the model (e.g. that it is a sandbox). */
  describe(): string | undefined;
  close(): Promise<void>;
}
