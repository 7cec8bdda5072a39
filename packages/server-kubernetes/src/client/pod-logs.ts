import { redactString, ToolError } from '@infra-mcp/core';
import type { KubeClient } from './kube-client.js';

/** What to read of one container's log. */
export interface LogRequest {
  namespace: string;
  pod: string;
  container?: string | undefined;
  previous: boolean;
  sinceSeconds?: number | undefined;
  /** Lines to fetch from the end of the log. */
  tailLines: number;
  /** A byte cap the API server applies before sending. */
  limitBytes: number;
}

/** Reads one container log through the guard; credentials that look like tokens are masked. */
export async function readPodLog(client: KubeClient, request: LogRequest, signal: AbortSignal): Promise<string[]> {
  const text = await client.text({
    path: `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/log`,
    query: {
      container: request.container,
      previous: request.previous ? true : undefined,
      sinceSeconds: request.sinceSeconds,
      tailLines: request.tailLines,
      limitBytes: request.limitBytes,
    },
    signal,
  });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map(redactString);
}

/** Keeps lines matching `include` and not matching `exclude`; a bad pattern is the caller's to fix. */
export function lineFilter(include: string | undefined, exclude: string | undefined): (line: string) => boolean {
  const compile = (pattern: string | undefined, name: string): RegExp | undefined => {
    if (pattern === undefined) return undefined;
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new ToolError('INVALID_INPUT', `${name} is not a valid regular expression: ${(error as Error).message}`);
    }
  };
  const keep = compile(include, 'include');
  const drop = compile(exclude, 'exclude');
  return (line) => (keep === undefined || keep.test(line)) && (drop === undefined || !drop.test(line));
}
