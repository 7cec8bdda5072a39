// Per-call cost of metricsMiddleware, and of a scrape. Not a timed test: run with
//   pnpm --filter @infra-mcp/core exec vitest bench --run test/metrics/overhead.bench.ts
// and compare each "with metrics" row against its "bare" row.
import type { CallToolResult, ServerContext } from '@modelcontextprotocol/server';
import { bench, describe } from 'vitest';
import {
  compose,
  localPrincipal,
  silentLogger,
  ToolError,
  toolErrorResult,
  type Terminal,
  type ToolCall,
} from '../../src/index.js';
import { createMetrics, metricsMiddleware } from '../../src/metrics.js';
import { connectClient } from '../../src/testing/index.js';
import { createDemoServer, getValueTool } from '../fixtures/demo-server.js';

const metrics = createMetrics({ transport: 'pipe', processMetrics: false });
const ok: CallToolResult = { content: [{ type: 'text', text: 'key: a\nvalue: one' }], structuredContent: {} };
const failed = toolErrorResult(new ToolError('NOT_FOUND', 'No value under b'));

function newCall(): ToolCall {
  return {
    server: 'demo',
    tool: getValueTool,
    args: { key: 'a' },
    principal: localPrincipal,
    requestId: 'bench',
    signal: new AbortController().signal,
    era: 'legacy',
    sdk: {} as ServerContext,
    log: silentLogger,
    startedAt: performance.now(),
    input: undefined,
    callClass: 'read',
    clientCapabilities: () => undefined,
    clientRoots: async () => undefined,
  };
}

const answer =
  (result: CallToolResult): Terminal =>
  async () =>
    result;

describe('the middleware alone, around a handler that answers at once', () => {
  const bare = compose([], answer(ok));
  const measured = compose([metricsMiddleware(metrics)], answer(ok));
  const measuredError = compose([metricsMiddleware(metrics)], answer(failed));
  bench('bare chain', async () => void (await bare(newCall())));
  bench('with metrics, ok result', async () => void (await measured(newCall())));
  bench('with metrics, error result', async () => void (await measuredError(newCall())));
});

describe('a whole tools/call through a real client and the SDK (legacy era, in memory)', async () => {
  const bare = await connectClient(createDemoServer(new Map([['a', 'one']])));
  const measured = await connectClient(
    createDemoServer(new Map([['a', 'one']]), { outerMiddleware: [metricsMiddleware(metrics)] }),
  );
  const call = { name: 'get_value', arguments: { key: 'a' } };
  // Long warm-ups: the first task otherwise pays for JIT and GC the second one does not.
  const options = { time: 3000, warmupTime: 2000, warmupIterations: 2000 };
  bench('bare server', async () => void (await bare.client.callTool(call)), options);
  bench('with metrics', async () => void (await measured.client.callTool(call)), options);
});

describe('one scrape of a busy registry (7 servers × 15 tools × 3 outcomes, process metrics on)', () => {
  const busy = createMetrics({ transport: 'tcp' });
  for (let server = 0; server < 7; server++)
    for (let tool = 0; tool < 15; tool++) {
      const tracker = busy.trackToolCall(`server${server}`, { ...getValueTool, name: `tool_${tool}` });
      for (const result of [ok, failed, toolErrorResult(new ToolError('INTERNAL', 'x'))]) {
        tracker.started();
        tracker.finished(result, 0.05);
      }
    }
  bench('render', () => void busy.render());
});
