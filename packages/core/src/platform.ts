import { createAuditSink } from './audit/audit-sink.js';
import type { CoreConfig } from './config.js';
import type { Logger } from './log.js';
import { loadMetricsConfig } from './metrics/config.js';
import type { Metrics } from './metrics/metrics.js';
import type { MetricsServer } from './metrics/metrics-server.js';
import { createMemoryBuckets } from './policy/rate-limit.js';
import { parseRateLimitEnv, parseRateLimits } from './policy/rate-limit-rules.js';
import type { DescriptorSource } from './describe.js';
import type { ServerOptions } from './server.js';
import { openStateStore } from './state/open-state-store.js';
import type { StateStore } from './state/store.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './upstream/circuit-breaker.js';

/** Options for {@link createPlatform}. */
export interface PlatformOptions {
  core: CoreConfig;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** `stdio`: one operator, metrics off unless asked for; `http`: admin tools, metrics on by default. */
  transport: 'stdio' | 'http';
  /** Tool descriptors computed ahead, for every server built on this platform. */
  descriptors?: DescriptorSource;
}

/** The platform services one process shares across the servers it runs. */
export interface Platform {
  /** Options every server is built with: mode, budgets, lists, state, audit, limits, metrics. */
  readonly serverOptions: ServerOptions;
  readonly state: StateStore;
  readonly metrics: Metrics | undefined;
  readonly metricsServer: MetricsServer | undefined;
  /** A circuit breaker for one upstream, reporting its state in the metrics. */
  breaker(name: string, options?: Omit<CircuitBreakerOptions, 'name' | 'onStateChange'>): CircuitBreaker;
  /** Flushes audit, stops the metrics endpoint, closes the store. */
  close(): Promise<void>;
}

/**
 * Assembles the platform from parsed settings: the state store (embedded or
 * PostgreSQL), the audit sink, rate limits (shared through the store when it
 * is PostgreSQL, so replicas count together), metrics and their endpoint.
 */
export async function createPlatform({ core, env, log, transport, descriptors }: PlatformOptions): Promise<Platform> {
  parseRateLimits(core.rateLimits, 'the config file rateLimits');
  const rules = parseRateLimits({ ...core.rateLimits, ...parseRateLimitEnv(env.INFRA_MCP_RATE_LIMITS) });
  const metricsConfig = loadMetricsConfig({ env, enabledByDefault: transport === 'http' });
  // A stdio server opens its embedded store on first use; `serve` opens it now, so a broken store stops it at start.
  const state = await openStateStore({
    url: core.stateUrl,
    dataDir: core.dataDir,
    log: log.child({ component: 'state' }),
    lazy: transport === 'stdio',
  });
  const audit = createAuditSink(state, log.child({ component: 'audit' }));
  // Loaded only when on: a stdio server (metrics off by default) never loads node:http, perf_hooks or v8.
  const metrics = metricsConfig.enabled
    ? (await import('./metrics/metrics.js')).createMetrics({ transport: transport === 'http' ? 'tcp' : 'pipe', log })
    : undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    if (metrics !== undefined) {
      const { startMetricsServer } = await import('./metrics/metrics-server.js');
      metricsServer = await startMetricsServer({
        metrics,
        host: metricsConfig.host,
        port: metricsConfig.port,
        log,
        allowNonLoopback: metricsConfig.allowNonLoopback,
      });
    }
  } catch (error) {
    await state.close();
    throw error;
  }
  const take =
    state.backend === 'postgres'
      ? (key: string, bucket: Parameters<StateStore['takeTokens']>[1], cost?: number) =>
          state.takeTokens(key, bucket, cost)
      : createMemoryBuckets();
  const serverOptions: ServerOptions = {
    mode: core.mode,
    maxOutputBytes: core.maxOutputBytes,
    toolTimeoutMs: core.toolTimeoutMs,
    outputSchemas: core.outputSchemas,
    ...(descriptors === undefined ? {} : { descriptors }),
    log,
    ...(core.allowTools === undefined ? {} : { allowTools: core.allowTools }),
    ...(core.denyTools === undefined ? {} : { denyTools: core.denyTools }),
    state,
    audit,
    rateLimits: { take, rules },
    ...(metrics === undefined ? {} : { metrics }),
    adminTools: transport === 'http',
  };
  return {
    serverOptions,
    state,
    metrics,
    metricsServer,
    breaker: (name, options = {}) =>
      createCircuitBreaker({
        ...options,
        name,
        ...(metrics === undefined ? {} : { onStateChange: (upstream, value) => metrics.breakerState(upstream, value) }),
      }),
    close: async () => {
      await audit.flush();
      await metricsServer?.close();
      metrics?.close();
      await state.close();
    },
  };
}
