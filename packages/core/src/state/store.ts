/**
 * The persisted context store: one interface, two backends (embedded SQLite,
 * PostgreSQL), one contract test suite. Every method is one atomic
 * operation; a resolved write is durable (no acknowledged write is lost on a
 * crash), and concurrent writers from several processes lose nothing.
 */
export interface StateStore {
  /** `sqlite` or `postgres`, for logs and `/readyz`. */
  readonly backend: 'sqlite' | 'postgres';

  // Notes: saved by the assistant or the user, recalled across sessions.
  /** Creates or replaces a note; returns it as stored. */
  putNote(note: NoteInput): Promise<Note>;
  getNote(ref: NoteRef): Promise<Note | undefined>;
  listNotes(query: NoteQuery): Promise<Page<Note>>;
  /** Returns whether a note was deleted. */
  deleteNote(ref: NoteRef): Promise<boolean>;

  // History of every mutating call: what rollbacks and "what changed?" read.
  appendHistory(entry: HistoryInput): Promise<HistoryEntry>;
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
  appendAudit(record: AuditInput): Promise<void>;
  listAudit(query: AuditQuery): Promise<Page<AuditRecord>>;

  /** Deletes expired notes and handles; returns how many rows went. Called periodically. */
  sweep(now?: Date): Promise<number>;
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
  prefix?: string;
  tag?: string;
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

export type AuditOutcome = 'ok' | 'error' | 'denied' | 'rate_limited' | 'confirmation_required' | 'cancelled';

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
  since?: Date;
  until?: Date;
  principal?: string;
  server?: string;
  tool?: string;
  outcome?: AuditOutcome;
  limit: number;
  cursor?: string;
}
