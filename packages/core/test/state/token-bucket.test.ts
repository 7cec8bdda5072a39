import { describe, expect, it } from 'vitest';
import { checkBucket, takeFromBucket } from '../../src/state/token-bucket.js';

const spec = { capacity: 10, refillPerSecond: 2 };

describe('a token bucket', () => {
  it('starts full, so a first caller gets the whole burst', () => {
    const { decision, state } = takeFromBucket(undefined, spec, 10, 1_000);
    expect(decision).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    expect(state).toEqual({ tokens: 0, refilledAt: 1_000 });
  });

  it('refills continuously but never beyond its capacity', () => {
    expect(takeFromBucket({ tokens: 0, refilledAt: 0 }, spec, 0, 1_500).decision.remaining).toBe(3);
    expect(takeFromBucket({ tokens: 9, refilledAt: 0 }, spec, 0, 60_000).decision.remaining).toBe(10);
  });

  it('refuses a cost it cannot pay yet and says how long until it can', () => {
    const { decision, state } = takeFromBucket({ tokens: 1, refilledAt: 0 }, spec, 4, 500);
    expect(decision).toEqual({ allowed: false, remaining: 2, retryAfterMs: 1_000 });
    expect(state.tokens).toBe(2);
  });

  it('mints no tokens when the clock steps back', () => {
    const { decision, state } = takeFromBucket({ tokens: 1, refilledAt: 10_000 }, spec, 0, 4_000);
    expect(decision.remaining).toBe(1);
    expect(state.refilledAt).toBe(10_000);
  });

  it('knows when it will be full again, so an idle full bucket can be swept', () => {
    expect(takeFromBucket({ tokens: 4, refilledAt: 0 }, spec, 0, 0).fullAt).toBe(3_000);
  });

  it('rejects sizes no bucket can honour', () => {
    expect(() => checkBucket({ capacity: 0, refillPerSecond: 1 }, 0)).toThrow(RangeError);
    expect(() => checkBucket({ capacity: 1, refillPerSecond: 0 }, 0)).toThrow(RangeError);
    expect(() => checkBucket({ capacity: 1, refillPerSecond: 1 }, 2)).toThrow(/between 0 and the bucket capacity 1/);
  });
});
