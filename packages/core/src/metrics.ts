// Prometheus metrics: the registry, the MCP conventions, the middleware and the endpoint. Its own
// entry, so a server that runs without metrics (stdio, by default) never loads node:http, perf_hooks or v8.
export {
  createMetrics,
  type Metrics,
  type MetricsOptions,
  type OperationTarget,
  type OperationResult,
} from './metrics/metrics.js';
export { metricsMiddleware } from './metrics/middleware.js';
export type { ToolCallTracker } from './metrics/tool-tracker.js';
export { startMetricsServer, type MetricsServer, type MetricsServerOptions } from './metrics/metrics-server.js';
export {
  loadMetricsConfig,
  defaultMetricsPort,
  type MetricsConfig,
  type LoadMetricsConfigOptions,
} from './metrics/config.js';
export {
  mcpMethods,
  operationDurationBuckets,
  toolOutcomes,
  errorTypes,
  authFailureReasons,
  rateLimitDecisions,
  breakerStates,
  type McpMethod,
  type ToolOutcome,
  type AuthFailureReason,
  type RateLimitDecision,
  type BreakerState,
  type NetworkTransport,
} from './metrics/conventions.js';
export {
  MetricRegistry,
  CounterSeries,
  GaugeSeries,
  HistogramSeries,
  type Family,
  type FamilyOptions,
  type RegistryOptions,
} from './metrics/registry.js';
export { expositionContentType } from './metrics/exposition.js';
