/**
 * The persisted context store: one interface, two backends (embedded SQLite,
 * PostgreSQL), one contract test suite. Every method is one atomic
 * operation; a resolved write is durable (no acknowledged write is lost on a
 * crash), and concurrent writers from several processes lose nothing.
 */
export interface StateStore {
  /** `sqlite` or `postgres`, for logs and `/readyz`. */
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data lives, safe to log: the database file, or the PostgreSQL URL without its password. */
  readonly location: string;

  // Notes: saved by the assistant or the user, recalled across sessions.
  /**
   * Creates or replaces a note; returns it as stored. Throws `INVALID_INPUT`
   * for a bad key, value, tags or TTL, and `CONFLICT` when the owner already
   * keeps the most notes allowed (see `noteLimits`).
   */
  putNote(note: NoteInput): Promise<Note>;
  /** A live note, or `undefined` when there is none (or it expired). */
  getNote(ref: NoteRef): Promise<Note | undefined>;
  /** Live notes in key order. */
  listNotes(query: NoteQuery): Promise<Page<Note>>;
  /** Returns whether a note was deleted. */
  deleteNote(ref: NoteRef): Promise<boolean>;

  // History of every mutating call: what rollbacks and "what changed?" read.
  appendHistory(entry: HistoryInput): Promise<HistoryEntry>;
  /** History entries, newest first. */
  listHistory(query: HistoryQuery): Promise<Page<HistoryEntry>>;

  // Server-minted handles: plans, cursors, confirmation tokens (any replica can redeem them).
  /** Stores `payload` under a new unguessable id that expires after `ttlMs`. */
  createHandle(input: HandleInput): Promise<Handle>;
  /**
   * Reads a live handle of `kind`. With `consume`, the read also deletes it,
   * atomically: of two concurrent redeemers exactly one gets the payload.
   */
  redeemHandle(id: string, kind: string, options?: { consume?: boolean; owner?: string }): Promise<Handle | undefined>;

  // Rate limits: token buckets shared by every replica.
  /** Takes `cost` tokens from the bucket `key` if it has them; refills continuously. */
  takeTokens(key: string, bucket: BucketSpec, cost?: number): Promise<TokenDecision>;

  // Audit: one record per tools/call, allowed or not.
  /** Stores audit records in one atomic write (the audit sink batches them off the hot path). */
  appendAudit(records: readonly AuditInput[]): Promise<void>;
  /** Audit records, newest first. */
  listAudit(query: AuditQuery): Promise<Page<AuditRecord>>;

  /**
   * Deletes expired notes and handles, full idle buckets, and audit records
   * and history older than the store's retention; returns how many rows went.
   * `openStateStore` runs it periodically.
   */
  sweep(now?: Date): Promise<number>;
  /** Resolves when the store answers; rejects when it cannot be reached (`/readyz`). */
  ping(): Promise<void>;
  /** Waits for running operations and releases the database. */
  close(): Promise<void>;
}

/** A page of results and the cursor to the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Identifies a note: notes are namespaced by server and owned by a principal, never by a transport session. */
export interface NoteRef {
  namespace: string;
  owner: string;
  key: string;
}

export interface NoteInput extends NoteRef {
  value: string;
  tags?: string[];
  /** Time to live; the note disappears after it. */
  ttlMs?: number;
}

export interface Note extends NoteRef {
  value: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  expiresAt?: Date;
}

export interface NoteQuery {
  namespace: string;
  owner: string;
  /** Only keys that start with this. */
  prefix?: string;
  /** Only notes carrying this tag. */
  tag?: string;
  /** Page size, 1-1000. */
  limit: number;
  cursor?: string;
}

export interface HistoryInput {
  server: string;
  tool: string;
  principal: string;
  requestId: string;
  /** Arguments with secrets redacted. */
  args: Record<string, unknown>;
  outcome: 'ok' | 'error';
  /** What happened, e.g. `applied deployment web (3 replicas)`. */
  summary: string;
  /** Anything a later rollback needs (previous revision, old content hash). */
  data?: Record<string, unknown>;
}

export interface HistoryEntry extends HistoryInput {
  id: string;
  at: Date;
}

export interface HistoryQuery {
  server?: string;
  tool?: string;
  principal?: string;
  since?: Date;
  /** Page size, 1-1000. */
  limit: number;
  cursor?: string;
}

export interface HandleInput {
  kind: string;
  payload: Record<string, unknown>;
  ttlMs: number;
  /** When set, only this principal can redeem the handle. */
  owner?: string;
}

export interface Handle {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  owner?: string;
  expiresAt: Date;
}

export interface BucketSpec {
  /** Most tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface TokenDecision {
  allowed: boolean;
  /** Tokens left after this decision. */
  remaining: number;
  /** When not allowed: how long until `cost` tokens are available. */
  retryAfterMs: number;
}

/** How a recorded call ended. */
export const auditOutcomes = ['ok', 'error', 'denied', 'rate_limited', 'confirmation_required', 'cancelled'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AuditInput {
  at: Date;
  requestId: string;
  principal: string;
  server: string;
  tool: string;
  /** Arguments with secrets redacted. */
  args: Record<string, unknown>;
  outcome: AuditOutcome;
  errorCode?: string;
  durationMs: number;
}

export interface AuditRecord extends AuditInput {
  id: string;
}

export interface AuditQuery {
  /** Records at or after this instant. */
  since?: Date;
  /** Records before this instant. */
  until?: Date;
  principal?: string;
  server?: string;
  tool?: string;
  outcome?: AuditOutcome;
  /** Page size, 1-1000. */
  limit: number;
  cursor?: string;
}
