import { describe, expect, it } from 'vitest';
import { createAuditSink } from '../src/audit/audit-sink.js';
import { silentLogger } from '../src/log.js';
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
