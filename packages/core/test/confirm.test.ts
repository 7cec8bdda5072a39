import { describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { connectClient } from '../src/testing/index.js';
import type { Principal } from '../src/principal.js';
import { createDemoServer } from './fixtures/demo-server.js';

const textOf = (result: { content?: unknown }): string =>
  ((result.content as { type: string; text?: string }[] | undefined) ?? []).map((block) => block.text ?? '').join('\n');

const seeded = () =>
  new Map([
    ['a', '1'],
    ['b', '2'],
  ]);

function answering(action: 'accept' | 'decline', confirm = true, seen: string[] = []) {
  return (client: Client) => {
    client.setRequestHandler('elicitation/create', async (request) => {
      seen.push(request.params.message);
      return action === 'accept' ? { action, content: { confirm } } : { action };
    });
  };
}

describe.each(['legacy', 'modern'] as const)('confirmation of destructive calls (%s era)', (era) => {
  it('hands a client without elicitation a token bound to the arguments, and changes nothing yet', async () => {
    const store = seeded();
    await using session = await connectClient(createDemoServer(store, { mode: 'destructive' }), { era });
    const first = await session.client.callTool({ name: 'drop_all', arguments: {} });
    const structured = first.structuredContent as {
      confirmation_required: boolean;
      confirmation_token: string;
      summary: string;
    };
    expect(structured.confirmation_required).toBe(true);
    expect(textOf(first)).toContain('ask them to confirm');
    expect(store.size).toBe(2);

    const second = await session.client.callTool({
      name: 'drop_all',
      arguments: { confirmation_token: structured.confirmation_token },
    });
    expect(second.structuredContent).toEqual({ dropped: 2 });
    expect(store.size).toBe(0);
  });

  it('refuses a token twice, and a token issued for other arguments', async () => {
    const store = seeded();
    await using session = await connectClient(createDemoServer(store, { mode: 'destructive' }), { era });
    const first = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'a', value: 'x', replace: true },
    });
    const token = (first.structuredContent as { confirmation_token: string }).confirmation_token;

    const other = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'b', value: 'x', replace: true, confirmation_token: token },
    });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toMatch(/issued for other arguments/);
    expect(store.get('b')).toBe('2');

    const first2 = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'a', value: 'x', replace: true },
    });
    const token2 = (first2.structuredContent as { confirmation_token: string }).confirmation_token;
    const ok = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'a', value: 'x', replace: true, confirmation_token: token2 },
    });
    expect(ok.isError).toBeFalsy();
    const again = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'a', value: 'y', replace: true, confirmation_token: token2 },
    });
    expect(again.isError).toBe(true);
    expect(store.get('a')).toBe('x');
  });

  it('does not ask for a call that is not destructive', async () => {
    const store = new Map<string, string>();
    await using session = await connectClient(createDemoServer(store, { mode: 'destructive' }), {
      era,
      capabilities: { elicitation: { form: {} } },
      prepare: answering('decline'),
    });
    const result = await session.client.callTool({ name: 'set_value', arguments: { key: 'new', value: 'v' } });
    expect(result.structuredContent).toEqual({ key: 'new', written: true });
  });

  it('asks a person through elicitation and proceeds only on an explicit yes', async () => {
    const store = seeded();
    const seen: string[] = [];
    await using session = await connectClient(createDemoServer(store, { mode: 'destructive' }), {
      era,
      capabilities: { elicitation: { form: {} } },
      prepare: answering('accept', true, seen),
    });
    const result = await session.client.callTool({ name: 'drop_all', arguments: {} });
    expect(result.structuredContent).toEqual({ dropped: 2 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^Confirm a destructive action: drop_all/);
  });

  it.each([
    ['declines', answering('decline')],
    ['leaves the box unchecked', answering('accept', false)],
  ])('does nothing when the person %s', async (_label, prepare) => {
    const store = seeded();
    await using session = await connectClient(createDemoServer(store, { mode: 'destructive' }), {
      era,
      capabilities: { elicitation: { form: {} } },
      prepare,
    });
    const result = await session.client.callTool({ name: 'drop_all', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/did not confirm.*nothing was done/);
    expect(store.size).toBe(2);
  });
});

describe('confirmation tokens across principals', () => {
  it('refuses a token minted for another principal', async () => {
    const store = seeded();
    const server = createDemoServer(store, { mode: 'destructive' });
    const alice: Principal = { id: 'alice', kind: 'api-key', scopes: 'all' };
    const mallory: Principal = { id: 'mallory', kind: 'api-key', scopes: 'all' };
    await using asAlice = await connectClient(server, { principal: alice });
    await using asMallory = await connectClient(server, { principal: mallory });
    const first = await asAlice.client.callTool({ name: 'drop_all', arguments: {} });
    const token = (first.structuredContent as { confirmation_token: string }).confirmation_token;
    const stolen = await asMallory.client.callTool({ name: 'drop_all', arguments: { confirmation_token: token } });
    expect(stolen.isError).toBe(true);
    expect(store.size).toBe(2);
  });

  it('advertises the token argument only on tools that can be destructive', async () => {
    await using session = await connectClient(createDemoServer(new Map(), { mode: 'destructive' }));
    const { tools } = await session.client.listTools();
    const withToken = tools
      .filter((tool) => 'confirmation_token' in ((tool.inputSchema.properties as object | undefined) ?? {}))
      .map((tool) => tool.name);
    expect(withToken.sort()).toEqual(['drop_all', 'set_value']);
  });
});
