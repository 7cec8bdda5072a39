import { operationDurationBuckets } from './conventions.js';
import type { CounterSeries, Family, GaugeSeries, HistogramSeries, MetricRegistry } from './registry.js';

/** The metric families infra-mcp records; names and labels are documented in docs/decisions/003-metrics.md. */
export interface Instruments {
  /** `mcp.server.operation.duration`: server, mcp_method_name, gen_ai_tool_name, error_type, network_transport. */
  duration: Family<HistogramSeries>;
  /** server, gen_ai_tool_name, outcome. */
  calls: Family<CounterSeries>;
  /** server, gen_ai_tool_name. */
  active: Family<GaugeSeries>;
  /** server, gen_ai_tool_name, decision. */
  rateLimit: Family<CounterSeries>;
  /** server, reason. */
  authFailures: Family<CounterSeries>;
  /** upstream, state. */
  breakerState: Family<GaugeSeries>;
  /** upstream, state. */
  breakerTransitions: Family<CounterSeries>;
}

/** Registers every infra-mcp metric family on `registry`. */
export function createInstruments(registry: MetricRegistry): Instruments {
  return {
    duration: registry.histogram({
      name: 'mcp_server_operation_duration_seconds',
      help: 'MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent.',
      labelNames: ['server', 'mcp_method_name', 'gen_ai_tool_name', 'error_type', 'network_transport'],
      buckets: operationDurationBuckets,
    }),
    calls: registry.counter({
      name: 'infra_mcp_tool_calls_total',
      help: 'Tool calls by how they ended: ok, client_error, denied, rate_limited, error or input_required.',
      labelNames: ['server', 'gen_ai_tool_name', 'outcome'],
    }),
    active: registry.gauge({
      name: 'infra_mcp_tool_active_calls',
      help: 'Tool calls in flight.',
      labelNames: ['server', 'gen_ai_tool_name'],
    }),
    rateLimit: registry.counter({
      name: 'infra_mcp_rate_limit_decisions_total',
      help: 'Rate-limit decisions on tool calls: allowed or limited.',
      labelNames: ['server', 'gen_ai_tool_name', 'decision'],
    }),
    authFailures: registry.counter({
      name: 'infra_mcp_auth_failures_total',
      help: 'Refused authentications by reason.',
      labelNames: ['server', 'reason'],
    }),
    breakerState: registry.gauge({
      name: 'infra_mcp_circuit_breaker_state',
      help: 'Circuit breaker state per upstream: 1 for the current state, 0 for the others.',
      labelNames: ['upstream', 'state'],
    }),
    breakerTransitions: registry.counter({
      name: 'infra_mcp_circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes per upstream, by the state entered.',
      labelNames: ['upstream', 'state'],
    }),
  };
}
