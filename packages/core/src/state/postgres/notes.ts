import type pg from 'pg';
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
import { pageOf, tagList } from '../rows.js';
import type { Note, NoteQuery, NoteRef, Page, StateStore } from '../store.js';
import { tableIn } from './connection.js';

const noteRow = z.object({
  namespace: z.string(),
  owner: z.string(),
  key: z.string(),
  value: z.string(),
  tags: tagList,
  created_at: z.date(),
  updated_at: z.date(),
  expires_at: z.date().nullable(),
});

const live = '(expires_at IS NULL OR expires_at > now())';
/** Above every character a key may hold, so `key < prefix || upper` bounds a prefix range (keys sort bytewise). */
const upper = '\x7f';

function toNote(raw: unknown): Note {
  const row = noteRow.parse(raw);
  return {
    namespace: row.namespace,
    owner: row.owner,
    key: row.key,
    value: row.value,
    tags: row.tags,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  };
}

/**
 * The note operations of the PostgreSQL store. A put is one statement: the
 * quota check and the upsert see the same snapshot (concurrent first puts of
 * one owner may overshoot the quota by the number of racing writers).
 */
export function createPostgresNotes(
  pool: pg.Pool,
  schema: string,
): Pick<StateStore, 'putNote' | 'getNote' | 'listNotes' | 'deleteNote'> {
  const notes = tableIn(schema, 'notes');
  const upsert = `
    WITH census AS (
      SELECT count(*) AS total, count(*) FILTER (WHERE key = $3) AS existing
      FROM ${notes} WHERE namespace = $1 AND owner = $2 AND ${live}
    )
    INSERT INTO ${notes} AS n (namespace, owner, key, value, tags, created_at, updated_at, expires_at)
    SELECT $1, $2, $3, $4, $5::text[], now(), now(), now() + $6::float8 * interval '1 millisecond'
    FROM census WHERE census.existing > 0 OR census.total < $7
    ON CONFLICT (namespace, owner, key) DO UPDATE SET
      value = excluded.value, tags = excluded.tags, updated_at = excluded.updated_at, expires_at = excluded.expires_at,
      created_at = CASE WHEN n.expires_at <= excluded.updated_at THEN excluded.created_at ELSE n.created_at END
    RETURNING *`;
  const select = `SELECT * FROM ${notes} WHERE namespace = $1 AND owner = $2 AND key = $3 AND ${live}`;
  const list = `
    SELECT * FROM ${notes}
    WHERE namespace = $1 AND owner = $2 AND key >= $3 AND key < $4 AND key > $5 AND ${live}
      AND ($6::text IS NULL OR $6::text = ANY (tags))
    ORDER BY key LIMIT $7`;
  const remove = `DELETE FROM ${notes} WHERE namespace = $1 AND owner = $2 AND key = $3 RETURNING ${live} AS live`;
  return {
    putNote: async (note) => {
      checkNoteInput(note);
      const { namespace, owner, key, value } = note;
      const values = [
        namespace,
        owner,
        key,
        value,
        normalizeTags(note.tags),
        note.ttlMs ?? null,
        noteLimits.maxNotesPerOwner,
      ];
      const result = await pool.query({ name: `${schema}.put_note`, text: upsert, values });
      if (result.rows[0] === undefined) throw noteQuotaError(key);
      return toNote(result.rows[0]);
    },
    getNote: async (ref: NoteRef) => {
      checkNoteScope(ref);
      checkNoteKey(ref.key);
      const result = await pool.query({
        name: `${schema}.get_note`,
        text: select,
        values: [ref.namespace, ref.owner, ref.key],
      });
      return result.rows[0] === undefined ? undefined : toNote(result.rows[0]);
    },
    listNotes: async (query: NoteQuery): Promise<Page<Note>> => {
      checkNoteScope(query);
      if (query.prefix !== undefined && query.prefix !== '') checkNoteKey(query.prefix, 'Key prefix');
      if (query.tag !== undefined) checkNoteKey(query.tag, 'Tag');
      const limit = clampLimit(query.limit);
      const prefix = query.prefix ?? '';
      const after = query.cursor === undefined ? '' : decodeNoteCursor(query.cursor);
      const values = [query.namespace, query.owner, prefix, prefix + upper, after, query.tag ?? null, limit + 1];
      const result = await pool.query({ name: `${schema}.list_notes`, text: list, values });
      return pageOf(result.rows, limit, toNote, (note) => encodeNoteCursor(note.key));
    },
    deleteNote: async (ref: NoteRef) => {
      checkNoteScope(ref);
      checkNoteKey(ref.key);
      const result = await pool.query<{ live: boolean }>({
        name: `${schema}.delete_note`,
        text: remove,
        values: [ref.namespace, ref.owner, ref.key],
      });
      return result.rows[0]?.live === true;
    },
  };
}
