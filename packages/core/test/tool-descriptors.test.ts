import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildServer, defineTool, describeTool, readOnly, write, type DescriptorTable } from '../src/index.js';
import { connectClient } from '../src/testing/index.js';

const getter = defineTool({
  name: 'get_thing',
  title: 'Get',
  description: 'Gets.',
  annotations: readOnly,
  input: z.object({}),
  output: z.object({ value: z.string() }),
  handler: async () => ({ value: 'v' }),
});

const setter = defineTool({
  name: 'set_thing',
  title: 'Set',
  description: 'Sets.',
  annotations: write,
  input: z.object({ value: z.string() }),
  output: z.object({ value: z.string(), nested: z.object({ deep: z.string() }) }),
  handler: async ({ value }) => ({ value, nested: { deep: value } }),
});

describe.each(['legacy', 'modern'] as const)('tool descriptors (%s era)', (era) => {
  it('advertises compact schemas: top-level output fields, no truncation notice, only meaningful hints', async () => {
    const server = buildServer({ name: 'demo', version: '0', tools: [getter, setter], deps: {} }, { mode: 'write' });
    await using session = await connectClient(server, { era });
    const { tools } = await session.client.listTools();
    const reading = tools.find((tool) => tool.name === 'get_thing')!;
    const writing = tools.find((tool) => tool.name === 'set_thing')!;
    expect(reading.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    // Only the hints that differ from the spec's defaults (readOnly false, destructive true, idempotent false, open world true).
    expect(writing.annotations).toEqual({ destructiveHint: false, openWorldHint: false });
    expect(writing.outputSchema).toEqual({
      type: 'object',
      properties: { value: { type: 'string' }, nested: { type: 'object' } },
      required: ['value', 'nested'],
    });
    const result = await session.client.callTool({ name: 'set_thing', arguments: { value: 'v' } });
    expect(result.structuredContent).toEqual({ value: 'v', nested: { deep: 'v' } });
  });

  it('advertises the whole output shape when the operator asks for full schemas', async () => {
    const server = buildServer(
      { name: 'demo', version: '0', tools: [setter], deps: {} },
      { mode: 'write', outputSchemas: 'full' },
    );
    await using session = await connectClient(server, { era });
    const { tools } = await session.client.listTools();
    expect(tools[0]!.outputSchema).toEqual({
      type: 'object',
      properties: {
        value: { type: 'string' },
        nested: { type: 'object', properties: { deep: { type: 'string' } }, required: ['deep'] },
      },
      required: ['value', 'nested'],
    });
  });

  it('lets a truncated result through a client that validates against the advertised schema', async () => {
    const big = defineTool({
      name: 'big',
      title: 'Big',
      description: 'Big.',
      annotations: readOnly,
      input: z.object({}),
      output: z.object({ items: z.array(z.string()) }),
      handler: async () => ({ items: Array.from({ length: 500 }, (_, i) => `item-${i}-${'x'.repeat(40)}`) }),
    });
    const server = buildServer({ name: 'demo', version: '0', tools: [big], deps: {} }, { maxOutputBytes: 4096 });
    await using session = await connectClient(server, { era });
    await session.client.listTools();
    const result = await session.client.callTool({ name: 'big', arguments: {} });
    expect((result.structuredContent as { truncated?: { notice: string } }).truncated?.notice).toMatch(
      /4 KiB output budget/,
    );
  });
});

describe('descriptors computed ahead', () => {
  it('serves a tool from the table of its server and level of detail, and describes any other tool itself', async () => {
    // A mark only a table entry carries: an annotation title.
    const planted = (tool: typeof setter, title: string) => {
      const descriptor = describeTool('demo', tool, 'shallow');
      return { ...descriptor, annotations: { ...descriptor.annotations, title } };
    };
    const tables: Record<string, DescriptorTable> = {
      'demo shallow': { set_thing: planted(setter, 'From the table') },
      'other shallow': { get_thing: planted(getter, 'Another server’s') },
      'demo full': { get_thing: planted(getter, 'Another level of detail') },
    };
    const server = buildServer(
      { name: 'demo', version: '0', tools: [getter, setter], deps: {} },
      { mode: 'write', descriptors: (name, detail) => tables[`${name} ${detail}`] },
    );
    await using session = await connectClient(server, { era: 'legacy' });
    const { tools } = await session.client.listTools();
    expect(tools.find((tool) => tool.name === 'set_thing')?.annotations?.title).toBe('From the table');
    expect(tools.find((tool) => tool.name === 'get_thing')).toEqual(describeTool('demo', getter, 'shallow'));
  });

  it('describes a tool itself when the entry under its name belongs to another tool', async () => {
    const entry = describeTool('demo', setter, 'shallow');
    const renamed = { ...setter, description: 'Sets, differently.' };
    const otherArguments = defineTool({ ...setterSpecOf(setter), input: z.object({ other: z.string() }) });
    for (const tool of [renamed, otherArguments]) {
      const server = buildServer(
        { name: 'demo', version: '0', tools: [tool], deps: {} },
        { mode: 'write', descriptors: () => ({ set_thing: entry }) },
      );
      await using session = await connectClient(server, { era: 'legacy' });
      const [listed] = (await session.client.listTools()).tools;
      expect(listed).toEqual(describeTool('demo', tool, 'shallow'));
      expect(listed).not.toEqual(entry);
    }
  });
});

function setterSpecOf(tool: typeof setter) {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    annotations: write,
    output: z.object({ value: z.string() }),
    handler: async () => ({ value: 'v' }),
  };
}
