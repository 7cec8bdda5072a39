import { randomBytes } from 'node:crypto';

/** Longest time a handle may live: a day; handles are for one conversation's plans and confirmations. */
export const maxHandleTtlMs = 24 * 3600 * 1000;

/** A new unguessable handle id: 144 random bits, URL-safe. */
export function newHandleId(): string {
  return randomBytes(18).toString('base64url');
}

/** Refuses a TTL outside (0, a day]; handles are minted by server code, so this is a programming error. */
export function checkHandleTtl(ttlMs: number): void {
  if (!(Number.isInteger(ttlMs) && ttlMs > 0 && ttlMs <= maxHandleTtlMs))
    throw new RangeError(`A handle TTL must be a whole number of milliseconds up to ${maxHandleTtlMs}, got ${ttlMs}`);
}
