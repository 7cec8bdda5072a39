import { describe, expect, it } from 'vitest';
import { ToolError } from '../src/errors.js';
import type { BreakerState } from '../src/metrics/conventions.js';
import { createCircuitBreaker } from '../src/upstream/circuit-breaker.js';

const failing = () => Promise.reject(new Error('ECONNREFUSED'));

describe('the circuit breaker', () => {
  it('opens after repeated failures and then fails fast without calling the upstream', async () => {
    const now = 0;
    let calls = 0;
    const changes: BreakerState[] = [];
    const breaker = createCircuitBreaker({
      name: 'db:main',
      failureThreshold: 3,
      openMs: 10_000,
      now: () => now,
      onStateChange: (_n, s) => changes.push(s),
    });
    for (let i = 0; i < 3; i++) await expect(breaker.run(() => (calls++, failing()))).rejects.toThrow('ECONNREFUSED');
    const refused = breaker.run(() => (calls++, Promise.resolve('x')));
    await expect(refused).rejects.toBeInstanceOf(ToolError);
    await expect(refused).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(calls).toBe(3);
    expect(changes).toEqual(['open']);
  });

  it('lets one probe through after the open period and closes when it succeeds', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ name: 'k8s', failureThreshold: 1, openMs: 1000, now: () => now });
    await expect(breaker.run(failing)).rejects.toThrow();
    now = 1000;
    expect(breaker.state()).toBe('half_open');
    let release!: () => void;
    const probe = breaker.run(() => new Promise<string>((resolve) => (release = () => resolve('ok'))));
    await expect(breaker.run(() => Promise.resolve('second'))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    release();
    await expect(probe).resolves.toBe('ok');
    expect(breaker.state()).toBe('closed');
  });

  it('reopens when the probe fails', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ name: 'gh', failureThreshold: 1, openMs: 1000, now: () => now });
    await expect(breaker.run(failing)).rejects.toThrow();
    now = 1500;
    await expect(breaker.run(failing)).rejects.toThrow('ECONNREFUSED');
    expect(breaker.state()).toBe('open');
  });

  it('does not count a caller mistake as an upstream failure', async () => {
    const breaker = createCircuitBreaker({ name: 'x', failureThreshold: 1 });
    await expect(breaker.run(() => Promise.reject(new ToolError('NOT_FOUND', 'no such pod')))).rejects.toThrow();
    expect(breaker.state()).toBe('closed');
  });
});
