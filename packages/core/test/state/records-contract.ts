import { describe, expect, it } from 'vitest';
import type { Backend } from './backends.js';
import { allPages, auditRecord, historyEntry } from './contract-helpers.js';

/** What every backend must do with history and audit records. */
export function describeRecordsContract(backend: Backend): void {
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
      await fixture.store.appendAudit([auditRecord({ at: start, requestId: 'r1' })]);
      await fixture.store.appendAudit([
        auditRecord({
          at: new Date(start.getTime() + 1000),
          requestId: 'r2',
          outcome: 'denied',
          errorCode: 'FORBIDDEN',
        }),
        auditRecord({ at: new Date(start.getTime() + 2000), requestId: 'r3', principal: 'bob' }),
      ]);
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
}
