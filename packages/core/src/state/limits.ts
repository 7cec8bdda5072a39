import { ToolError } from '../errors.js';
import type { NoteInput, NoteRef } from './store.js';

/** The limits every backend enforces on notes, so a model learns them from one clear error. */
export const noteLimits = Object.freeze({
  maxKeyLength: 256,
  maxValueBytes: 64 * 1024,
  maxTags: 16,
  maxTagLength: 64,
  /** Live notes one principal may keep on one server; a bound on what one caller can store. */
  maxNotesPerOwner: 1000,
  /** Longest time to live: ten years, far beyond any session, short of overflow. */
  maxTtlMs: 10 * 365 * 24 * 3600 * 1000,
});

/** The characters of a note key or tag: readable in a URI (`context://notes/<key>`) without escaping. */
export const noteKeyPattern = /^[A-Za-z0-9._:/-]+$/;

const maxIdentityLength = 512;
const invalid = (message: string, hint: string): ToolError => new ToolError('INVALID_INPUT', message, { hint });

/** Checks a note key; throws `INVALID_INPUT` saying what a valid key looks like. */
export function checkNoteKey(key: string, what = 'Note key'): void {
  if (key.length === 0 || key.length > noteLimits.maxKeyLength || !noteKeyPattern.test(key)) {
    throw invalid(
      `${what} ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)} is not valid.`,
      `Use 1-${noteLimits.maxKeyLength} characters of A-Z a-z 0-9 . _ : / -, e.g. "deploy/web:last-good".`,
    );
  }
}

/** Checks the namespace and owner core filled in: they come from the server and the principal, not the model. */
export function checkNoteScope(ref: Pick<NoteRef, 'namespace' | 'owner'>): void {
  for (const [name, value] of [
    ['namespace', ref.namespace],
    ['owner', ref.owner],
  ] as const) {
    if (value.length === 0 || value.length > maxIdentityLength) {
      throw new ToolError('INTERNAL', `The note ${name} must be 1-${maxIdentityLength} characters.`);
    }
  }
}

/** Checks a whole note before any write, so a bad note changes nothing. */
export function checkNoteInput(note: NoteInput): void {
  checkNoteScope(note);
  checkNoteKey(note.key);
  const bytes = Buffer.byteLength(note.value, 'utf8');
  if (bytes > noteLimits.maxValueBytes) {
    throw invalid(
      `The value of note ${note.key} is ${bytes} bytes; notes hold at most ${noteLimits.maxValueBytes} bytes (64 KiB).`,
      'Save a summary, or split it over several keys.',
    );
  }
  const tags = note.tags ?? [];
  if (tags.length > noteLimits.maxTags) {
    throw invalid(
      `Note ${note.key} has ${tags.length} tags; at most ${noteLimits.maxTags} are allowed.`,
      'Drop some tags.',
    );
  }
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > noteLimits.maxTagLength || !noteKeyPattern.test(tag)) {
      throw invalid(
        `Tag ${JSON.stringify(tag)} is not valid.`,
        `Use 1-${noteLimits.maxTagLength} characters of A-Z a-z 0-9 . _ : / - per tag.`,
      );
    }
  }
  if (
    note.ttlMs !== undefined &&
    (!Number.isInteger(note.ttlMs) || note.ttlMs < 1 || note.ttlMs > noteLimits.maxTtlMs)
  ) {
    throw invalid(
      `A time to live of ${note.ttlMs} ms is not valid.`,
      'Give a whole number of milliseconds from 1 up to ten years, or none to keep the note until it is forgotten.',
    );
  }
}

/** The error for a principal at their note quota. */
export function noteQuotaError(key: string): ToolError {
  return new ToolError(
    'CONFLICT',
    `Cannot save note ${key}: you already keep ${noteLimits.maxNotesPerOwner} notes on this server, the most allowed.`,
    { hint: 'Forget notes you no longer need (list_notes shows them), or overwrite an existing key.' },
  );
}

/** Tags without duplicates, in the order given. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  return [...new Set(tags ?? [])];
}

/** A page size within what one query may return. */
export function clampLimit(limit: number): number {
  return Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 1), 1), 1000);
}
