import { describe, expect, it } from 'vitest';
import { ToolError, type Metrics, type Middleware } from '../../src/index.js';
import { operationDurationBuckets } from '../../src/metrics.js';
import { valueOf } from './exposition-parser.js';
import { startScrapedServer } from './scraped-server.js';

const calls = (tool: string, outcome: string) => ({ server: 'demo', gen_ai_tool_name: tool, outcome });
const durations = (tool: string, errorType = '') => ({
  server: 'demo',
  mcp_method_name: 'tools/call',
  gen_ai_tool_name: tool,
  error_type: errorType,
  network_transport: 'pipe',
});

describe.each(['legacy', 'modern'] as const)('tool-call metrics scraped over HTTP (%s era)', (era) => {
  it('counts each call by outcome, with the error code the client saw as its error type', async () => {
    await using server = await startScrapedServer({ era });
    await server.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    await server.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    await server.client.callTool({ name: 'get_value', arguments: { key: 42 } });
    await server.client.callTool({ name: 'get_value', arguments: { key: 'missing' } });
    await server.client.callTool({ name: 'crash', arguments: {} });

    const scraped = await server.scrape();
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('get_value', 'ok'))).toBe(2);
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('get_value', 'client_error'))).toBe(2);
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('crash', 'error'))).toBe(1);
    const count = 'mcp_server_operation_duration_seconds_count';
    expect(valueOf(scraped, count, durations('get_value'))).toBe(2);
    expect(valueOf(scraped, count, durations('get_value', 'INVALID_INPUT'))).toBe(1);
    expect(valueOf(scraped, count, durations('get_value', 'NOT_FOUND'))).toBe(1);
    expect(valueOf(scraped, count, durations('crash', 'INTERNAL'))).toBe(1);
    expect(valueOf(scraped, 'infra_mcp_tool_active_calls', { gen_ai_tool_name: 'get_value' })).toBe(0);
  });

  it('counts a call the mode refuses as denied, with error type FORBIDDEN', async () => {
    await using server = await startScrapedServer({ era, mode: 'write', store: new Map([['k', 'old']]) });
    const result = await server.client.callTool({
      name: 'set_value',
      arguments: { key: 'k', value: 'new', replace: true },
    });
    expect(result.isError).toBe(true);
    const scraped = await server.scrape();
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('set_value', 'denied'))).toBe(1);
    expect(valueOf(scraped, 'mcp_server_operation_duration_seconds_count', durations('set_value', 'FORBIDDEN'))).toBe(
      1,
    );
  });

  it('counts rate-limited calls and every decision the limiter reports', async () => {
    // A two-call budget standing in for the limits module, reporting as it will.
    const limiter = (metrics: Metrics): Middleware[] => {
      let budget = 2;
      const middleware: Middleware = async (call, next) => {
        const allowed = budget-- > 0;
        metrics.rateLimitDecision(call.server, call.tool, allowed ? 'allowed' : 'limited');
        if (!allowed) throw new ToolError('RATE_LIMITED', 'Slow down.', { hint: 'Retry in a minute.' });
        return next();
      };
      return [middleware];
    };
    await using server = await startScrapedServer({ era, innerMiddleware: limiter });
    for (let index = 0; index < 3; index++)
      await server.client.callTool({ name: 'get_value', arguments: { key: 'a' } });

    const scraped = await server.scrape();
    const decisions = (decision: string) => ({ server: 'demo', gen_ai_tool_name: 'get_value', decision });
    expect(valueOf(scraped, 'infra_mcp_rate_limit_decisions_total', decisions('allowed'))).toBe(2);
    expect(valueOf(scraped, 'infra_mcp_rate_limit_decisions_total', decisions('limited'))).toBe(1);
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('get_value', 'rate_limited'))).toBe(1);
    expect(
      valueOf(scraped, 'mcp_server_operation_duration_seconds_count', durations('get_value', 'RATE_LIMITED')),
    ).toBe(1);
  });

  it('shows a call in flight while it runs and none once it returns', async () => {
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hold: Middleware = async (_call, next) => {
      entered();
      await gate;
      return next();
    };
    await using server = await startScrapedServer({ era, innerMiddleware: () => [hold] });
    const pending = server.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    await inside;
    const active = { server: 'demo', gen_ai_tool_name: 'get_value' };
    expect(valueOf(await server.scrape(), 'infra_mcp_tool_active_calls', active)).toBe(1);
    release();
    await pending;
    expect(valueOf(await server.scrape(), 'infra_mcp_tool_active_calls', active)).toBe(0);
  });

  it('never writes an attacker-chosen tool name or argument into the exposition', async () => {
    await using server = await startScrapedServer({ era });
    const payload = 'zz_attacker_"}\n# TYPE evil counter\nevil_total 1';
    await expect(server.client.callTool({ name: payload, arguments: {} })).rejects.toThrow();
    await expect(server.client.callTool({ name: 'get_value_zz_attacker', arguments: {} })).rejects.toThrow();
    await server.client.callTool({ name: 'get_value', arguments: { key: payload } });
    await server.client.callTool({ name: 'get_value', arguments: { key: 'a', [payload]: 1 } });

    const text = await server.scrapeText();
    expect(text).not.toContain('zz_attacker');
    expect(text).not.toContain('evil');
    const scraped = await server.scrape();
    expect(valueOf(scraped, 'infra_mcp_tool_calls_total', calls('get_value', 'client_error'))).toBe(2);
  });

  it('uses the bucket bounds the MCP conventions give, cumulative and ending in +Inf', async () => {
    await using server = await startScrapedServer({ era });
    await server.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    const family = (await server.scrape()).get('mcp_server_operation_duration_seconds');
    expect(family?.type).toBe('histogram');
    const bounds = family!.samples.filter((sample) => sample.name.endsWith('_bucket')).map((s) => s.labels.le);
    expect(bounds).toEqual([...operationDurationBuckets.map(String), '+Inf']);
    const buckets = family!.samples.filter((sample) => sample.name.endsWith('_bucket')).map((s) => s.value);
    expect(buckets.at(-1)).toBe(1);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
  });
});
