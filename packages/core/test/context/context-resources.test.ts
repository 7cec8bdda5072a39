import { describe, expect, it } from 'vitest';
import { connectClient } from '../../src/testing/index.js';
import { sqliteBackend } from '../state/backends.js';
import { createContextServer } from './context-server.js';

const textsOf = (result: { contents: unknown[] }): string[] =>
  result.contents.map((content) => (content as { text?: string }).text ?? '');

describe.each(['legacy', 'modern'] as const)('context:// resources (%s era)', (era) => {
  it('list the caller’s notes and read one by key, slashes and all', async () => {
    await using fixture = await sqliteBackend.create();
    await fixture.store.putNote({
      namespace: 'kubernetes',
      owner: 'local',
      key: 'runbook/db:failover',
      value: 'promote replica',
      tags: ['db'],
    });
    await fixture.store.putNote({ namespace: 'kubernetes', owner: 'bob', key: 'not-yours', value: 'x' });
    await using session = await connectClient(createContextServer(fixture.store), { era });
    const { resources } = await session.client.listResources();
    expect(resources.map((resource) => resource.uri).sort()).toEqual([
      'context://history',
      'context://notes',
      'context://notes/runbook/db:failover',
    ]);
    const note = await session.client.readResource({ uri: 'context://notes/runbook/db:failover' });
    expect(textsOf(note)).toEqual(['promote replica']);
    const index = JSON.parse(textsOf(await session.client.readResource({ uri: 'context://notes' }))[0]!);
    expect(index.notes).toEqual([
      expect.objectContaining({ key: 'runbook/db:failover', tags: ['db'], uri: 'context://notes/runbook/db:failover' }),
    ]);
  });

  it('say a note does not exist rather than showing another user’s', async () => {
    await using fixture = await sqliteBackend.create();
    await fixture.store.putNote({ namespace: 'kubernetes', owner: 'bob', key: 'not-yours', value: 'x' });
    await using session = await connectClient(createContextServer(fixture.store), { era });
    await expect(session.client.readResource({ uri: 'context://notes/not-yours' })).rejects.toThrow(
      /no note not-yours/,
    );
    await expect(session.client.readResource({ uri: 'context://notes/bad key' })).rejects.toThrow(/not valid/);
  });

  it('show the server’s recent changes', async () => {
    await using fixture = await sqliteBackend.create();
    await using session = await connectClient(createContextServer(fixture.store, 'kubernetes', { mode: 'write' }), {
      era,
    });
    await session.client.callTool({ name: 'scale', arguments: { name: 'web', replicas: 2 } });
    const history = JSON.parse(textsOf(await session.client.readResource({ uri: 'context://history' }))[0]!);
    expect(history.changes).toEqual([
      expect.objectContaining({ tool: 'scale', principal: 'local', outcome: 'ok', summary: 'scaled web to 2' }),
    ]);
  });
});
