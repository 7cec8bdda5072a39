import { describe, expect, it } from 'vitest';
import { createAuditSink } from '../src/audit/audit-sink.js';
import { createLogger, silentLogger } from '../src/log.js';
import { parseRateLimits } from '../src/policy/rate-limit-rules.js';
import type { AuditInput } from '../src/state/store.js';
import { connectClient } from '../src/testing/index.js';
import { createDemoServer } from './fixtures/demo-server.js';

function recordingSink() {
  const records: AuditInput[] = [];
  return {
    records,
    sink: createAuditSink({ appendAudit: async (batch) => void records.push(...batch) }, silentLogger),
  };
}

describe('the audit trail', () => {
  it('records every call with its outcome: allowed, invalid, failed, denied, rate-limited and unknown', async () => {
    const { records, sink } = recordingSink();
    const server = createDemoServer(new Map([['a', '1']]), {
      mode: 'write',
      audit: sink,
      rateLimits: { rules: parseRateLimits({ list_values: '1/hour' }) },
    });
    await using session = await connectClient(server);
    await session.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    await session.client.callTool({ name: 'get_value', arguments: { key: 7 } });
    await session.client.callTool({ name: 'crash', arguments: {} });
    await session.client.callTool({ name: 'set_value', arguments: { key: 'a', value: 'x', replace: true } });
    await session.client.callTool({ name: 'list_values', arguments: {} });
    await session.client.callTool({ name: 'list_values', arguments: {} });
    await session.client.callTool({ name: 'drop_all', arguments: {} }).catch(() => undefined);
    await sink.flush();
    expect(records.map((r) => [r.tool, r.outcome, r.errorCode ?? null])).toEqual([
      ['get_value', 'ok', null],
      ['get_value', 'error', 'INVALID_INPUT'],
      ['crash', 'error', 'INTERNAL'],
      ['set_value', 'denied', 'FORBIDDEN'],
      ['list_values', 'ok', null],
      ['list_values', 'rate_limited', 'RATE_LIMITED'],
      ['drop_all', 'error', 'NOT_FOUND'],
    ]);
    expect(records.every((r) => r.principal === 'local' && r.server === 'demo' && r.requestId.length > 0)).toBe(true);
  });

  it('never stores a secret argument', async () => {
    const { records, sink } = recordingSink();
    await using session = await connectClient(createDemoServer(new Map(), { mode: 'write', audit: sink }));
    await session.client.callTool({
      name: 'set_value',
      arguments: { key: 'db', value: 'postgres://app:hunter2@db/x' },
    });
    await sink.flush();
    expect(JSON.stringify(records)).not.toContain('hunter2');
  });
});

describe('the audit sink', () => {
  const record = (requestId: string): AuditInput => ({
    at: new Date(),
    requestId,
    principal: 'p',
    server: 's',
    tool: 't',
    args: {},
    outcome: 'ok',
    durationMs: 1,
  });

  it('stores a burst of records in one write, in order, and everything on flush', async () => {
    const writes: string[][] = [];
    const sink = createAuditSink(
      { appendAudit: async (batch) => void writes.push(batch.map((r) => r.requestId)) },
      silentLogger,
      { flushAfterMs: 50 },
    );
    for (let i = 0; i < 5; i++) sink.write(record(`r${i}`));
    expect(writes).toEqual([]);
    await sink.flush();
    expect(writes).toEqual([['r0', 'r1', 'r2', 'r3', 'r4']]);
  });

  it('writes a full batch at once without waiting for the window', async () => {
    const writes: number[] = [];
    const sink = createAuditSink({ appendAudit: async (batch) => void writes.push(batch.length) }, silentLogger, {
      flushAfterMs: 60_000,
      maxBatch: 3,
    });
    for (let i = 0; i < 7; i++) sink.write(record(`r${i}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([3, 3]);
    await sink.flush();
    expect(writes).toEqual([3, 3, 1]);
  });

  it('keeps going when the store fails, and logs it', async () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (line) => lines.push(line) });
    const sink = createAuditSink({ appendAudit: async () => Promise.reject(new Error('disk full')) }, log);
    sink.write(record('r1'));
    await sink.flush();
    expect(lines.join('')).toContain('audit records could not be stored');
  });
});
