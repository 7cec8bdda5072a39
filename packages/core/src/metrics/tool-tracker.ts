import type { CallOutcome } from '../pipeline/call.js';
import {
  classificationCount,
  classifyOutcome,
  errorTypeOf,
  outcomeOfError,
  rateLimitDecisions,
  type NetworkTransport,
  type RateLimitDecision,
} from './conventions.js';
import type { Instruments } from './instruments.js';
import type { CounterSeries, HistogramSeries } from './registry.js';

/** Records the calls of one tool on one server; its series are resolved once, so recording is a few adds. */
export interface ToolCallTracker {
  /** A call began (in-flight +1). */
  started(): void;
  /** A call ended with `outcome` after `seconds` (in-flight −1, duration and outcome recorded). */
  finished(outcome: CallOutcome, seconds: number): void;
  /** A call ended by throwing past the error boundary; only the error's code is recorded. */
  failed(error: unknown, seconds: number): void;
  /** The rate limiter decided on a call of this tool. */
  rateLimited(decision: RateLimitDecision): void;
}

interface Slot {
  duration: HistogramSeries;
  calls: CounterSeries;
}

/** Creates the tracker for `tool` on `server`; both names must already be safe label values. */
export function createToolTracker(
  instruments: Instruments,
  server: string,
  tool: string,
  transport: NetworkTransport,
): ToolCallTracker {
  const active = instruments.active.labels(server, tool);
  const slots = new Array<Slot | undefined>(classificationCount);
  const decisions = new Array<CounterSeries | undefined>(rateLimitDecisions.length);
  const slotFor = (errorType: string, outcome: string): Slot => ({
    duration: instruments.duration.labels(server, 'tools/call', tool, errorType, transport),
    calls: instruments.calls.labels(server, tool, outcome),
  });
  return {
    started: () => active.add(1),
    finished: (outcome, seconds) => {
      active.add(-1);
      const classification = classifyOutcome(outcome);
      const slot = (slots[classification.index] ??= slotFor(classification.errorType, classification.outcome));
      slot.duration.observe(seconds);
      slot.calls.add();
    },
    failed: (error, seconds) => {
      active.add(-1);
      const errorType = errorTypeOf(error);
      const slot = slotFor(errorType, outcomeOfError(errorType));
      slot.duration.observe(seconds);
      slot.calls.add();
    },
    rateLimited: (decision) => {
      const index = rateLimitDecisions.indexOf(decision);
      if (index < 0) return;
      (decisions[index] ??= instruments.rateLimit.labels(server, tool, decision)).add();
    },
  };
}
