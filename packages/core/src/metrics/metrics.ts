import { silentLogger, type Logger } from '../log.js';
import type { Tool } from '../tool.js';
import {
  authFailureReasons,
  breakerStates,
  errorTypeOf,
  methodLabel,
  nameLabel,
  otherValue,
  outcomeOfError,
  unknownToolValue,
  type AuthFailureReason,
  type BreakerState,
  type NetworkTransport,
  type RateLimitDecision,
} from './conventions.js';
import { createInstruments, type Instruments } from './instruments.js';
import { registerProcessMetrics } from './process-metrics.js';
import { MetricRegistry } from './registry.js';
import { createToolTracker, type ToolCallTracker } from './tool-tracker.js';

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
  /** `network.transport` of the calls this process serves: `pipe` (stdio) or `tcp` (HTTP). */
  transport: NetworkTransport;
  /** Export CPU, memory, file descriptor and event-loop metrics (default true). */
  processMetrics?: boolean;
  /** Most label sets one metric keeps before new ones share an overflow series (default 2000). */
  maxSeriesPerMetric?: number;
  /** Where the one warning per metric that reaches the series limit goes. */
  log?: Logger;
}

/** What an MCP operation is, for {@link Metrics.observeOperation}: never a string the client chose. */
export interface OperationTarget {
  /** The JSON-RPC method; one the spec does not define is labelled `_other`. */
  method: string;
  /** The server's own name. */
  server: string;
  /** The tool a `tools/call` resolved to; left out when the client named a tool the server does not have. */
  tool?: Tool;
}

/** One finished operation: how long it took and, when it failed, what it threw. */
export interface OperationResult {
  seconds: number;
  /** Present when the operation failed; only its code (never its message) becomes a label. */
  error?: unknown;
}

/** Typed recording methods over a Prometheus registry; every label value comes from a closed set. */
export interface Metrics {
  readonly registry: MetricRegistry;
  /** The recorder for calls of `tool` on `server`, created once and reused (what {@link metricsMiddleware} uses). */
  trackToolCall(server: string, tool: Tool): ToolCallTracker;
  /**
   * Records one operation other than a dispatched tool call (`tools/list`,
   * `resources/read`, …), or a `tools/call` that never reached the chain
   * (an unknown tool), which is then labelled `gen_ai_tool_name="_unknown"`.
   */
  observeOperation(target: OperationTarget, result: OperationResult): void;
  /** Runs `operation` and records it with {@link Metrics.observeOperation}; rethrows what it throws. */
  timeOperation<T>(target: OperationTarget, operation: () => Promise<T>): Promise<T>;
  /** Counts one rate-limit decision for a call of `tool` on `server`. */
  rateLimitDecision(server: string, tool: Tool, decision: RateLimitDecision): void;
  /** Counts one failed authentication, optionally at one server's endpoint. */
  authFailure(reason: AuthFailureReason, server?: string): void;
  /** Reports the state a circuit breaker is in (call it on every change; repeating a state is harmless). */
  breakerState(upstream: string, state: BreakerState): void;
  /** The registry in Prometheus text exposition format 0.0.4. */
  render(): string;
  /** Stops the event-loop monitor. */
  close(): void;
}

/** Creates the metrics of one process: the MCP operation histogram, tool calls, limits, auth, breakers. */
export function createMetrics(options: MetricsOptions): Metrics {
  const log = options.log ?? silentLogger;
  const registry = new MetricRegistry({
    maxSeriesPerFamily: options.maxSeriesPerMetric ?? 2000,
    onOverflow: (metric) =>
      log.warn('metric series limit reached: new label sets now share one overflow series', { metric }),
  });
  const instruments = createInstruments(registry);
  const stopProcess = options.processMetrics === false ? () => {} : registerProcessMetrics(registry);
  const trackToolCall = trackerCache(instruments, options.transport);
  const observeOperation = operationRecorder(instruments, options.transport);
  return {
    registry,
    trackToolCall,
    observeOperation,
    timeOperation: async (target, operation) => {
      const started = performance.now();
      try {
        const value = await operation();
        observeOperation(target, { seconds: (performance.now() - started) / 1000 });
        return value;
      } catch (error) {
        observeOperation(target, { seconds: (performance.now() - started) / 1000, error });
        throw error;
      }
    },
    rateLimitDecision: (server, tool, decision) => trackToolCall(server, tool).rateLimited(decision),
    authFailure: (reason, server) =>
      instruments.authFailures
        .labels(server === undefined ? '' : nameLabel(server, 'server'), oneOf(authFailureReasons, reason))
        .add(),
    breakerState: breakerRecorder(instruments),
    render: () => registry.render(),
    close: stopProcess,
  };
}

/** One tracker per server and tool object, created on the first call and reused. */
function trackerCache(instruments: Instruments, transport: NetworkTransport): Metrics['trackToolCall'] {
  const trackers = new Map<string, Map<Tool, ToolCallTracker>>();
  return (server, tool) => {
    let byTool = trackers.get(server);
    if (byTool === undefined) trackers.set(server, (byTool = new Map<Tool, ToolCallTracker>()));
    let tracker = byTool.get(tool);
    if (tracker === undefined) {
      tracker = createToolTracker(instruments, nameLabel(server, 'server'), tool.name, transport);
      byTool.set(tool, tracker);
    }
    return tracker;
  };
}

function operationRecorder(instruments: Instruments, transport: NetworkTransport): Metrics['observeOperation'] {
  return (target, result) => {
    const errorType = 'error' in result ? errorTypeOf(result.error) : '';
    const method = methodLabel(target.method);
    const server = nameLabel(target.server, 'server');
    const isToolCall = method === 'tools/call';
    const tool = isToolCall ? (target.tool?.name ?? unknownToolValue) : '';
    instruments.duration.labels(server, method, tool, errorType, transport).observe(result.seconds);
    if (isToolCall) instruments.calls.labels(server, tool, errorType === '' ? 'ok' : outcomeOfError(errorType)).add();
  };
}

function breakerRecorder(instruments: Instruments): Metrics['breakerState'] {
  const last = new Map<string, string>();
  return (upstream, state) => {
    // Plain JavaScript callers could pass anything; a state outside the set is not a state.
    if (!breakerStates.includes(state)) return;
    const name = nameLabel(upstream, 'upstream');
    // A breaker starts closed, so a first report of `closed` is not a transition.
    if ((last.get(name) ?? 'closed') !== state) instruments.breakerTransitions.labels(name, state).add();
    last.set(name, state);
    for (const each of breakerStates) instruments.breakerState.labels(name, each).set(each === state ? 1 : 0);
  };
}

/** `value` when it is one of `allowed` (callers in plain JavaScript can pass anything), `_other` otherwise. */
function oneOf(allowed: readonly string[], value: string): string {
  return allowed.includes(value) ? value : otherValue;
}
