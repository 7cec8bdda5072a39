import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildServer, defineTool, readOnly, write } from '../src/index.js';
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
  it('advertises compact schemas: a small truncation notice, no closed-object markers, only meaningful hints', async () => {
    const server = buildServer({ name: 'demo', version: '0', tools: [getter, setter], deps: {} }, { mode: 'write' });
    await using session = await connectClient(server, { era });
    const { tools } = await session.client.listTools();
    const reading = tools.find((tool) => tool.name === 'get_thing')!;
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
