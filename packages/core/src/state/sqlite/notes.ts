import type Database from 'better-sqlite3';
import * as z from 'zod';
import { decodeNoteCursor, encodeNoteCursor } from '../cursor.js';
import {
  checkNoteInput,
  checkNoteKey,
  checkNoteScope,
  clampLimit,
  noteLimits,
  noteQuotaError,
  normalizeTags,
} from '../limits.js';
import { pageOf, parseTags } from '../rows.js';
import type { Note, NoteInput, NoteQuery, NoteRef, Page, StateStore } from '../store.js';

const noteRow = z.object({
  namespace: z.string(),
  owner: z.string(),
  key: z.string(),
  value: z.string(),
  tags: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  expires_at: z.number().nullable(),
});

const live = '(expires_at IS NULL OR expires_at > @now)';
/** Above every character a key may hold, so `key < prefix || upper` bounds a prefix range on the primary key. */
const upper = '\x7f';

function toNote(raw: unknown): Note {
  const row = noteRow.parse(raw);
  return {
    namespace: row.namespace,
    owner: row.owner,
    key: row.key,
    value: row.value,
    tags: parseTags(row.tags),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    ...(row.expires_at === null ? {} : { expiresAt: new Date(row.expires_at) }),
  };
}

/** The note operations of the SQLite store, over statements prepared once. */
export function createSqliteNotes(
  db: Database.Database,
): Pick<StateStore, 'putNote' | 'getNote' | 'listNotes' | 'deleteNote'> {
  const census = db.prepare(
    `SELECT count(*) AS total, coalesce(sum(key = @key), 0) AS existing FROM notes
     WHERE namespace = @namespace AND owner = @owner AND ${live}`,
  );
  const upsert = db.prepare(
    `INSERT INTO notes (namespace, owner, key, value, tags, created_at, updated_at, expires_at)
     VALUES (@namespace, @owner, @key, @value, @tags, @now, @now, @expiresAt)
     ON CONFLICT (namespace, owner, key) DO UPDATE SET
       value = excluded.value, tags = excluded.tags, updated_at = excluded.updated_at, expires_at = excluded.expires_at,
       created_at = CASE WHEN notes.expires_at <= excluded.updated_at THEN excluded.created_at ELSE notes.created_at END
     RETURNING *`,
  );
  const select = db.prepare(
    `SELECT * FROM notes WHERE namespace = @namespace AND owner = @owner AND key = @key AND ${live}`,
  );
  const list = db.prepare(
    `SELECT * FROM notes
     WHERE namespace = @namespace AND owner = @owner AND key >= @prefix AND key < @prefixEnd AND key > @after AND ${live}
       AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(notes.tags) WHERE json_each.value = @tag))
     ORDER BY key LIMIT @fetch`,
  );
  const remove = db.prepare(
    `DELETE FROM notes WHERE namespace = @namespace AND owner = @owner AND key = @key RETURNING expires_at`,
  );
  const put = db.transaction((note: NoteInput, now: number): Note => {
    const counts = census.get({ ...note, now }) as { total: number; existing: number };
    if (counts.existing === 0 && counts.total >= noteLimits.maxNotesPerOwner) throw noteQuotaError(note.key);
    const expiresAt = note.ttlMs === undefined ? null : now + note.ttlMs;
    const { namespace, owner, key, value } = note;
    const tags = JSON.stringify(normalizeTags(note.tags));
    return toNote(upsert.get({ namespace, owner, key, value, tags, now, expiresAt }));
  });

  return {
    putNote: async (note) => {
      checkNoteInput(note);
      // IMMEDIATE takes the write lock before the count, so two processes cannot both pass the quota.
      return put.immediate(note, Date.now());
    },
    getNote: async (ref: NoteRef) => {
      checkNoteScope(ref);
      checkNoteKey(ref.key);
      const row = select.get({ ...ref, now: Date.now() });
      return row === undefined ? undefined : toNote(row);
    },
    listNotes: async (query: NoteQuery): Promise<Page<Note>> => {
      checkNoteScope(query);
      if (query.prefix !== undefined && query.prefix !== '') checkNoteKey(query.prefix, 'Key prefix');
      if (query.tag !== undefined) checkNoteKey(query.tag, 'Tag');
      const limit = clampLimit(query.limit);
      const prefix = query.prefix ?? '';
      const rows = list.all({
        namespace: query.namespace,
        owner: query.owner,
        prefix,
        prefixEnd: prefix + upper,
        after: query.cursor === undefined ? '' : decodeNoteCursor(query.cursor),
        tag: query.tag ?? null,
        now: Date.now(),
        fetch: limit + 1,
      });
      return pageOf(rows, limit, toNote, (note) => encodeNoteCursor(note.key));
    },
    deleteNote: async (ref: NoteRef) => {
      checkNoteScope(ref);
      checkNoteKey(ref.key);
      const now = Date.now();
      const row = remove.get(ref) as { expires_at: number | null } | undefined;
      return row !== undefined && (row.expires_at === null || row.expires_at > now);
    },
  };
}
