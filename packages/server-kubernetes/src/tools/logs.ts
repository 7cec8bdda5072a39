import { readOnly, ToolError, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath } from '../client/discovery.js';
import type { KubeClient } from '../client/kube-client.js';
import { lineFilter, readPodLog } from '../client/pod-logs.js';
import { recordsAt, stringAt, type Json } from '../format/json.js';
import { podSelectorOf } from '../format/selector.js';
import { contextArg, defineKubeTool, nameArg, namespaceArg, resolveTarget } from './shared.js';

const maxPods = 10;
/** Logs are the biggest outputs; this keeps one call to a size a model can read. */
const logBudget = 32_768;
const input = z.object({
  context: contextArg,
  namespace: namespaceArg,
  kind: z.string().default('Pod'),
  name: nameArg,
  container: z.string().optional(),
  tail: z.number().int().min(1).max(5000).default(200),
  sinceSeconds: z.number().int().min(1).max(31_536_000).optional(),
  previous: z.boolean().optional(),
  include: z.string().optional().describe('regex'),
  exclude: z.string().optional().describe('regex'),
});

/** Logs of a pod or of every pod of a workload, filtered, newest lines kept. */
export const logsTool = defineKubeTool({
  name: 'logs',
  title: 'Logs',
  description: "Logs of a pod or of a workload's pods. Regex filters apply before tail; newest lines kept.",
  annotations: readOnly,
  input,
  output: z.object({ pods: z.array(z.string()), log: untrusted(z.string(), 'log') }),
  handler: async (args, { kube, signal, maxOutputBytes }) => {
    const target = await resolveTarget(kube, args, signal);
    const pods =
      target.type.kind === 'Pod' ? [args.name] : await podsOf(target.client, target.path, target.namespace, signal);
    const filtered = args.include !== undefined || args.exclude !== undefined;
    const keep = lineFilter(args.include, args.exclude);
    // With a filter, read further back so the tail still has enough matching lines.
    const tailLines = filtered ? Math.min(args.tail * 20, 50_000) : args.tail;
    const logs = await Promise.all(
      pods.slice(0, maxPods).map(async (pod) => {
        const prefix = pods.length > 1 ? `[${pod}] ` : '';
        const request = {
          namespace: target.namespace,
          pod,
          container: args.container,
          previous: args.previous === true,
          sinceSeconds: args.sinceSeconds,
          tailLines,
          limitBytes: 4 * 1_048_576,
        };
        try {
          const lines = await readPodLog(target.client, request, signal);
          return lines
            .filter(keep)
            .slice(-args.tail)
            .map((line) => prefix + line);
        } catch (error) {
          // One pod without a log (still starting, crash-looping) must not hide the others' logs.
          if (pods.length === 1 || !(error instanceof ToolError)) throw error;
          return [`${prefix}(no log: ${error.message})`];
        }
      }),
    );
    const budget = Math.min(logBudget, maxOutputBytes - 1024);
    const { text, dropped } = newestWithin(logs.flat(), budget);
    const notes = [
      dropped > 0 ? `Dropped the ${dropped} oldest lines to stay under ${budget} bytes.` : '',
      pods.length > maxPods ? `Read ${maxPods} of ${pods.length} pods.` : '',
    ].filter(Boolean);
    return {
      pods: pods.slice(0, maxPods),
      log: text,
      ...(notes.length === 0
        ? {}
        : { truncated: truncated(`${notes.join(' ')} Narrow with include, tail or sinceSeconds.`) }),
    };
  },
});

async function podsOf(client: KubeClient, path: string, namespace: string, signal: AbortSignal): Promise<string[]> {
  const owner = await client.request<Json>({ path, signal });
  const selector = podSelectorOf(owner);
  if (selector === undefined) return [];
  const list = await client.request({
    path: resourcePath({ group: '', version: 'v1', resource: 'pods', namespaced: true }, { namespace }),
    query: { labelSelector: selector, limit: 100 },
    signal,
  });
  return recordsAt(list, 'items').map((pod) => stringAt(pod, 'metadata.name'));
}

/** The newest lines that fit in `budget` bytes, oldest first. */
function newestWithin(lines: string[], budget: number): { text: string; dropped: number } {
  let bytes = 0;
  let start = lines.length;
  while (start > 0) {
    const size = Buffer.byteLength(lines[start - 1]!) + 1;
    if (bytes + size > budget) break;
    bytes += size;
    start--;
  }
  return { text: lines.slice(start).join('\n'), dropped: start };
}
