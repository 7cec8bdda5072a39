import { once } from 'node:events';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildServer, defineTool, readOnly } from '../src/index.js';
import { callSignal } from '../src/pipeline/call-signal.js';
import { connectClient } from '../src/testing/index.js';

const waitForAbort = defineTool({
  name: 'wait_for_abort',
  title: 'Wait',
  description: 'Waits until the call is aborted.',
  annotations: readOnly,
  input: z.object({}),
  output: z.object({}),
  handler: async (_input, { signal }) => {
    await once(signal, 'abort');
    signal.throwIfAborted();
    return {};
  },
});

describe('the call signal', () => {
  it('aborts a handler that runs past the tool timeout, which the model sees as TIMEOUT', async () => {
    const server = buildServer({ name: 'demo', version: '0', tools: [waitForAbort], deps: {} }, { toolTimeoutMs: 100 });
    await using session = await connectClient(server);
    const result = await session.client.callTool({ name: 'wait_for_abort', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('TIMEOUT');
  });

  it('follows the parent signal and stops listening to it once released', () => {
    const parent = new AbortController();
    const first = callSignal(parent.signal, 60_000);
    first.release();
    const second = callSignal(parent.signal, 60_000);
    parent.abort(new Error('cancelled'));
    expect(first.signal.aborted).toBe(false);
    expect(second.signal.aborted).toBe(true);
    second.release();
  });
});
