import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { createMemoryBuckets } from '../src/policy/rate-limit.js';
import { parseRate, parseRateLimitEnv, parseRateLimits } from '../src/policy/rate-limit-rules.js';
import { connectClient } from '../src/testing/index.js';
import { createDemoServer } from './fixtures/demo-server.js';

const textOf = (result: { content?: unknown }): string =>
  ((result.content as { type: string; text?: string }[] | undefined) ?? []).map((block) => block.text ?? '').join('\n');

describe('rate limits', () => {
  it('parses rates the way operators write them', () => {
    expect(parseRate('10/hour')).toEqual({ capacity: 10, refillPerSecond: 10 / 3600 });
    expect(parseRate('5/10s')).toEqual({ capacity: 5, refillPerSecond: 0.5 });
    expect(parseRate('off')).toBe('off');
    expect(() => parseRate('lots')).toThrow(ConfigError);
    expect(() => parseRateLimits(parseRateLimitEnv('send_email=ten/hour'))).toThrow(
      /INFRA_MCP_RATE_LIMITS: send_email: rate limit "ten\/hour" is not valid/,
    );
  });

  it('refuses the call over the limit with RATE_LIMITED and when to retry, per caller and tool', async () => {
    let now = 0;
    const store = new Map([['a', '1']]);
    const rules = parseRateLimits({ get_value: '2/minute' });
    const server = createDemoServer(store, { rateLimits: { take: createMemoryBuckets(() => now), rules } });
    await using session = await connectClient(server);
    const call = () => session.client.callTool({ name: 'get_value', arguments: { key: 'a' } });
    expect((await call()).isError).toBeFalsy();
    expect((await call()).isError).toBeFalsy();
    const limited = await call();
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toBe(
      'RATE_LIMITED: Rate limit reached for get_value: 2 per minute per caller.\nHint: Retry in 30s; do not loop on this call.',
    );
    expect((await session.client.callTool({ name: 'list_values', arguments: {} })).isError).toBeFalsy();
    now += 30_000;
    expect((await call()).isError).toBeFalsy();
  });

  it('counts a refused call against nothing it did not do', async () => {
    const store = new Map<string, string>();
    const rules = parseRateLimits({ set_value: '1/hour' });
    await using session = await connectClient(createDemoServer(store, { mode: 'write', rateLimits: { rules } }));
    await session.client.callTool({ name: 'set_value', arguments: { key: 'a', value: '1' } });
    const limited = await session.client.callTool({ name: 'set_value', arguments: { key: 'b', value: '2' } });
    expect(limited.isError).toBe(true);
    expect([...store.keys()]).toEqual(['a']);
  });
});

describe('the operator default', () => {
  it('replaces the built-in per-class limits, while a class rule still overrides it', () => {
    const mine = parseRateLimits({ default: '1000/second' });
    expect([...mine.keys()]).toEqual(['default']);
    const both = parseRateLimits({ default: '1000/second', destructive: '5/minute' });
    expect(both.get('destructive')).toEqual({ capacity: 5, refillPerSecond: 5 / 60 });
    expect(parseRateLimits({}).get('read')).toEqual({ capacity: 600, refillPerSecond: 10 });
  });
});
