import type Database from 'better-sqlite3';
import * as z from 'zod';
import { checkBucket, takeFromBucket, type BucketState } from '../token-bucket.js';
import type { BucketSpec, StateStore, TokenDecision } from '../store.js';

const bucketRow = z.object({ tokens: z.number(), refilled_at: z.number() });

/** Token buckets of the SQLite store: read, refill and write back under one write lock. */
export function createSqliteBuckets(db: Database.Database): Pick<StateStore, 'takeTokens'> {
  const select = db.prepare('SELECT tokens, refilled_at FROM buckets WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO buckets (key, tokens, refilled_at, full_at) VALUES (@key, @tokens, @refilledAt, @fullAt)
     ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, refilled_at = excluded.refilled_at, full_at = excluded.full_at`,
  );
  const take = db.transaction((key: string, spec: BucketSpec, cost: number): TokenDecision => {
    const raw = select.get(key);
    const state: BucketState | undefined =
      raw === undefined
        ? undefined
        : (({ tokens, refilled_at }) => ({ tokens, refilledAt: refilled_at }))(bucketRow.parse(raw));
    const update = takeFromBucket(state, spec, cost, Date.now());
    upsert.run({ key, ...update.state, fullAt: update.fullAt });
    return update.decision;
  });
  return {
    takeTokens: async (key, bucket, cost = 1) => {
      checkBucket(bucket, cost);
      return take.immediate(key, bucket, cost);
    },
  };
}
