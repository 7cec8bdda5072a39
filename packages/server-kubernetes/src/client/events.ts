import { resourcePath } from './discovery.js';
import type { KubeClient } from './kube-client.js';
import { age } from '../format/age.js';
import { recordsAt, stringAt, numberAt, type Json } from '../format/json.js';

/** One event as tools show it. */
export type EventRow = {
  LAST: string;
  TYPE: string;
  REASON: string;
  OBJECT: string;
  COUNT: string;
  MESSAGE: string;
};

/** When an event last happened: series, lastTimestamp, eventTime, creation. */
export function eventTime(event: Json): number {
  const stamp =
    stringAt(event, 'series.lastObservedTime') ||
    stringAt(event, 'lastTimestamp') ||
    stringAt(event, 'eventTime') ||
    stringAt(event, 'metadata.creationTimestamp');
  const parsed = Date.parse(stamp);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/** An event as a compact row. */
export function eventRow(event: Json, now = Date.now()): EventRow {
  const count = numberAt(event, 'series.count', numberAt(event, 'count', 1));
  const time = eventTime(event);
  return {
    LAST: time === 0 ? '<unknown>' : age(new Date(time).toISOString(), now),
    TYPE: stringAt(event, 'type', 'Normal'),
    REASON: stringAt(event, 'reason'),
    OBJECT: `${stringAt(event, 'involvedObject.kind')}/${stringAt(event, 'involvedObject.name')}`,
    COUNT: String(count),
    MESSAGE: stringAt(event, 'message').trim(),
  };
}

const eventsType = { group: '', version: 'v1', resource: 'events', namespaced: true };

/** Events newest first, read page by page up to `scan` events; `more` says the scan stopped early. */
export async function listEvents(
  client: KubeClient,
  options: { namespace?: string | undefined; fieldSelector?: string | undefined; scan: number; signal: AbortSignal },
): Promise<{ events: Json[]; more: boolean }> {
  const path = resourcePath(eventsType, { namespace: options.namespace });
  const events: Json[] = [];
  let next: string | undefined;
  do {
    const page = await client.request({
      path,
      query: {
        fieldSelector: options.fieldSelector,
        limit: Math.min(500, options.scan - events.length),
        continue: next,
      },
      signal: options.signal,
    });
    events.push(...recordsAt(page, 'items'));
    next = stringAt(page, 'metadata.continue') || undefined;
  } while (next !== undefined && events.length < options.scan);
  events.sort(newestFirst);
  return { events, more: next !== undefined };
}

/**
 * Newest first. Event times often have one-second resolution (core/v1
 * `lastTimestamp`), so a burst of events ties; the resourceVersion, which
 * grows with every write to the cluster, then tells which came last.
 */
export function newestFirst(a: Json, b: Json): number {
  const byTime = eventTime(b) - eventTime(a);
  if (byTime !== 0) return byTime;
  const versionA = Number(stringAt(a, 'metadata.resourceVersion'));
  const versionB = Number(stringAt(b, 'metadata.resourceVersion'));
  return Number.isFinite(versionA) && Number.isFinite(versionB) ? versionB - versionA : 0;
}
