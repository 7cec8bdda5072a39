import * as z from 'zod';
import { ConfigError } from '../config.js';

/** OpenTelemetry's Prometheus exporter default port, so scrape configs written for it fit. */
export const defaultMetricsPort = 9464;

/** Where metrics are served, if at all. */
export interface MetricsConfig {
  enabled: boolean;
  host: string;
  port: number;
  /** True when the operator chose a non-loopback host explicitly (`INFRA_MCP_METRICS_HOST`). */
  allowNonLoopback: boolean;
}

/** Options for {@link loadMetricsConfig}. */
export interface LoadMetricsConfigOptions {
  env: NodeJS.ProcessEnv;
  /**
   * Serve metrics when `INFRA_MCP_METRICS_PORT` is unset. True for `infra-mcp
   * serve`; false for stdio servers, where a client starts one process per
   * server and they would all race for the same port.
   */
  enabledByDefault: boolean;
}

const portSchema = z.coerce.number().int().min(1).max(65535);
const hostSchema = z.union([z.ipv4(), z.ipv6(), z.hostname()]);

/**
 * Reads `INFRA_MCP_METRICS_PORT` (a port, or `off`/`0` to turn metrics off)
 * and `INFRA_MCP_METRICS_HOST` (default 127.0.0.1). Throws {@link ConfigError}
 * naming the variable and the fix.
 */
export function loadMetricsConfig({ env, enabledByDefault }: LoadMetricsConfigOptions): MetricsConfig {
  const rawHost = env.INFRA_MCP_METRICS_HOST?.trim() ?? '';
  const host = rawHost === '' ? '127.0.0.1' : rawHost;
  if (!hostSchema.safeParse(host.replace(/^\[|\]$/g, '')).success)
    throw new ConfigError(
      `INFRA_MCP_METRICS_HOST=${rawHost} is not valid: set it to an address such as 127.0.0.1, or 0.0.0.0 to let Prometheus scrape from other hosts`,
    );
  const rawPort = env.INFRA_MCP_METRICS_PORT?.trim() ?? '';
  const config = { host: host.replace(/^\[|\]$/g, ''), allowNonLoopback: rawHost !== '' };
  if (rawPort === '') return { ...config, enabled: enabledByDefault, port: defaultMetricsPort };
  if (rawPort.toLowerCase() === 'off' || rawPort === '0') return { ...config, enabled: false, port: 0 };
  const port = portSchema.safeParse(/^\d+$/.test(rawPort) ? rawPort : Number.NaN);
  if (!port.success)
    throw new ConfigError(
      `INFRA_MCP_METRICS_PORT=${rawPort} is not valid: set it to a port between 1 and 65535, or to off to turn metrics off`,
    );
  return { ...config, enabled: true, port: port.data };
}
