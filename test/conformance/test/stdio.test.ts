import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/everything/stdio.ts', import.meta.url));

/** A client of the everything server run as its own process, answering every question it is asked. */
interface StdioSession {
  client: Client;
  logged: unknown[];
}

async function spawnEverything(era: 'legacy' | 'modern'): Promise<StdioSession> {
  const client = new Client(
    { name: 'conformance-stdio-test', version: '0.0.0' },
    {
      capabilities: { sampling: {}, elicitation: { form: {} } },
      ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    },
  );
  const logged: unknown[] = [];
  client.setNotificationHandler('notifications/message', (message) => void logged.push(message.params.data));
  client.setRequestHandler('sampling/createMessage', async (request) => ({
    role: 'assistant',
    content: { type: 'text', text: `echo of ${JSON.stringify(request.params.messages[0]?.content)}` },
    model: 'test-model',
  }));
  client.setRequestHandler('elicitation/create', async () => ({
    action: 'accept',
    content: { username: 'ada', email: 'ada@example.com', name: 'Ada', color: 'teal' },
  }));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--conditions=@infra-mcp/source', '--import', 'tsx', entry],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stderr: 'ignore',
  });
  await client.connect(transport);
  return { client, logged };
}

describe('the everything server over stdio, 2025 wire', () => {
  let session: StdioSession;
  beforeAll(async () => {
    session = await spawnEverything('legacy');
  });
  afterAll(() => session.client.close());

  it('asks the client to sample, over the session stdio keeps', async () => {
    const result = await session.client.callTool({ name: 'test_sampling', arguments: { prompt: 'ping' } });
    expect(result.structuredContent).toEqual({ reply: 'LLM response: echo of {"type":"text","text":"ping"}' });
  });

  it('asks a person to fill in a form', async () => {
    const result = await session.client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
    expect(result.structuredContent).toEqual({ answered: true, username: 'ada', email: 'ada@example.com' });
  });

  it('delivers log messages to the client while a tool runs', async () => {
    session.logged.length = 0;
    await session.client.callTool({ name: 'test_tool_with_logging', arguments: {} });
    expect(session.logged).toEqual(['Tool execution started', 'Tool processing data', 'Tool execution completed']);
  });
});

describe('the everything server over stdio, 2026-07-28 wire', () => {
  let session: StdioSession;
  beforeAll(async () => {
    session = await spawnEverything('modern');
  });
  afterAll(() => session.client.close());

  it('runs input rounds, keeping earlier answers', async () => {
    const result = await session.client.callTool({ name: 'test_input_required_result_multi_round', arguments: {} });
    expect(result.structuredContent).toEqual({ reply: 'Ada likes teal' });
  });

  it('sends media as content blocks', async () => {
    const result = await session.client.callTool({ name: 'test_audio_content', arguments: {} });
    expect(result.content).toEqual([expect.objectContaining({ type: 'audio', mimeType: 'audio/wav' })]);
  });
});
