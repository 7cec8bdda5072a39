import { buildServer, defineTool, destructive, imageContent, question, readOnly } from '@infra-mcp/core';
import { connectClient } from '@infra-mcp/core/testing';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

// Core features the conformance suite drove (media blocks, client logging, asking), checked on
// behaviour the suite does not look at: budgets, redaction, and where asking is refused.

const screenshotTool = defineTool({
  name: 'take_screenshot',
  title: 'Screenshot',
  description: 'Returns a screenshot.',
  annotations: readOnly,
  input: z.object({ bytes: z.number().int() }),
  output: z.object({ width: z.number(), image: imageContent }),
  handler: async ({ bytes }) => ({ width: 800, image: { data: 'A'.repeat(bytes), mimeType: 'image/png' } }),
});

const connectTool = defineTool({
  name: 'connect_database',
  title: 'Connect',
  description: 'Connects to a database.',
  annotations: readOnly,
  input: z.object({ dsn: z.string() }),
  output: z.object({ connected: z.boolean() }),
  handler: async ({ dsn }, { clientLog }) => {
    await clientLog('info', `connecting to ${dsn}`);
    await clientLog('info', { dsn, password: 'hunter2' });
    return { connected: true };
  },
});

const wipeTool = defineTool({
  name: 'wipe_cache',
  title: 'Wipe',
  description: 'Wipes a cache after asking which one.',
  annotations: destructive,
  input: z.object({}),
  output: z.object({ wiped: z.string() }),
  handler: async (_input, { ask }) => {
    const { which } = await ask({ which: question.form('Which cache?', z.object({ name: z.string() })) });
    return { wiped: which?.name ?? 'none' };
  },
});

const server = (maxOutputBytes = 64 * 1024) =>
  buildServer(
    { name: 'extensions', version: '0.0.0', tools: [screenshotTool, connectTool, wipeTool], deps: {} },
    { mode: 'destructive', maxOutputBytes },
  );

describe.each(['legacy', 'modern'] as const)('core output and client features (%s era)', (era) => {
  it('sends an image within the budget as an image block beside the text of the other fields', async () => {
    await using session = await connectClient(server(), { era });
    const result = await session.client.callTool({ name: 'take_screenshot', arguments: { bytes: 400 } });
    expect(result.content).toEqual([
      { type: 'text', text: 'width: 800' },
      { type: 'image', data: 'A'.repeat(400), mimeType: 'image/png' },
    ]);
  });

  it('leaves out an image over the output budget whole, and says so', async () => {
    await using session = await connectClient(server(2048), { era });
    const result = await session.client.callTool({ name: 'take_screenshot', arguments: { bytes: 4000 } });
    expect((result.content as { type: string }[]).map((block) => block.type)).toEqual(['text']);
    expect(result.structuredContent).toEqual({
      width: 800,
      truncated: { notice: 'Left out image in image (3.9 KiB): over the 2 KiB output budget.' },
    });
  });

  it('redacts credentials in log messages sent to the client', async () => {
    const logged: unknown[] = [];
    await using session = await connectClient(server(), {
      era,
      prepare: (client) =>
        client.setNotificationHandler('notifications/message', (message) => void logged.push(message.params.data)),
    });
    await session.client.callTool({
      name: 'connect_database',
      arguments: { dsn: 'postgres://app:s3cret@db:5432/app' },
      // 2026-07-28 delivers log messages only to a request that asked for a level.
      ...(era === 'modern' ? { _meta: { 'io.modelcontextprotocol/logLevel': 'info' } } : {}),
    });
    expect(JSON.stringify(logged)).not.toMatch(/s3cret|hunter2/);
    expect(logged[0]).toBe('connecting to postgres://app:[redacted]@db:5432/app');
  });

  it('refuses a destructive tool that asks a question after its confirmation', async () => {
    await using session = await connectClient(server(), { era });
    const first = await session.client.callTool({ name: 'wipe_cache', arguments: {} });
    const token = (first.structuredContent as { confirmation_token: string }).confirmation_token;
    const second = await session.client.callTool({ name: 'wipe_cache', arguments: { confirmation_token: token } });
    expect(second.isError).toBe(true);
    expect(JSON.stringify(second.content)).toContain('cannot ask for input during a destructive call');
  });
});
