/** An error the database server reported for a statement: PostgreSQL's own message, SQLSTATE and position. */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly sqlState: string | undefined;
  /** 1-based character position in the statement text, when the server gave one. */
  readonly position: number | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;

  constructor(fields: { message: string; sqlState?: string; position?: number; detail?: string; hint?: string }) {
    super(fields.message);
    this.sqlState = fields.sqlState;
    this.position = fields.position;
    this.detail = fields.detail;
    this.hint = fields.hint;
  }
}

/** The database could not be reached or the session broke; the message is already free of secrets. */
export class ConnectionFailure extends Error {
  override readonly name = 'ConnectionFailure';
}

/** Reads the PostgreSQL error fields `pg` and PGlite attach to their errors. */
export function toServerError(error: unknown): ServerError | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & {
    code?: unknown;
    position?: unknown;
    detail?: unknown;
    hint?: unknown;
    severity?: unknown;
  };
  if (typeof fields.code !== 'string' || !/^[0-9A-Z]{5}$/.test(fields.code) || fields.severity === undefined)
    return undefined;
  const position = typeof fields.position === 'string' ? Number(fields.position) : fields.position;
  return new ServerError({
    message: error.message,
    sqlState: fields.code,
    ...(typeof position === 'number' && Number.isFinite(position) ? { position } : {}),
    ...(typeof fields.detail === 'string' ? { detail: fields.detail } : {}),
    ...(typeof fields.hint === 'string' ? { hint: fields.hint } : {}),
  });
}
