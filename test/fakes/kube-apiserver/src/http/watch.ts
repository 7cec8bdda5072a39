import { type ServerResponse } from 'node:http';
import { expired } from '../api/errors.js';
import { type ResourceType, apiVersionOf } from '../api/resource-type.js';
import { toServed } from '../api/served-form.js';
import { type ObjectStore, type StoreEvent } from '../store/object-store.js';
import { type IncludeObject, toPartial, toTable } from './table.js';
import { type ResponseShape } from './negotiate.js';
import { type JsonObject, asObject, asString } from '../util/object.js';
import { type Clock } from '../util/time.js';

/** Everything one watch request asked for. */
export interface WatchRequest {
  type: ResourceType;
  namespace: string | undefined;
  filter: (object: JsonObject) => boolean;
  resourceVersion: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number | undefined;
  shape: ResponseShape;
  include: IncludeObject;
}

/** What a watch stream needs from the server. */
export interface WatchDeps {
  store: ObjectStore;
  clock: Clock;
  bookmarkIntervalMs: number;
  /** Called with a function that ends this stream, so server shutdown can end every watch. */
  track(end: () => void): () => void;
}

function keyOf(object: JsonObject): string {
  const meta = asObject(object.metadata);
  return `${asString(meta.namespace)}/${asString(meta.name)}`;
}

class WatchStream {
  private readonly visible = new Set<string>();
  private firstTable = true;

  constructor(
    private readonly response: ServerResponse,
    private readonly request: WatchRequest,
    private readonly deps: WatchDeps,
  ) {}

  send(type: string, object: JsonObject): void {
    this.response.write(`${JSON.stringify({ type, object: this.shape(object, type) })}\n`);
  }

  bookmark(revision: number, initialEnd: boolean): void {
    const metadata: JsonObject = {
      resourceVersion: String(revision),
      ...(initialEnd ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}),
    };
    const { type } = this.request;
    this.response.write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: apiVersionOf(type), metadata } })}\n`,
    );
  }

  /** Sends the event as a filtered watcher sees it: objects moving out of the selector arrive as DELETED. */
  deliver(event: StoreEvent): void {
    const { type, namespace, filter } = this.request;
    if (event.storage !== type.storage || (namespace !== undefined && event.namespace !== namespace)) return;
    const object = toServed(type, event.object);
    const key = keyOf(object);
    const matches = event.type !== 'DELETED' && filter(object);
    const wasVisible = this.visible.has(key);
    if (matches) {
      this.visible.add(key);
      this.send(wasVisible ? 'MODIFIED' : 'ADDED', object);
    } else if (wasVisible || (event.type === 'DELETED' && filter(object))) {
      this.visible.delete(key);
      this.send('DELETED', object);
    }
  }

  sendInitial(): void {
    const { type, namespace, filter } = this.request;
    for (const stored of this.deps.store.list(type.storage, namespace)) {
      const object = toServed(type, stored);
      if (!filter(object)) continue;
      this.visible.add(keyOf(object));
      this.send('ADDED', object);
    }
  }

  private shape(object: JsonObject, eventType: string): JsonObject {
    if (eventType === 'ERROR') return object;
    if (this.request.shape === 'partial') return toPartial(object);
    if (this.request.shape !== 'table') return object;
    const table = toTable(this.request.type, [object], {
      include: this.request.include,
      now: this.deps.clock.now(),
      listMeta: { resourceVersion: asString(asObject(object.metadata).resourceVersion) },
      withColumns: this.firstTable,
    });
    this.firstTable = false;
    return table;
  }
}

function startFrom(stream: WatchStream, request: WatchRequest, store: ObjectStore): boolean {
  const rv = request.resourceVersion;
  if (request.sendInitialEvents || rv === '' || rv === '0') {
    stream.sendInitial();
    if (request.sendInitialEvents && request.allowBookmarks) stream.bookmark(store.currentRevision(), true);
    return true;
  }
  const history = store.eventsSince(request.type.storage, Number(rv));
  if (history === undefined || Number.isNaN(Number(rv))) {
    const error = expired(`too old resource version: ${rv} (${store.oldestRevision()})`);
    stream.send('ERROR', error.toStatus());
    return false;
  }
  for (const event of history) stream.deliver(event);
  return true;
}

/** Streams watch events as JSON lines until the client leaves, the timeout passes, or the server closes. */
export function serveWatch(response: ServerResponse, request: WatchRequest, deps: WatchDeps): void {
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  response.flushHeaders();
  const stream = new WatchStream(response, request, deps);
  if (!startFrom(stream, request, deps.store)) {
    response.end();
    return;
  }
  const unsubscribe = deps.store.subscribe((event) => stream.deliver(event));
  const timers: NodeJS.Timeout[] = [];
  if (request.allowBookmarks) {
    timers.push(setInterval(() => stream.bookmark(deps.store.currentRevision(), false), deps.bookmarkIntervalMs));
  }
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    untrack();
    for (const timer of timers) clearInterval(timer);
    response.end();
  };
  const untrack = deps.track(end);
  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
    const timeout = setTimeout(end, request.timeoutSeconds * 1000);
    timers.push(timeout);
  }
  response.on('close', end);
}
