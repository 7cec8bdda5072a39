import { connectClient } from '@infra-mcp/core/testing';
import type { Client, ClientCapabilities } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { createEverythingServer } from '../src/everything/server.js';
import { pixel } from '../src/everything/media.js';

describe.each(['legacy', 'modern'] as const)('the everything server (%s era)', (era) => {
  it('sends an image output field as an image block, not as structured data or text', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const result = await session.client.callTool({ name: 'test_image_content', arguments: {} });
    expect(result.content).toEqual([{ type: 'image', data: pixel.data, mimeType: 'image/png' }]);
    expect(result.structuredContent).toEqual({});
  });

  it('keeps the structured fields and their text beside the media of a mixed result', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const result = await session.client.callTool({ name: 'test_multiple_content_types', arguments: {} });
    expect((result.content as { type: string }[]).map((block) => block.type)).toEqual(['text', 'image', 'resource']);
    expect(result.structuredContent).toEqual({ caption: 'Multiple content types test:' });
    expect(JSON.stringify(result.content)).not.toContain('"caption":');
  });

  it('advertises output schemas without the fields that travel as content blocks', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const { tools } = await session.client.listTools();
    const mixed = tools.find((tool) => tool.name === 'test_multiple_content_types');
    expect(Object.keys(mixed?.outputSchema?.properties ?? {}).sort()).toEqual(['caption']);
  });

  it('completes a prompt argument from what the user typed so far', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const { completion } = await session.client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'pa' },
    });
    expect(completion.values).toEqual(['paris', 'park', 'party']);
  });

  it('completes a resource template variable', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const { completion } = await session.client.complete({
      ref: { type: 'ref/resource', uri: 'test://template/{id}/data' },
      argument: { name: 'id', value: '12' },
    });
    expect(completion.values).toEqual(['123']);
  });

  it('refuses to complete a prompt that does not exist', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const completing = session.client.complete({
      ref: { type: 'ref/prompt', name: 'no_such_prompt' },
      argument: { name: 'arg1', value: '' },
    });
    await expect(completing).rejects.toThrow(/No prompt no_such_prompt to complete/);
  });

  it('renders a prompt as messages that carry an image and then text', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const { messages } = await session.client.getPrompt({ name: 'test_prompt_with_image' });
    expect(messages.map((message) => message.content.type)).toEqual(['image', 'text']);
  });

  it('reports progress to a client that asked for it', async () => {
    await using session = await connectClient(createEverythingServer(), { era });
    const seen: number[] = [];
    await session.client.callTool(
      { name: 'test_tool_with_progress', arguments: {} },
      { onprogress: (update) => seen.push(update.progress) },
    );
    expect(seen).toEqual([0, 50, 100]);
  });
});

describe('asking the client mid-call (2026-07-28 input rounds)', () => {
  const everyKind: ClientCapabilities = { elicitation: { form: {} }, sampling: {}, roots: {} };
  /** A 2026 client that answers forms with `answers` in turn, sampling with "Paris" and roots with one root. */
  const answering = (answers: Record<string, string>[], capabilities: ClientCapabilities = everyKind) => ({
    era: 'modern' as const,
    capabilities,
    prepare: (client: Client) => {
      if (capabilities.elicitation !== undefined)
        client.setRequestHandler('elicitation/create', async () => ({
          action: 'accept',
          content: answers.shift() ?? {},
        }));
      if (capabilities.sampling !== undefined)
        client.setRequestHandler('sampling/createMessage', async () => ({
          role: 'assistant',
          content: { type: 'text', text: 'Paris' },
          model: 'test-model',
        }));
      if (capabilities.roots !== undefined)
        client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///srv/app', name: 'app' }] }));
    },
  });

  it('keeps the first answer across rounds while asking the second question', async () => {
    await using session = await connectClient(
      createEverythingServer(),
      answering([{ name: 'Ada' }, { color: 'teal' }]),
    );
    const result = await session.client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    expect(result.structuredContent).toEqual({ reply: 'Ada likes teal' });
  });

  it('asks a person, the model and the roots in one round', async () => {
    await using session = await connectClient(createEverythingServer(), answering([{ name: 'Ada' }]));
    const result = await session.client.callTool({ name: 'test_input_required_result_multiple_inputs', arguments: {} });
    expect(result.structuredContent).toEqual({ reply: 'Paris Ada: 1 root(s) visible' });
  });

  it('asks only what the client declared it can answer', async () => {
    await using session = await connectClient(createEverythingServer(), answering([], { sampling: {} }));
    const result = await session.client.callTool({ name: 'test_input_required_result_capabilities', arguments: {} });
    expect(result.structuredContent).toEqual({ answered: ['greeting'] });
  });

  it('lets a prompt ask the user before it renders', async () => {
    await using session = await connectClient(createEverythingServer(), answering([{ context: 'incident 42' }]));
    const { messages } = await session.client.getPrompt({ name: 'test_input_required_result_prompt' });
    expect(messages[0]?.content).toEqual({ type: 'text', text: 'Use the following context: incident 42' });
  });
});
