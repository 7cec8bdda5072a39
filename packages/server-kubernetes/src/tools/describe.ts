import { readOnly, untrusted } from '@infra-mcp/core';
import * as z from 'zod';
import { eventRow, listEvents } from '../client/events.js';
import { ownerChain } from '../client/owners.js';
import { age } from '../format/age.js';
import { formatLabels, kindDetails } from '../format/describe-details.js';
import { recordAt, recordsAt, stringAt, type Json } from '../format/json.js';
import { contextArg, defineKubeTool, kindArg, nameArg, namespaceArg, resolveTarget } from './shared.js';

const text = untrusted(z.string(), 'cluster');
const rows = z.array(z.record(z.string(), text));

/** One call for what an SRE looks at first: summary, conditions, owners, events; containers for pods. */
export const describeTool = defineKubeTool({
  name: 'describe',
  title: 'Describe',
  description: 'Diagnose one object: summary, owners, conditions, events; pods: container states, restarts, last exit.',
  annotations: readOnly,
  input: z.object({ context: contextArg, kind: kindArg, name: nameArg, namespace: namespaceArg }),
  output: z.object({
    summary: z.record(z.string(), text),
    containers: rows.optional(),
    conditions: rows.optional(),
    events: rows,
  }),
  handler: async (args, { kube, signal }) => {
    const target = await resolveTarget(kube, args, signal);
    const object = await target.client.request<Json>({ path: target.path, signal });
    const uid = stringAt(object, 'metadata.uid');
    const [events, owners] = await Promise.all([
      listEvents(target.client, {
        namespace: target.namespace === '' ? undefined : target.namespace,
        fieldSelector: `involvedObject.uid=${uid}`,
        scan: 200,
        signal,
      }),
      ownerChain(target.client, object, signal),
    ]);
    const details = kindDetails(object);
    const annotations = recordAt(object, 'metadata.annotations');
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    return {
      summary: {
        kind: target.type.kind,
        name: args.name,
        ...(target.namespace === '' ? {} : { namespace: target.namespace }),
        age: age(stringAt(object, 'metadata.creationTimestamp')),
        labels: formatLabels(recordAt(object, 'metadata').labels),
        ...(owners.length === 0 ? {} : { owners: owners.join(' → ') }),
        ...details.summary,
        ...shorten(annotations),
      },
      ...(details.containers === undefined ? {} : { containers: details.containers }),
      ...conditionsOf(object),
      events: events.events.slice(0, 20).map((event) => eventRow(event)),
    };
  },
});

function conditionsOf(object: Json): { conditions?: Record<string, string>[] } {
  const conditions = recordsAt(object, 'status.conditions');
  if (conditions.length === 0) return {};
  return {
    conditions: conditions.map((condition) => ({
      TYPE: stringAt(condition, 'type'),
      STATUS: stringAt(condition, 'status'),
      REASON: stringAt(condition, 'reason', '<none>'),
      AGE: age(stringAt(condition, 'lastTransitionTime')),
      MESSAGE: stringAt(condition, 'message'),
    })),
  };
}

/** Annotation values as strings, long ones cut: they often hold whole JSON documents. */
function shorten(annotations: Json): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return [`annotation ${key}`, text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text];
    }),
  );
}
