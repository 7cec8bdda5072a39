import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/index.js';
import { loadMetricsConfig } from '../../src/metrics.js';

const load = (env: NodeJS.ProcessEnv, enabledByDefault = true) => loadMetricsConfig({ env, enabledByDefault });

describe('metrics settings', () => {
  it('serves on 127.0.0.1:9464 by default where metrics are on by default', () => {
    expect(load({})).toEqual({ enabled: true, host: '127.0.0.1', port: 9464, allowNonLoopback: false });
  });

  it('stays off for a stdio server until a port is set', () => {
    expect(load({}, false).enabled).toBe(false);
    expect(load({ INFRA_MCP_METRICS_PORT: '9100' }, false)).toMatchObject({ enabled: true, port: 9100 });
  });

  it.each(['off', 'OFF', '0'])('turns metrics off with INFRA_MCP_METRICS_PORT=%s', (value) => {
    expect(load({ INFRA_MCP_METRICS_PORT: value }).enabled).toBe(false);
  });

  it.each(['abc', '70000', '-1', '12.5', '0x50'])('names the variable when the port is %j', (value) => {
    const attempt = () => load({ INFRA_MCP_METRICS_PORT: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      /^INFRA_MCP_METRICS_PORT=\S+ is not valid: set it to a port between 1 and 65535, or to off/,
    );
  });

  it('reads a port with stray spaces around it', () => {
    expect(load({ INFRA_MCP_METRICS_PORT: ' 9100 ' })).toMatchObject({ enabled: true, port: 9100 });
  });

  it('allows a non-loopback bind only because the operator named the host', () => {
    expect(load({ INFRA_MCP_METRICS_HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', allowNonLoopback: true });
    expect(load({ INFRA_MCP_METRICS_HOST: '[::]' })).toMatchObject({ host: '::', allowNonLoopback: true });
  });

  it('names the variable when the host is not an address', () => {
    const attempt = () => load({ INFRA_MCP_METRICS_HOST: 'http://0.0.0.0:9464' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^INFRA_MCP_METRICS_HOST=http:\/\/0\.0\.0\.0:9464 is not valid/);
  });
});
