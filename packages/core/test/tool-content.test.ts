import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildServer, defineTool, readOnly, write } from '../src/index.js';
import { connectClient } from '../src/testing/index.js';

const pixel = defineTool({
  name: 'get_pixel',
  title: 'Pixel',
  description: 'A picture.',
  annotations: readOnly,
  input: z.object({ big: z.boolean().default(false) }),
  output: z.object({ mimeType: z.string(), data: z.string() }),
  content: ({ mimeType, data }) => [{ type: 'image', data, mimeType }],
  handler: async ({ big }) => ({ mimeType: 'image/png', data: big ? 'A'.repeat(4000) : 'iVBORw0KGgo=' }),
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

describe.each(['legacy', 'modern'] as const)('tool content and descriptors (%s era)', (era) => {
  it('sends the content blocks a tool builds from its output, and falls back to text when the budget cut it', async () => {
    const server = buildServer({ name: 'demo', version: '0', tools: [pixel], deps: {} }, { maxOutputBytes: 2048 });
    await using session = await connectClient(server, { era });
    const small = await session.client.callTool({ name: 'get_pixel', arguments: {} });
    expect(small.content).toEqual([{ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }]);
    expect(small.structuredContent).toEqual({ mimeType: 'image/png', data: 'iVBORw0KGgo=' });
    const cut = await session.client.callTool({ name: 'get_pixel', arguments: { big: true } });
    expect((cut.content as { type: string }[])[0]?.type).toBe('text');
  });

  it('advertises compact schemas: a small truncation notice, no closed-object markers, only meaningful hints', async () => {
    const server = buildServer({ name: 'demo', version: '0', tools: [pixel, setter], deps: {} }, { mode: 'write' });
    await using session = await connectClient(server, { era });
    const { tools } = await session.client.listTools();
    const reading = tools.find((tool) => tool.name === 'get_pixel')!;
    const writing = tools.find((tool) => tool.name === 'set_thing')!;
    expect(reading.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(writing.annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(JSON.stringify(writing.outputSchema)).not.toContain('additionalProperties');
    expect((writing.outputSchema?.properties as Record<string, unknown> | undefined)?.truncated).toEqual({
      type: 'object',
      properties: { notice: { type: 'string' }, next: { type: 'object' } },
      required: ['notice'],
    });
    const result = await session.client.callTool({ name: 'set_thing', arguments: { value: 'v' } });
    expect(result.structuredContent).toEqual({ value: 'v', nested: { deep: 'v' } });
  });
});
