import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/state/store.js';
import type { Backend } from './backends.js';
import { auditRecord, historyEntry, mine, rejectsWith } from './contract-helpers.js';

/** What every backend must do with handles and token buckets, and how it sweeps, pings and closes. */
export function describeCoordinationContract(backend: Backend): void {
  describe(`the ${backend.name} state store: handles`, () => {
    it('redeems a handle as often as asked until it is consumed, then never again', async () => {
      await using fixture = await backend.create();
      const handle = await fixture.store.createHandle({ kind: 'plan', payload: { steps: [1, 2] }, ttlMs: 60_000 });
      expect(handle.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await fixture.store.redeemHandle(handle.id, 'plan')).toEqual(handle);
      expect(await fixture.store.redeemHandle(handle.id, 'plan')).toEqual(handle);
      expect(await fixture.store.redeemHandle(handle.id, 'plan', { consume: true })).toEqual(handle);
      expect(await fixture.store.redeemHandle(handle.id, 'plan', { consume: true })).toBeUndefined();
      expect(await fixture.store.redeemHandle(handle.id, 'plan')).toBeUndefined();
    });

    it('gives a consumed handle to exactly one of many concurrent redeemers', async () => {
      await using fixture = await backend.create();
      const other = await fixture.reopen();
      for (let round = 0; round < 5; round++) {
        const { id } = await fixture.store.createHandle({ kind: 'confirm', payload: { round }, ttlMs: 60_000 });
        const redeemers = Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? fixture.store : other).redeemHandle(id, 'confirm', { consume: true }),
        );
        const wins = (await Promise.all(redeemers)).filter((handle) => handle !== undefined);
        expect(wins).toHaveLength(1);
      }
    });

    it('hides a handle from the wrong kind, the wrong owner, and after it expires', async () => {
      await using fixture = await backend.create();
      const owned = await fixture.store.createHandle({ kind: 'confirm', payload: {}, ttlMs: 60_000, owner: 'alice' });
      expect(await fixture.store.redeemHandle(owned.id, 'plan')).toBeUndefined();
      expect(await fixture.store.redeemHandle(owned.id, 'confirm', { owner: 'bob', consume: true })).toBeUndefined();
      expect(await fixture.store.redeemHandle(owned.id, 'confirm', { consume: true })).toBeUndefined();
      expect(await fixture.store.redeemHandle(owned.id, 'confirm', { owner: 'alice', consume: true })).toMatchObject({
        owner: 'alice',
      });
      const open = await fixture.store.createHandle({ kind: 'cursor', payload: { at: 5 }, ttlMs: 500 });
      expect(await fixture.store.redeemHandle(open.id, 'cursor', { owner: 'anyone' })).toBeDefined();
      await sleep(600);
      expect(await fixture.store.redeemHandle(open.id, 'cursor')).toBeUndefined();
      expect(await fixture.store.redeemHandle('no-such-handle', 'cursor')).toBeUndefined();
    });
  });

  describe(`the ${backend.name} state store: rate limits`, () => {
    it('allows a burst up to capacity, then refuses and says when to retry', async () => {
      await using fixture = await backend.create();
      const slow = { capacity: 3, refillPerSecond: 0.01 };
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await fixture.store.takeTokens('alice:list_pods', slow));
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
      expect(decisions[2]!.remaining).toBeCloseTo(0, 1);
      expect(decisions[3]!.retryAfterMs).toBeGreaterThan(90_000);
      expect(decisions[3]!.retryAfterMs).toBeLessThanOrEqual(100_000);
      expect((await fixture.store.takeTokens('bob:list_pods', slow)).allowed).toBe(true);
    });

    it('refills tokens as time passes', async () => {
      await using fixture = await backend.create();
      // Slow enough that two calls in a row stay within one token even on a loaded machine.
      const refilling = { capacity: 2, refillPerSecond: 4 };
      await fixture.store.takeTokens('k', refilling, 2);
      expect((await fixture.store.takeTokens('k', refilling, 2)).allowed).toBe(false);
      await sleep(600);
      expect((await fixture.store.takeTokens('k', refilling, 2)).allowed).toBe(true);
    });

    it('never spends the same token twice under concurrent callers', async () => {
      await using fixture = await backend.create();
      const other = await fixture.reopen();
      const spec = { capacity: 5, refillPerSecond: 0.001 };
      const takes = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? fixture.store : other).takeTokens('shared', spec),
      );
      const allowed = (await Promise.all(takes)).filter((decision) => decision.allowed);
      expect(allowed).toHaveLength(5);
    });

    it('refuses a cost no bucket of that size can ever pay', async () => {
      await using fixture = await backend.create();
      await expect(fixture.store.takeTokens('k', { capacity: 2, refillPerSecond: 1 }, 3)).rejects.toThrow(RangeError);
    });
  });

  describe(`the ${backend.name} state store: upkeep`, () => {
    it('sweeps expired notes and handles and records past retention, and nothing else', async () => {
      await using fixture = await backend.create({ retention: { auditDays: 30, historyDays: 0 } });
      const store: StateStore = fixture.store;
      await store.putNote({ ...mine, key: 'short', value: 'v', ttlMs: 60_000 });
      await store.putNote({ ...mine, key: 'kept', value: 'v' });
      await store.createHandle({ kind: 'plan', payload: {}, ttlMs: 60_000 });
      await store.appendAudit([auditRecord({ at: new Date(Date.now() - 40 * 86_400_000), requestId: 'old' })]);
      await store.appendAudit([auditRecord({ requestId: 'new' })]);
      await store.appendHistory(historyEntry());
      expect(await store.sweep()).toBe(1);
      expect(await store.sweep(new Date(Date.now() + 120_000))).toBe(2);
      expect((await store.listNotes({ ...mine, limit: 10 })).items.map((note) => note.key)).toEqual(['kept']);
      expect((await store.listAudit({ limit: 10 })).items.map((record) => record.requestId)).toEqual(['new']);
      expect((await store.listHistory({ limit: 10 })).items).toHaveLength(1);
    });

    it('answers a ping, and refuses every call once closed', async () => {
      await using fixture = await backend.create();
      await fixture.store.ping();
      const closing = await fixture.reopen();
      await closing.close();
      await rejectsWith(closing.getNote({ ...mine, key: 'k' }), 'UPSTREAM_UNAVAILABLE', /closed/);
      await closing.close();
    });

    it('shows every write to another store opened on the same data', async () => {
      await using fixture = await backend.create();
      const other = await fixture.reopen();
      await fixture.store.putNote({ ...mine, key: 'shared', value: 'from one' });
      expect((await other.getNote({ ...mine, key: 'shared' }))?.value).toBe('from one');
      await other.appendHistory(historyEntry({ summary: 'from two' }));
      expect((await fixture.store.listHistory({ limit: 1 })).items[0]?.summary).toBe('from two');
    });
  });
}
