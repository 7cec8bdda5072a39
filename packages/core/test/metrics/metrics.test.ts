import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, ToolError, type AuthFailureReason, type Metrics } from '../../src/index.js';
import { createMetrics } from '../../src/metrics.js';
import { getValueTool } from '../fixtures/demo-server.js';
import { parseExposition, valueOf } from './exposition-parser.js';

const opened: Metrics[] = [];
const metricsFor = (options: Partial<Parameters<typeof createMetrics>[0]> = {}): Metrics => {
  const metrics = createMetrics({ transport: 'tcp', ...options });
  opened.push(metrics);
  return metrics;
};
afterEach(() => {
  for (const metrics of opened.splice(0)) metrics.close();
});

const scrape = (metrics: Metrics) => parseExposition(metrics.render());
const count = 'mcp_server_operation_duration_seconds_count';

describe('recording operations other than dispatched tool calls', () => {
  it('labels a method the spec defines by name and any other method as _other', () => {
    const metrics = metricsFor();
    metrics.observeOperation({ method: 'tools/list', server: 'demo' }, { seconds: 0.002 });
    metrics.observeOperation({ method: 'x-evil/"method', server: 'demo' }, { seconds: 0.002 });
    const scraped = scrape(metrics);
    expect(valueOf(scraped, count, { mcp_method_name: 'tools/list', network_transport: 'tcp' })).toBe(1);
    expect(valueOf(scraped, count, { mcp_method_name: '_other' })).toBe(1);
    expect(metrics.render()).not.toContain('x-evil');
  });

  it('times an operation, rethrows its error and records only the JSON-RPC code, never the message', async () => {
    const metrics = metricsFor();
    const failing = metrics.timeOperation({ method: 'resources/read', server: 'demo' }, async () => {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'no such file /etc/shadow-secret');
    });
    await expect(failing).rejects.toThrow(/shadow-secret/);
    await expect(metrics.timeOperation({ method: 'prompts/get', server: 'demo' }, async () => 7)).resolves.toBe(7);
    const scraped = scrape(metrics);
    expect(valueOf(scraped, count, { mcp_method_name: 'resources/read', error_type: '-32602' })).toBe(1);
    expect(valueOf(scraped, count, { mcp_method_name: 'prompts/get', error_type: '' })).toBe(1);
    expect(metrics.render()).not.toContain('shadow');
  });

  it('labels a thrown tool error by its code and anything unrecognised as _OTHER', async () => {
    const metrics = metricsFor();
    const target = { method: 'resources/read', server: 'demo' };
    await metrics.timeOperation(target, async () => Promise.reject(new ToolError('NOT_FOUND', 'gone'))).catch(() => {});
    await metrics.timeOperation(target, async () => Promise.reject(new Error('db password=x'))).catch(() => {});
    const scraped = scrape(metrics);
    expect(valueOf(scraped, count, { error_type: 'NOT_FOUND' })).toBe(1);
    expect(valueOf(scraped, count, { error_type: '_OTHER' })).toBe(1);
  });

  it('records a call of a tool the server does not have under _unknown, as a client error', () => {
    const metrics = metricsFor();
    metrics.observeOperation(
      { method: 'tools/call', server: 'demo' },
      { seconds: 0.001, error: new ProtocolError(ProtocolErrorCode.InvalidParams, 'Unknown tool: evil') },
    );
    const scraped = scrape(metrics);
    expect(valueOf(scraped, count, { gen_ai_tool_name: '_unknown', error_type: '-32602' })).toBe(1);
    const calls = { gen_ai_tool_name: '_unknown', outcome: 'client_error' };
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls)).toBe(1);
  });

  it('names the tool of a tools/call only from the tool object the server resolved', () => {
    const metrics = metricsFor();
    metrics.observeOperation({ method: 'tools/call', server: 'demo', tool: getValueTool }, { seconds: 0.001 });
    expect(valueOf(scrape(metrics), count, { gen_ai_tool_name: 'get_value', error_type: '' })).toBe(1);
  });

  it('replaces a server name that is not a plain name with _other', () => {
    const metrics = metricsFor();
    metrics.observeOperation({ method: 'tools/list', server: 'Demo"\n' }, { seconds: 0.001 });
    expect(valueOf(scrape(metrics), count, { server: '_other' })).toBe(1);
  });
});

describe('authentication failures and circuit breakers', () => {
  it('counts auth failures by reason, and a reason outside the fixed set as _other', () => {
    const metrics = metricsFor();
    metrics.authFailure('expired', 'demo');
    metrics.authFailure('expired', 'demo');
    metrics.authFailure('wrong_audience');
    metrics.authFailure('Bearer eyJhbGciOi' as AuthFailureReason);
    const scraped = scrape(metrics);
    expect(valueOf(scraped, 'infra_mcp_auth_failures_total', { server: 'demo', reason: 'expired' })).toBe(2);
    expect(valueOf(scraped, 'infra_mcp_auth_failures_total', { server: '', reason: 'wrong_audience' })).toBe(1);
    expect(valueOf(scraped, 'infra_mcp_auth_failures_total', { reason: '_other' })).toBe(1);
    expect(metrics.render()).not.toContain('eyJ');
  });

  it('shows exactly one current state per upstream and counts only real transitions', () => {
    const metrics = metricsFor();
    metrics.breakerState('github', 'closed');
    metrics.breakerState('github', 'open');
    metrics.breakerState('github', 'open');
    metrics.breakerState('github', 'half_open');
    const scraped = scrape(metrics);
    const state = (value: string) =>
      valueOf(scraped, 'infra_mcp_circuit_breaker_state', { upstream: 'github', state: value });
    expect([state('closed'), state('open'), state('half_open')]).toEqual([0, 0, 1]);
    const entered = (value: string) =>
      valueOf(scraped, 'infra_mcp_circuit_breaker_transitions_total', { upstream: 'github', state: value });
    expect([entered('closed'), entered('open'), entered('half_open')]).toEqual([undefined, 1, 1]);
  });
});

describe('process metrics', () => {
  it('exports CPU, resident memory, start time and event-loop delay under the usual names', () => {
    const scraped = scrape(metricsFor());
    expect(valueOf(scraped, 'process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(valueOf(scraped, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    const started = valueOf(scraped, 'process_start_time_seconds')!;
    expect(started).toBeLessThanOrEqual(Date.now() / 1000);
    expect(started).toBeGreaterThan(Date.now() / 1000 - 24 * 3600);
    expect(scraped.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(scraped.get('process_cpu_seconds_total')?.type).toBe('counter');
  });

  it('leaves process metrics out when asked to', () => {
    const scraped = scrape(metricsFor({ processMetrics: false }));
    expect([...scraped.keys()].filter((name) => name.startsWith('process_') || name.startsWith('nodejs_'))).toEqual([]);
  });

  it('warns once per metric in the log when it reaches its series limit', () => {
    const lines: string[] = [];
    const metrics = metricsFor({ maxSeriesPerMetric: 1, log: createLogger({ sink: (line) => lines.push(line) }) });
    for (const upstream of ['a', 'b', 'c']) metrics.breakerState(upstream, 'open');
    expect(lines.filter((line) => line.includes('series limit'))).toHaveLength(2);
    expect(lines.join('')).toContain('infra_mcp_circuit_breaker_state');
  });
});
