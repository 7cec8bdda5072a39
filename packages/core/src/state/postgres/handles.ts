import type pg from 'pg';
import * as z from 'zod';
import { checkHandleTtl, newHandleId } from '../handle-id.js';
import { jsonObject } from '../rows.js';
import { serializePayload } from '../stored-json.js';
import type { Handle, StateStore } from '../store.js';
import { tableIn } from './connection.js';

const handleRow = z.object({
  id: z.string(),
  kind: z.string(),
  owner: z.string().nullable(),
  payload: jsonObject,
  expires_at: z.date(),
});

function toHandle(raw: unknown): Handle {
  const row = handleRow.parse(raw);
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    ...(row.owner === null ? {} : { owner: row.owner }),
    expiresAt: row.expires_at,
  };
}

/**
 * Server-minted handles of the PostgreSQL store. Consuming is one
 * `DELETE … RETURNING`: a second redeemer waits on the row lock, then finds
 * the row gone, so exactly one wins on any replica.
 */
export function createPostgresHandles(
  pool: pg.Pool,
  schema: string,
): Pick<StateStore, 'createHandle' | 'redeemHandle'> {
  const handles = tableIn(schema, 'handles');
  const redeemable = 'id = $1 AND kind = $2 AND expires_at > now() AND (owner IS NULL OR owner = $3)';
  const insert = `
    INSERT INTO ${handles} (id, kind, owner, payload, expires_at)
    VALUES ($1, $2, $3, $4::jsonb, now() + $5::float8 * interval '1 millisecond') RETURNING *`;
  const read = `SELECT * FROM ${handles} WHERE ${redeemable}`;
  const consume = `DELETE FROM ${handles} WHERE ${redeemable} RETURNING *`;
  return {
    createHandle: async (input) => {
      checkHandleTtl(input.ttlMs);
      const payload = serializePayload('A handle payload', input.payload);
      const values = [newHandleId(), input.kind, input.owner ?? null, payload, input.ttlMs];
      const result = await pool.query({ name: `${schema}.create_handle`, text: insert, values });
      return toHandle(result.rows[0]);
    },
    redeemHandle: async (id, kind, options = {}) => {
      const consuming = options.consume === true;
      const result = await pool.query({
        name: consuming ? `${schema}.consume_handle` : `${schema}.read_handle`,
        text: consuming ? consume : read,
        values: [id, kind, options.owner ?? null],
      });
      return result.rows[0] === undefined ? undefined : toHandle(result.rows[0]);
    },
  };
}
