import { readOnly, truncated, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { resourcePath, type ResourceType } from '../client/discovery.js';
import type { KubeClient } from '../client/kube-client.js';
import { age } from '../format/age.js';
import { cleanObject, projectFields } from '../format/clean.js';
import { isRecord, recordsAt, stringAt, type Json } from '../format/json.js';
import { tableAccept, tableRows, type Row } from '../format/table.js';
import { toYaml } from '../format/yaml.js';
import { anyNamespaceArg, contextArg, defineKubeTool, kindArg } from './shared.js';

const input = z.object({
  context: contextArg,
  kind: kindArg,
  namespace: anyNamespaceArg,
  labelSelector: z.string().optional(),
  fieldSelector: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  continue: z.string().optional(),
  output: z.enum(['table', 'wide', 'yaml']).default('table'),
  fields: z.array(z.string()).optional().describe('dotted paths; one column each'),
});

type Input = z.output<typeof input>;

/** Lists objects of any kind, as kubectl's table by default. */
export const listResourcesTool = defineKubeTool({
  name: 'list_resources',
  title: 'List resources',
  description: 'List any kind: kubectl table (default), wide, chosen fields, or yaml. Paginated.',
  annotations: readOnly,
  input,
  output: z.object({
    kind: z.string(),
    rows: z.array(z.record(z.string(), untrusted(z.string(), 'cluster'))).optional(),
    yaml: untrusted(z.string(), 'cluster').optional(),
  }),
  handler: async (args, { kube, signal }) => {
    const client = await kube.client(args.context);
    const type = await client.discovery.resolve(args.kind, signal);
    const all = args.namespace === '*' || !type.namespaced;
    const namespace = all ? undefined : (args.namespace ?? client.namespace);
    const path = resourcePath(type, { namespace });
    const query = {
      labelSelector: args.labelSelector,
      fieldSelector: args.fieldSelector,
      limit: args.limit,
      continue: args.continue,
    };
    const page =
      args.output === 'yaml' || args.fields !== undefined
        ? await objectPage(client, path, query, args, signal)
        : await tablePage(client, path, query, { args, type, namespaced: all && type.namespaced }, signal);
    return {
      kind: type.kind,
      ...page.result,
      ...(page.next === undefined
        ? {}
        : {
            truncated: truncated(`More ${type.resource} exist beyond this page of ${args.limit}.`, {
              ...args,
              continue: page.next,
            }),
          }),
    };
  },
});

interface Page {
  result: { rows?: Row[]; yaml?: string };
  next: string | undefined;
}

async function tablePage(
  client: KubeClient,
  path: string,
  query: Record<string, string | number | undefined>,
  options: { args: Input; type: ResourceType; namespaced: boolean },
  signal: AbortSignal,
): Promise<Page> {
  const body = await client.request({
    path,
    query: { ...query, includeObject: 'Metadata' },
    accept: tableAccept,
    signal,
  });
  const table = tableRows(body, { wide: options.args.output === 'wide', namespaceColumn: options.namespaced });
  if (table !== undefined) return { result: { rows: table.rows }, next: table.next };
  // Aggregated APIs may not print tables: fall back to name and age.
  const items = recordsAt(body, 'items');
  return {
    result: {
      rows: items.map((item) => ({
        ...(options.namespaced ? { NAMESPACE: stringAt(item, 'metadata.namespace') } : {}),
        NAME: stringAt(item, 'metadata.name'),
        AGE: age(stringAt(item, 'metadata.creationTimestamp')),
      })),
    },
    next: continueOf(body),
  };
}

async function objectPage(
  client: KubeClient,
  path: string,
  query: Record<string, string | number | undefined>,
  args: Input,
  signal: AbortSignal,
): Promise<Page> {
  const body = await client.request({ path, query, signal });
  const items = recordsAt(body, 'items');
  const next = continueOf(body);
  if (args.fields !== undefined) {
    const fields = [
      'metadata.namespace',
      'metadata.name',
      ...args.fields.filter((f) => !f.startsWith('metadata.name')),
    ];
    return { result: { rows: items.map((item) => flatRow(projectFields(item, fields))) }, next };
  }
  return { result: { yaml: items.map((item) => toYaml(cleanObject(item))).join('---\n') }, next };
}

function flatRow(projected: Json): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(projected)) {
    if (key === 'metadata.namespace' && (value === null || value === '')) continue;
    row[key] = value === null ? '<none>' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return row;
}

function continueOf(body: unknown): string | undefined {
  const metadata = isRecord(body) ? body.metadata : undefined;
  const next = isRecord(metadata) ? metadata.continue : undefined;
  return typeof next === 'string' && next !== '' ? next : undefined;
}
