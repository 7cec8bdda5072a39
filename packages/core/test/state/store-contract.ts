import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../src/errors.js';
import { noteLimits } from '../../src/state/limits.js';
import type { AuditInput, HistoryInput, StateStore } from '../../src/state/store.js';
import type { Backend } from './backends.js';

const mine = { namespace: 'kubernetes', owner: 'alice' };

const rejectsWith = async (promise: Promise<unknown>, code: string, message: RegExp): Promise<void> => {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).code).toBe(code);
  expect((error as ToolError).message).toMatch(message);
};

const historyEntry = (overrides: Partial<HistoryInput> = {}): HistoryInput => ({
  server: 'kubernetes',
  tool: 'scale_deployment',
  principal: 'alice',
  requestId: 'req-1',
  args: { namespace: 'shop', name: 'web', replicas: 3 },
  outcome: 'ok',
  summary: 'scaled deployment shop/web to 3 replicas',
  ...overrides,
});

const auditRecord = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  at: new Date(),
  requestId: 'req-1',
  principal: 'alice',
  server: 'kubernetes',
  tool: 'list_pods',
  args: { namespace: 'shop' },
  outcome: 'ok',
  durationMs: 12.5,
  ...overrides,
});

async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>) {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

/** The behaviour every state store backend must show; run against each backend. */
export function describeStateStoreContract(backend: Backend): void {
  describe(`the ${backend.name} state store: notes`, () => {
    it('recalls a saved note with its tags and timestamps', async () => {
      await using fixture = await backend.create();
      const saved = await fixture.store.putNote({
        ...mine,
        key: 'deploy/web:last-good',
        value: 'rev 41',
        tags: ['web', 'prod'],
      });
      expect(saved).toMatchObject({ ...mine, key: 'deploy/web:last-good', value: 'rev 41', tags: ['web', 'prod'] });
      expect(saved.expiresAt).toBeUndefined();
      const recalled = await fixture.store.getNote({ ...mine, key: 'deploy/web:last-good' });
      expect(recalled).toEqual(saved);
    });

    it('replaces a note under the same key, keeping when it was first created', async () => {
      await using fixture = await backend.create();
      const first = await fixture.store.putNote({
        ...mine,
        key: 'oncall',
        value: 'bob',
        tags: ['team'],
        ttlMs: 60_000,
      });
      await sleep(5);
      const second = await fixture.store.putNote({ ...mine, key: 'oncall', value: 'carol' });
      expect(second.value).toBe('carol');
      expect(second.tags).toEqual([]);
      expect(second.expiresAt).toBeUndefined();
      expect(second.createdAt).toEqual(first.createdAt);
      expect(second.updatedAt.getTime()).toBeGreaterThan(first.updatedAt.getTime());
    });

    it('keeps the notes of other principals and other servers apart', async () => {
      await using fixture = await backend.create();
      await fixture.store.putNote({ ...mine, key: 'k', value: 'alice on kubernetes' });
      await fixture.store.putNote({ namespace: 'kubernetes', owner: 'bob', key: 'k', value: 'bob on kubernetes' });
      await fixture.store.putNote({ namespace: 'github', owner: 'alice', key: 'k', value: 'alice on github' });
      expect((await fixture.store.getNote({ ...mine, key: 'k' }))?.value).toBe('alice on kubernetes');
      expect((await fixture.store.listNotes({ ...mine, limit: 10 })).items.map((note) => note.value)).toEqual([
        'alice on kubernetes',
      ]);
      expect(await fixture.store.deleteNote({ namespace: 'kubernetes', owner: 'bob', key: 'k' })).toBe(true);
      expect((await fixture.store.getNote({ ...mine, key: 'k' }))?.value).toBe('alice on kubernetes');
    });

    it('lists notes in key order, page by page, until the cursor runs out', async () => {
      await using fixture = await backend.create();
      const keys = ['b', 'a', 'c/2', 'c/1', 'B', 'd', 'a.b', 'a-b'];
      for (const key of keys) await fixture.store.putNote({ ...mine, key, value: key });
      const pages = await allPages((cursor) =>
        fixture.store.listNotes({ ...mine, limit: 3, ...(cursor === undefined ? {} : { cursor }) }),
      );
      expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
      expect(pages.flat().map((note) => note.key)).toEqual([...keys].sort());
    });

    it('filters by key prefix literally and by tag', async () => {
      await using fixture = await backend.create();
      await fixture.store.putNote({ ...mine, key: 'a_b', value: '1', tags: ['x'] });
      await fixture.store.putNote({ ...mine, key: 'a_c', value: '2', tags: ['y', 'x'] });
      await fixture.store.putNote({ ...mine, key: 'axb', value: '3', tags: ['y'] });
      const byPrefix = await fixture.store.listNotes({ ...mine, prefix: 'a_', limit: 10 });
      expect(byPrefix.items.map((note) => note.key)).toEqual(['a_b', 'a_c']);
      const byTag = await fixture.store.listNotes({ ...mine, tag: 'y', limit: 10 });
      expect(byTag.items.map((note) => note.key)).toEqual(['a_c', 'axb']);
      const both = await fixture.store.listNotes({ ...mine, prefix: 'a_', tag: 'y', limit: 10 });
      expect(both.items.map((note) => note.key)).toEqual(['a_c']);
    });

    it('forgets a note and says whether there was one', async () => {
      await using fixture = await backend.create();
      await fixture.store.putNote({ ...mine, key: 'temp', value: 'x' });
      expect(await fixture.store.deleteNote({ ...mine, key: 'temp' })).toBe(true);
      expect(await fixture.store.deleteNote({ ...mine, key: 'temp' })).toBe(false);
      expect(await fixture.store.getNote({ ...mine, key: 'temp' })).toBeUndefined();
    });

    it('lets a note expire after its time to live, and starts it afresh when saved again', async () => {
      await using fixture = await backend.create();
      const first = await fixture.store.putNote({ ...mine, key: 'lease', value: 'held', ttlMs: 50 });
      expect(first.expiresAt!.getTime() - first.updatedAt.getTime()).toBe(50);
      await fixture.store.putNote({ ...mine, key: 'kept', value: 'forever' });
      await sleep(120);
      expect(await fixture.store.getNote({ ...mine, key: 'lease' })).toBeUndefined();
      expect((await fixture.store.listNotes({ ...mine, limit: 10 })).items.map((note) => note.key)).toEqual(['kept']);
      expect(await fixture.store.deleteNote({ ...mine, key: 'lease' })).toBe(false);
      await fixture.store.putNote({ ...mine, key: 'lease2', value: 'held', ttlMs: 50 });
      await sleep(120);
      const again = await fixture.store.putNote({ ...mine, key: 'lease2', value: 'again' });
      expect(again.createdAt).toEqual(again.updatedAt);
    });

    it('refuses bad notes with a clear error and stores nothing', async () => {
      await using fixture = await backend.create();
      const put = (overrides: object) => fixture.store.putNote({ ...mine, key: 'k', value: 'v', ...overrides });
      await rejectsWith(
        put({ value: 'x'.repeat(noteLimits.maxValueBytes + 1) }),
        'INVALID_INPUT',
        /at most 65536 bytes/,
      );
      await rejectsWith(put({ value: 'é'.repeat(noteLimits.maxValueBytes / 2 + 1) }), 'INVALID_INPUT', /65538 bytes/);
      await rejectsWith(put({ key: 'has space' }), 'INVALID_INPUT', /Note key "has space" is not valid/);
      await rejectsWith(put({ key: 'k'.repeat(257) }), 'INVALID_INPUT', /is not valid/);
      await rejectsWith(put({ key: '' }), 'INVALID_INPUT', /is not valid/);
      await rejectsWith(put({ tags: Array.from({ length: 17 }, (_, i) => `t${i}`) }), 'INVALID_INPUT', /17 tags/);
      await rejectsWith(put({ tags: ['ok', 'not ok'] }), 'INVALID_INPUT', /Tag "not ok"/);
      await rejectsWith(put({ ttlMs: 0 }), 'INVALID_INPUT', /time to live/);
      await rejectsWith(put({ ttlMs: 1.5 }), 'INVALID_INPUT', /time to live/);
      expect((await fixture.store.listNotes({ ...mine, limit: 10 })).items).toEqual([]);
      await rejectsWith(fixture.store.getNote({ ...mine, key: 'drop;table' }), 'INVALID_INPUT', /not valid/);
    });

    it('accepts a value of exactly the size limit', async () => {
      await using fixture = await backend.create();
      const value = 'x'.repeat(noteLimits.maxValueBytes);
      await fixture.store.putNote({ ...mine, key: 'big', value });
      expect((await fixture.store.getNote({ ...mine, key: 'big' }))?.value).toBe(value);
    });

    it('refuses a cursor it did not issue', async () => {
      await using fixture = await backend.create();
      await rejectsWith(fixture.store.listNotes({ ...mine, limit: 5, cursor: 'garbage!' }), 'INVALID_INPUT', /cursor/);
      await rejectsWith(fixture.store.listHistory({ limit: 5, cursor: 'eyJrIjoiYSJ9' }), 'INVALID_INPUT', /cursor/);
    });

    it('refuses a new note past the quota of one owner but still overwrites existing ones', async () => {
      await using fixture = await backend.create();
      for (let i = 0; i < noteLimits.maxNotesPerOwner; i++)
        await fixture.store.putNote({ ...mine, key: `n${i}`, value: 'v' });
      await rejectsWith(fixture.store.putNote({ ...mine, key: 'one-more', value: 'v' }), 'CONFLICT', /1000 notes/);
      expect((await fixture.store.putNote({ ...mine, key: 'n7', value: 'changed' })).value).toBe('changed');
      await fixture.store.putNote({ namespace: 'kubernetes', owner: 'bob', key: 'one-more', value: 'v' });
    }, 60_000);
  });

  describe(`the ${backend.name} state store: history and audit`, () => {
    it('lists history newest first, filtered by server, tool, principal and time', async () => {
      await using fixture = await backend.create();
      const store = fixture.store;
      const first = await store.appendHistory(historyEntry({ summary: 'one' }));
      await store.appendHistory(historyEntry({ summary: 'two', tool: 'apply_manifest', principal: 'bob' }));
      await store.appendHistory(historyEntry({ summary: 'three', server: 'github' }));
      expect((await store.listHistory({ limit: 10 })).items.map((entry) => entry.summary)).toEqual([
        'three',
        'two',
        'one',
      ]);
      expect((await store.listHistory({ server: 'kubernetes', limit: 10 })).items.map((e) => e.summary)).toEqual([
        'two',
        'one',
      ]);
      expect((await store.listHistory({ tool: 'apply_manifest', limit: 10 })).items.map((e) => e.summary)).toEqual([
        'two',
      ]);
      expect((await store.listHistory({ principal: 'alice', limit: 10 })).items.map((e) => e.summary)).toEqual([
        'three',
        'one',
      ]);
      const later = new Date(first.at.getTime() + 60_000);
      expect((await store.listHistory({ since: later, limit: 10 })).items).toEqual([]);
      expect(first).toMatchObject({ ...historyEntry({ summary: 'one' }), id: expect.any(String) });
    });

    it('keeps what a rollback needs and replaces oversized arguments with a note of their size', async () => {
      await using fixture = await backend.create();
      const entry = await fixture.store.appendHistory(
        historyEntry({ args: { manifest: 'x'.repeat(20_000) }, data: { previousRevision: 41, image: 'web:1.2' } }),
      );
      const [listed] = (await fixture.store.listHistory({ limit: 1 })).items;
      expect(listed).toEqual(entry);
      expect(listed?.data).toEqual({ previousRevision: 41, image: 'web:1.2' });
      expect(JSON.stringify(listed?.args)).toMatch(/arguments of 20015 bytes/);
    });

    it('pages through history without repeating or skipping an entry', async () => {
      await using fixture = await backend.create();
      for (let i = 0; i < 7; i++) await fixture.store.appendHistory(historyEntry({ summary: `change ${i}` }));
      const pages = await allPages((cursor) =>
        fixture.store.listHistory({ server: 'kubernetes', limit: 3, ...(cursor === undefined ? {} : { cursor }) }),
      );
      expect(pages.flat().map((entry) => entry.summary)).toEqual(
        Array.from({ length: 7 }, (_, i) => `change ${6 - i}`),
      );
    });

    it('records audit entries and finds them by time, principal and outcome', async () => {
      await using fixture = await backend.create();
      const start = new Date(Date.now() - 10_000);
      await fixture.store.appendAudit(auditRecord({ at: start, requestId: 'r1' }));
      await fixture.store.appendAudit(
        auditRecord({
          at: new Date(start.getTime() + 1000),
          requestId: 'r2',
          outcome: 'denied',
          errorCode: 'FORBIDDEN',
        }),
      );
      await fixture.store.appendAudit(
        auditRecord({ at: new Date(start.getTime() + 2000), requestId: 'r3', principal: 'bob' }),
      );
      const all = await fixture.store.listAudit({ limit: 10 });
      expect(all.items.map((record) => record.requestId)).toEqual(['r3', 'r2', 'r1']);
      expect(all.items[1]).toMatchObject({
        outcome: 'denied',
        errorCode: 'FORBIDDEN',
        durationMs: 12.5,
        at: new Date(start.getTime() + 1000),
      });
      expect(all.items[0]?.errorCode).toBeUndefined();
      const window = await fixture.store.listAudit({
        since: new Date(start.getTime() + 500),
        until: new Date(start.getTime() + 2000),
        limit: 10,
      });
      expect(window.items.map((record) => record.requestId)).toEqual(['r2']);
      expect((await fixture.store.listAudit({ outcome: 'denied', limit: 10 })).items).toHaveLength(1);
      expect((await fixture.store.listAudit({ principal: 'bob', limit: 10 })).items).toHaveLength(1);
    });
  });

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
      const open = await fixture.store.createHandle({ kind: 'cursor', payload: { at: 5 }, ttlMs: 40 });
      expect(await fixture.store.redeemHandle(open.id, 'cursor', { owner: 'anyone' })).toBeDefined();
      await sleep(100);
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
      const fast = { capacity: 2, refillPerSecond: 50 };
      await fixture.store.takeTokens('k', fast, 2);
      expect((await fixture.store.takeTokens('k', fast, 2)).allowed).toBe(false);
      await sleep(100);
      expect((await fixture.store.takeTokens('k', fast, 2)).allowed).toBe(true);
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
      await store.appendAudit(auditRecord({ at: new Date(Date.now() - 40 * 86_400_000), requestId: 'old' }));
      await store.appendAudit(auditRecord({ requestId: 'new' }));
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
