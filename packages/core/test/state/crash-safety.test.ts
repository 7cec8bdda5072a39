import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/state/store.js';
import { backends } from './backends.js';
import { startWriters, valuesOf } from './processes.js';

async function storedNoteKeys(store: StateStore, owner: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.listNotes({ namespace: 'crash', owner, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const note of page.items) keys.add(note.key);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return keys;
}

async function storedHistoryIds(store: StateStore, principal: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.listHistory({ principal, limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) ids.add(entry.id);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return ids;
}

describe.each(backends)('the $name state store across processes', (backend) => {
  it('keeps every acknowledged write of a process killed with SIGKILL mid-stream', async () => {
    await using fixture = await backend.create();
    const [writer] = await startWriters([{ ...fixture.settings, tag: 'killed', task: 'write' }]);
    if (writer === undefined) throw new Error('no writer');
    await writer.waitForLines(301);
    writer.child.kill('SIGKILL');
    const exit = await writer.exited;
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(writer.lines).not.toContain('done');

    const acknowledgedNotes = valuesOf(writer.lines, 'note');
    const acknowledgedHistory = valuesOf(writer.lines, 'history');
    expect(acknowledgedNotes.length).toBeGreaterThanOrEqual(150);
    const notes = await storedNoteKeys(fixture.store, 'killed');
    const history = await storedHistoryIds(fixture.store, 'killed');
    expect(acknowledgedNotes.filter((key) => !notes.has(key))).toEqual([]);
    expect(acknowledgedHistory.filter((id) => !history.has(id))).toEqual([]);
    // The store is still healthy for the next process.
    await fixture.store.putNote({ namespace: 'crash', owner: 'after', key: 'k', value: 'v' });
  }, 60_000);

  it('loses nothing when two processes write at once', async () => {
    await using fixture = await backend.create();
    const writers = await startWriters(
      ['left', 'right'].map((tag) => ({ ...fixture.settings, tag, task: 'write', count: 150 })),
    );
    const exits = await Promise.all(writers.map((writer) => writer.exited));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    for (const [index, tag] of ['left', 'right'].entries()) {
      const lines = writers[index]!.lines;
      expect(valuesOf(lines, 'note')).toHaveLength(150);
      expect(await storedNoteKeys(fixture.store, tag)).toEqual(new Set(valuesOf(lines, 'note')));
      expect(await storedHistoryIds(fixture.store, tag)).toEqual(new Set(valuesOf(lines, 'history')));
    }
  }, 60_000);

  it('gives each consumed handle to exactly one of two processes redeeming at once', async () => {
    await using fixture = await backend.create();
    const handles: string[] = [];
    for (let i = 0; i < 100; i++)
      handles.push((await fixture.store.createHandle({ kind: 'confirm', payload: { i }, ttlMs: 600_000 })).id);
    const redeemers = await startWriters(
      ['a', 'b'].map((tag) => ({ ...fixture.settings, tag, task: 'redeem', handles })),
    );
    const exits = await Promise.all(redeemers.map((redeemer) => redeemer.exited));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    const wins = redeemers.flatMap((redeemer) => valuesOf(redeemer.lines, 'won'));
    expect(wins.sort()).toEqual([...handles].sort());
  }, 60_000);

  it('shares one token bucket between two processes without spending a token twice', async () => {
    await using fixture = await backend.create();
    const takers = await startWriters(['a', 'b'].map((tag) => ({ ...fixture.settings, tag, task: 'take', count: 40 })));
    const exits = await Promise.all(takers.map((taker) => taker.exited));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    const allowed = takers.flatMap((taker) => taker.lines.filter((line) => line === 'allowed'));
    expect(allowed).toHaveLength(50);
  }, 60_000);
});
