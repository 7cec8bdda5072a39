import { once } from 'node:events';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { buildServer, defineTool, readOnly } from '../src/index.js';
import { CallSignal } from '../src/pipeline/call-signal.js';
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
    const first = new CallSignal(parent.signal, 60_000);
    expect(first.signal.aborted).toBe(false);
    first.release();
    const second = new CallSignal(parent.signal, 60_000);
    expect(second.signal.aborted).toBe(false);
    parent.abort(new Error('cancelled'));
    expect(first.signal.aborted).toBe(false);
    expect(second.signal.aborted).toBe(true);
    expect(second.signal.reason).toEqual(new Error('cancelled'));
    second.release();
  });

  it('is made on first look, already aborted when the client cancelled before it', () => {
    const parent = new AbortController();
    const signal = new CallSignal(parent.signal, 60_000);
    parent.abort(new Error('cancelled'));
    expect(signal.signal.aborted).toBe(true);
    expect(signal.signal.reason).toEqual(new Error('cancelled'));
    signal.release();
  });

  it('counts the timeout from the start of the call, not from the first look', async () => {
    const late = new CallSignal(new AbortController().signal, 20);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(late.signal.aborted).toBe(true);
    expect((late.signal.reason as DOMException).name).toBe('TimeoutError');

    const early = new CallSignal(new AbortController().signal, 50);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    await once(signal, 'abort');
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('made only after the call ended, follows neither the client nor the clock', async () => {
    const parent = new AbortController();
    const ended = new CallSignal(parent.signal, 10);
    ended.release();
    const signal = ended.signal;
    parent.abort();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(signal.aborted).toBe(false);
  });
});
