import { type ServerResponse } from 'node:http';
import { type ServerContext } from './context.js';
import { boolParam, intParam } from './query.js';
import { type LogQuery, formatLine, formatLines } from '../logs/pod-logs.js';
import { type JsonObject, asObject, asString } from '../util/object.js';

function truncate(text: string, limitBytes: number | undefined): string {
  if (limitBytes === undefined || limitBytes <= 0) return text;
  const bytes = Buffer.from(text);
  return bytes.length <= limitBytes ? text : bytes.subarray(0, limitBytes).toString('utf8');
}

/** GET pods/{name}/log: text/plain, honouring container, tailLines, sinceSeconds, sinceTime, previous, timestamps, limitBytes and follow. */
export function serveLogs(
  context: ServerContext,
  response: ServerResponse,
  pod: JsonObject,
  query: URLSearchParams,
): void {
  const logQuery: LogQuery = {
    previous: boolParam(query, 'previous'),
    timestamps: boolParam(query, 'timestamps'),
    ...(query.get('container') ? { container: query.get('container') ?? '' } : {}),
    ...(intParam(query, 'tailLines') !== undefined ? { tailLines: intParam(query, 'tailLines') } : {}),
    ...(intParam(query, 'sinceSeconds') !== undefined ? { sinceSeconds: intParam(query, 'sinceSeconds') } : {}),
    ...(query.get('sinceTime') ? { sinceTime: query.get('sinceTime') ?? '' } : {}),
    ...(intParam(query, 'limitBytes') !== undefined ? { limitBytes: intParam(query, 'limitBytes') } : {}),
  };
  const { container, lines } = context.logs.read(pod, logQuery, context.clock.now());
  const text = truncate(formatLines(lines, logQuery.timestamps), logQuery.limitBytes);
  if (!boolParam(query, 'follow') || logQuery.previous) {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(text)) });
    response.end(text);
    return;
  }
  followLogs(context, response, pod, { container, text, logQuery });
}

function followLogs(
  context: ServerContext,
  response: ServerResponse,
  pod: JsonObject,
  state: { container: string; text: string; logQuery: LogQuery },
): void {
  const meta = asObject(pod.metadata);
  const namespace = asString(meta.namespace);
  const name = asString(meta.name);
  let sent = Buffer.byteLength(state.text);
  const limit = state.logQuery.limitBytes;
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  response.flushHeaders();
  response.write(state.text);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stopLines();
    stopDeletion();
    untrack();
    response.end();
  };
  const stopLines = context.logs.follow(namespace, name, state.container, (line) => {
    const chunk = truncate(formatLine(line, state.logQuery.timestamps), limit === undefined ? undefined : limit - sent);
    sent += Buffer.byteLength(chunk);
    response.write(chunk);
    if (limit !== undefined && sent >= limit) end();
  });
  // The stream ends when the pod goes away, as it does when a kubelet stops the container.
  const stopDeletion = context.store.subscribe((event) => {
    if (
      event.type === 'DELETED' &&
      event.storage === '/pods' &&
      event.namespace === namespace &&
      asString(asObject(event.object.metadata).name) === name
    )
      end();
  });
  const untrack = context.track(end);
  response.on('close', end);
}
