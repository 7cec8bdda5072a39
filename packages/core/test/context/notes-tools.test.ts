import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/principal.js';
import { connectClient } from '../../src/testing/index.js';
import { sqliteBackend } from '../state/backends.js';
import { createContextServer, textOf } from './context-server.js';

const bob: Principal = { id: 'bob', kind: 'api-key', scopes: new Set(['kubernetes:read']) };
const noScopes: Principal = { id: 'eve', kind: 'api-key', scopes: new Set(['github:read']) };

describe.each(['legacy', 'modern'] as const)('notes tools (%s era)', (era) => {
  it('are offered by a read-only server, with annotations that say which ones write', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store), { era });
    const { tools } = await session.client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual([
      'forget_note',
      'list_history',
      'list_notes',
      'recall_note',
      'remember_note',
    ]);
    // readOnlyHint false is the spec's default, so it is not sent.
    expect(byName.get('remember_note')?.annotations).toMatchObject({
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(byName.get('forget_note')?.annotations).toMatchObject({ destructiveHint: false });
    expect(byName.get('forget_note')?.annotations?.readOnlyHint).not.toBe(true);
    expect(byName.get('recall_note')?.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('remembers a note in one session and recalls it in the next', async () => {
    await using fixture = await sqliteBackend.create();
    const server = createContextServer(fixture.store);
    {
      await using first = await connectClient(server, { era });
      const saved = await first.client.callTool({
        name: 'remember_note',
        arguments: { key: 'incident/4521:cause', value: 'connection pool exhausted on db-2', tags: ['incident-4521'] },
      });
      expect(saved.isError).toBeFalsy();
      expect(saved.structuredContent).toMatchObject({ key: 'incident/4521:cause', tags: ['incident-4521'], bytes: 33 });
    }
    await using second = await connectClient(server, { era });
    const recalled = await second.client.callTool({ name: 'recall_note', arguments: { key: 'incident/4521:cause' } });
    expect(recalled.structuredContent).toMatchObject({ value: 'connection pool exhausted on db-2' });
  });
});

describe('notes tools', () => {
  it('keep each principal to their own notes', async () => {
    await using fixture = await sqliteBackend.create();
    const server = createContextServer(fixture.store);
    await using local = await connectClient(server);
    await local.client.callTool({ name: 'remember_note', arguments: { key: 'mine', value: 'local secret plan' } });
    await using other = await connectClient(server, { principal: bob });
    const recalled = await other.client.callTool({ name: 'recall_note', arguments: { key: 'mine' } });
    expect(recalled.isError).toBe(true);
    expect(textOf(recalled)).toMatch(/^NOT_FOUND: There is no note mine/);
    const listed = await other.client.callTool({ name: 'list_notes', arguments: {} });
    expect(listed.structuredContent).toEqual({ notes: [] });
  });

  it('keep notes of one server away from another server on the same store', async () => {
    await using fixture = await sqliteBackend.create();
    await using kube = await connectClient(createContextServer(fixture.store, 'kubernetes'));
    await kube.client.callTool({ name: 'remember_note', arguments: { key: 'ctx', value: 'prod-eu' } });
    await using github = await connectClient(createContextServer(fixture.store, 'github'));
    const recalled = await github.client.callTool({ name: 'recall_note', arguments: { key: 'ctx' } });
    expect(recalled.isError).toBe(true);
  });

  it('are open to any caller who may read the server, and hidden from one who may not', async () => {
    await using fixture = await sqliteBackend.create();
    const server = createContextServer(fixture.store);
    await using reader = await connectClient(server, { principal: bob });
    const saved = await reader.client.callTool({ name: 'remember_note', arguments: { key: 'k', value: 'v' } });
    expect(saved.isError).toBeFalsy();
    await using outsider = await connectClient(server, { principal: noScopes });
    expect((await outsider.client.listTools()).tools).toEqual([]);
  });

  it('refuse an oversized value, say the limit, and store nothing', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    const result = await session.client.callTool({
      name: 'remember_note',
      arguments: { key: 'big', value: 'x'.repeat(70_000) },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^INVALID_INPUT: The value of note big is 70000 bytes; notes hold at most 65536 bytes/,
    );
    expect(textOf(result)).toMatch(/Hint: Save a summary, or split it over several keys/);
    expect(await fixture.store.getNote({ namespace: 'kubernetes', owner: 'local', key: 'big' })).toBeUndefined();
  });

  it('refuse a key with characters a key cannot hold', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    const result = await session.client.callTool({ name: 'remember_note', arguments: { key: 'my note', value: 'v' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/"key": use only A-Z a-z 0-9 \. _ : \/ -/);
  });

  it('forget a note once, then say there is nothing to forget', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    await session.client.callTool({ name: 'remember_note', arguments: { key: 'old', value: 'stale' } });
    const forgotten = await session.client.callTool({ name: 'forget_note', arguments: { key: 'old' } });
    expect(forgotten.structuredContent).toEqual({ key: 'old', forgotten: true });
    const again = await session.client.callTool({ name: 'forget_note', arguments: { key: 'old' } });
    expect(textOf(again)).toBe('NOT_FOUND: There is no note old to forget.\nHint: list_notes shows the keys you have.');
  });

  it('list notes by prefix and tag with a preview, page by page', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    const save = (key: string, value: string, tags: string[] = []) =>
      session.client.callTool({ name: 'remember_note', arguments: { key, value, tags } });
    await save('deploy/web', 'w'.repeat(500), ['web']);
    await save('deploy/api', 'api at rev 12', ['api']);
    await save('deploy/db', 'db pinned', ['web']);
    await save('oncall', 'carol');
    const first = await session.client.callTool({ name: 'list_notes', arguments: { prefix: 'deploy/', limit: 2 } });
    const page = first.structuredContent as { notes: { key: string; preview: string }[]; nextCursor?: string };
    expect(page.notes.map((note) => note.key)).toEqual(['deploy/api', 'deploy/db']);
    const second = await session.client.callTool({
      name: 'list_notes',
      arguments: { prefix: 'deploy/', limit: 2, cursor: page.nextCursor },
    });
    const rest = second.structuredContent as {
      notes: { key: string; preview: string; bytes: number }[];
      nextCursor?: string;
    };
    expect(rest.notes.map((note) => note.key)).toEqual(['deploy/web']);
    expect(rest.notes[0]?.preview).toBe(`${'w'.repeat(120)}…`);
    expect(rest.notes[0]?.bytes).toBe(500);
    expect(rest.nextCursor).toBeUndefined();
    const tagged = await session.client.callTool({ name: 'list_notes', arguments: { tag: 'web' } });
    expect((tagged.structuredContent as { notes: { key: string }[] }).notes.map((n) => n.key)).toEqual([
      'deploy/db',
      'deploy/web',
    ]);
  });

  it('keep a note with an expiry only that long', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    const saved = await session.client.callTool({
      name: 'remember_note',
      arguments: { key: 'lease', value: 'held by job 7', ttl_seconds: 3600 },
    });
    const { updatedAt, expiresAt } = saved.structuredContent as { updatedAt: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.parse(updatedAt)).toBe(3_600_000);
  });

  it('tell the model what to do when the cursor is garbled', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store));
    const result = await session.client.callTool({ name: 'list_notes', arguments: { cursor: 'not-a-cursor' } });
    expect(textOf(result)).toMatch(/^INVALID_INPUT: The cursor is not one this list returned\.\nHint: Pass nextCursor/);
  });
});

describe('list_history', () => {
  it('shows what changed through the server, newest first, by any user', async () => {
    await using fixture = await sqliteBackend.create();
    const server = createContextServer(fixture.store, 'kubernetes', { mode: 'write' });
    await using alice = await connectClient(server);
    await using other = await connectClient(server, {
      principal: { id: 'bob', kind: 'api-key', scopes: new Set(['kubernetes:read', 'kubernetes:write']) },
    });
    await alice.client.callTool({ name: 'scale', arguments: { name: 'web', replicas: 3 } });
    await other.client.callTool({ name: 'scale', arguments: { name: 'api', replicas: 5 } });
    const result = await alice.client.callTool({ name: 'list_history', arguments: {} });
    const { entries } = result.structuredContent as {
      entries: { summary: string; principal: string; args: unknown }[];
    };
    expect(entries.map((entry) => [entry.summary, entry.principal])).toEqual([
      ['scaled api to 5', 'bob'],
      ['scaled web to 3', 'local'],
    ]);
    expect(entries[1]?.args).toEqual({ name: 'web', replicas: 3 });
    const none = await alice.client.callTool({ name: 'list_history', arguments: { tool: 'delete_pod' } });
    expect(none.structuredContent).toEqual({ entries: [] });
  });
});
