import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { noteLimits } from '../../src/state/limits.js';
import type { Backend } from './backends.js';
import { allPages, mine, rejectsWith } from './contract-helpers.js';

/** What every backend must do with notes. */
export function describeNotesContract(backend: Backend): void {
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
}
