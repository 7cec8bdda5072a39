import { defineTool, readOnly, ToolError } from '@infra-mcp/core';
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';

const noInput = z.object({});
const done = z.object({ status: z.string() });

/** `tools-call-with-logging`: three log messages to the client while the call runs. */
export const loggingTool = defineTool({
  name: 'test_tool_with_logging',
  title: 'Logging',
  description: 'Sends three log messages to the client while it runs.',
  annotations: readOnly,
  input: noInput,
  output: done,
  handler: async (_input, { clientLog, signal }) => {
    await clientLog('info', 'Tool execution started');
    await sleep(50, undefined, { signal });
    await clientLog('info', 'Tool processing data');
    await sleep(50, undefined, { signal });
    await clientLog('info', 'Tool execution completed');
    return { status: 'Tool with logging executed successfully' };
  },
});

/** `tools-call-with-progress`: progress 0, 50 and 100 of 100 when the client asked for progress. */
export const progressTool = defineTool({
  name: 'test_tool_with_progress',
  title: 'Progress',
  description: 'Reports progress in three steps.',
  annotations: readOnly,
  input: noInput,
  output: done,
  handler: async (_input, { progress, signal }) => {
    for (const step of [0, 50, 100]) {
      await progress(step, 100, `Completed step ${step} of 100`);
      if (step < 100) await sleep(50, undefined, { signal });
    }
    return { status: 'Progress reported' };
  },
});

/** `tools-call-error`: a tool error, which core maps to an `isError` result. */
export const errorTool = defineTool({
  name: 'test_error_handling',
  title: 'Error',
  description: 'Always fails with a tool error.',
  annotations: readOnly,
  input: noInput,
  output: done,
  handler: async () => {
    throw new ToolError('CONFLICT', 'This tool intentionally returns an error for testing');
  },
});

/** `server-stateless`: logs to the client, which a 2026 request only receives when it set a log level. */
export const requestLoggingTool = defineTool({
  name: 'test_logging_tool',
  title: 'Request-scoped logging',
  description: 'Logs one message to the client, delivered only when the request asked for a log level.',
  annotations: readOnly,
  input: noInput,
  output: done,
  handler: async (_input, { clientLog }) => {
    await clientLog('info', 'test_logging_tool ran');
    return { status: 'logged through the request-scoped channel' };
  },
});

/** `server-stateless`: a plain call whose response stream must carry no request of the server's own. */
export const streamingTool = defineTool({
  name: 'test_streaming_elicitation',
  title: 'Response stream',
  description: 'Answers with a result only; its response stream carries no server requests.',
  annotations: readOnly,
  input: noInput,
  output: done,
  handler: async () => ({ status: 'result frames only' }),
});
