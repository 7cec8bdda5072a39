import type pg from 'pg';
import * as z from 'zod';
import { checkBucket } from '../token-bucket.js';
import type { StateStore } from '../store.js';
import { tableIn } from './connection.js';

const decisionRow = z.object({ tokens: z.number(), allowed: z.boolean() });

/**
 * Token buckets of the PostgreSQL store, shared by every replica. One UPSERT
 * refills from the database clock and takes the cost under the row lock, so
 * concurrent callers on any replica never spend the same token twice.
 * Parameters: $1 key, $2 capacity, $3 refill per second, $4 cost.
 */
export function createPostgresBuckets(pool: pg.Pool, schema: string): Pick<StateStore, 'takeTokens'> {
  // Tokens available now: the stored ones plus the refill since then, capped at capacity; time never runs back.
  const available =
    'least($2::float8, b.tokens + greatest(0, excluded.refilled_at - b.refilled_at) / 1000 * $3::float8)';
  const after = `CASE WHEN ${available} >= $4::float8 THEN ${available} - $4::float8 ELSE ${available} END`;
  const refilledAt = 'greatest(b.refilled_at, excluded.refilled_at)';
  const text = `
    INSERT INTO ${tableIn(schema, 'buckets')} AS b (key, tokens, refilled_at, full_at, allowed)
    SELECT $1, $2::float8 - $4::float8, now_ms, now_ms + $4::float8 / $3::float8 * 1000, true
    FROM (SELECT extract(epoch FROM clock_timestamp())::float8 * 1000 AS now_ms) AS clock
    ON CONFLICT (key) DO UPDATE SET
      tokens = ${after},
      allowed = ${available} >= $4::float8,
      refilled_at = ${refilledAt},
      full_at = ${refilledAt} + ($2::float8 - ${after}) / $3::float8 * 1000
    RETURNING tokens, allowed`;
  return {
    takeTokens: async (key, bucket, cost = 1) => {
      checkBucket(bucket, cost);
      const values = [key, bucket.capacity, bucket.refillPerSecond, cost];
      const result = await pool.query({ name: `${schema}.take_tokens`, text, values });
      const { tokens, allowed } = decisionRow.parse(result.rows[0]);
      const msPerToken = 1000 / bucket.refillPerSecond;
      return { allowed, remaining: tokens, retryAfterMs: allowed ? 0 : Math.ceil((cost - tokens) * msPerToken) };
    },
  };
}
