import type Database from 'better-sqlite3';
import * as z from 'zod';
import { checkHandleTtl, newHandleId } from '../handle-id.js';
import { parseJsonObject } from '../rows.js';
import { serializePayload } from '../stored-json.js';
import type { Handle, StateStore } from '../store.js';

const handleRow = z.object({
  id: z.string(),
  kind: z.string(),
  owner: z.string().nullable(),
  payload: z.string(),
  expires_at: z.number(),
});

function toHandle(raw: unknown): Handle {
  const row = handleRow.parse(raw);
  return {
    id: row.id,
    kind: row.kind,
    payload: parseJsonObject(row.payload),
    ...(row.owner === null ? {} : { owner: row.owner }),
    expiresAt: new Date(row.expires_at),
  };
}

const redeemable = 'id = @id AND kind = @kind AND expires_at > @now AND (owner IS NULL OR owner = @owner)';

/** Server-minted handles of the SQLite store; consuming one is a single DELETE, so only one redeemer wins. */
export function createSqliteHandles(db: Database.Database): Pick<StateStore, 'createHandle' | 'redeemHandle'> {
  const insert = db.prepare(
    'INSERT INTO handles (id, kind, owner, payload, expires_at) VALUES (@id, @kind, @owner, @payload, @expiresAt) RETURNING *',
  );
  const read = db.prepare(`SELECT * FROM handles WHERE ${redeemable}`);
  const consume = db.prepare(`DELETE FROM handles WHERE ${redeemable} RETURNING *`);
  return {
    createHandle: async (input) => {
      checkHandleTtl(input.ttlMs);
      const payload = serializePayload('A handle payload', input.payload);
      const row = insert.get({
        id: newHandleId(),
        kind: input.kind,
        owner: input.owner ?? null,
        payload,
        expiresAt: Date.now() + input.ttlMs,
      });
      return toHandle(row);
    },
    redeemHandle: async (id, kind, options = {}) => {
      const params = { id, kind, owner: options.owner ?? null, now: Date.now() };
      const row = options.consume === true ? consume.get(params) : read.get(params);
      return row === undefined ? undefined : toHandle(row);
    },
  };
}
