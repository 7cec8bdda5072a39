import { describe, expect, it } from 'vitest';
import { connectClient } from '../src/testing/index.js';
import { createDemoServer } from './fixtures/demo-server.js';

const textOf = (result: { content?: unknown }): string =>
  ((result.content as { type: string; text?: string }[] | undefined) ?? []).map((block) => block.text ?? '').join('\n');

describe.each(['legacy', 'modern'] as const)('a server built on core (%s era)', (era) => {
  it('lists only the tools the mode allows', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const { tools } = await session.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['crash', 'get_value', 'list_values']);
  });

  it('advertises the truncation notice in every output schema in a few bytes, not its whole description', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const { tools } = await session.client.listTools();
    for (const tool of tools) {
      const truncated = (tool.outputSchema?.properties as Record<string, unknown> | undefined)?.truncated;
      expect(truncated).toEqual({
        type: 'object',
        properties: { notice: { type: 'string' }, next: { type: 'object' } },
        required: ['notice'],
      });
    }
  });

  it('returns structured content and a compact text form of it', async () => {
    await using session = await connectClient(createDemoServer(new Map([['a', 'one']])), { era });
    const result = await session.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ key: 'a', value: 'one' });
    expect(textOf(result)).toBe('key: a\nvalue: one');
  });

  it('tells the model which argument is wrong and what the valid ones are', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const result = await session.client.callTool({ name: 'get_value', arguments: { key: 42 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^INVALID_INPUT: Invalid arguments for get_value: "key": .*expected string/);
    expect(textOf(result)).toContain('Arguments: key');
  });

  it('refuses a misspelt argument instead of ignoring it', async () => {
    const store = new Map<string, string>();
    await using session = await connectClient(createDemoServer(store, { mode: 'write' }), { era });
    const result = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'k', value: 'v', dryRun: true },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('unknown argument "dryRun"');
    expect(store.has('k')).toBe(false);
  });

  it('treats a tool hidden by the mode exactly like a tool that does not exist', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const hidden = session.client.callTool({ name: 'drop_all', arguments: {} });
    const missing = session.client.callTool({ name: 'no_such_tool', arguments: {} });
    await expect(hidden).rejects.toThrow(/Unknown tool: drop_all/);
    await expect(missing).rejects.toThrow(/Unknown tool: no_such_tool/);
  });

  it('refuses a call whose arguments make it destructive in write mode, and changes nothing', async () => {
    const store = new Map([['k', 'old']]);
    await using session = await connectClient(createDemoServer(store, { mode: 'write' }), { era });
    const result = await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'k', value: 'new', replace: true },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('FORBIDDEN');
    expect(textOf(result)).toContain('--mode destructive');
    expect(store.get('k')).toBe('old');
  });

  it('maps a tool error to its code and hint', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const result = await session.client.callTool({ name: 'get_value', arguments: { key: 'nope' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('NOT_FOUND: No value under nope\nHint: list_values');
  });

  it('never shows the model the raw message of an unexpected failure', async () => {
    await using session = await connectClient(createDemoServer(new Map()), { era });
    const result = await session.client.callTool({ name: 'crash', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^INTERNAL: /);
    expect(JSON.stringify(result)).not.toMatch(/hunter2|10\.0\.0\.7/);
  });

  it('cuts a result over the byte budget and says so in both forms', async () => {
    const store = new Map(Array.from({ length: 50 }, (_, i) => [`key-${i}`, 'x'.repeat(100)] as [string, string]));
    await using session = await connectClient(createDemoServer(store, { maxOutputBytes: 8192 }), { era });
    const result = await session.client.callTool({ name: 'list_values', arguments: { repeat: 10 } });
    const structured = result.structuredContent as { entries: unknown[]; truncated?: { notice: string } };
    expect(structured.entries.length).toBeGreaterThan(0);
    expect(structured.entries.length).toBeLessThan(500);
    expect(structured.truncated?.notice).toMatch(/8 KiB output budget/);
    expect(textOf(result)).toMatch(/^\[truncated\] Result cut/);
    expect(Buffer.byteLength(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(8192);
    expect(Buffer.byteLength(textOf(result))).toBeLessThanOrEqual(8192);
  });
});

describe('progress', () => {
  it('reaches a client that asked for it', async () => {
    await using session = await connectClient(createDemoServer(new Map([['a', 'b']])));
    const seen: number[] = [];
    await session.client.callTool(
      { name: 'list_values', arguments: {} },
      { onprogress: (progress) => seen.push(progress.progress) },
    );
    expect(seen).toEqual([1]);
  });
});
