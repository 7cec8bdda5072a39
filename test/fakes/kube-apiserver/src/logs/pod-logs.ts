import { badRequest } from '../api/errors.js';
import { type JsonObject, asArray, asObject, asString, getIn, isObject } from '../util/object.js';

/** One log line with the time the container wrote it. */
export interface LogLine {
  time: Date;
  text: string;
}

/** The log query parameters of pods/log. */
export interface LogQuery {
  container?: string;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

/** Produces the lines a container logs when a test set none. */
export type DefaultLogs = (pod: JsonObject, container: string, startedAt: Date) => LogLine[];

/** The default: a few start-up lines that name the image, one second apart. */
export const defaultLogLines: DefaultLogs = (pod, container, startedAt) => {
  const image = asString(
    asArray(getIn(pod, ['spec', 'containers']))
      .map(asObject)
      .find((c) => c.name === container)?.image,
  );
  const texts = [`Starting ${container} (${image})`, `${container} listening on :8080`, `${container} ready`];
  return texts.map((text, index) => ({ time: new Date(startedAt.getTime() + index * 1000), text }));
};

function key(namespace: string, pod: string, container: string, previous: boolean): string {
  return `${namespace}/${pod}/${container}/${previous ? 'previous' : 'current'}`;
}

function containerNames(pod: JsonObject): { main: string[]; init: string[] } {
  const names = (field: string) => asArray(getIn(pod, ['spec', field])).map((c) => asString(asObject(c).name));
  return { main: names('containers'), init: names('initContainers') };
}

/** Picks the container a log request means, with the real server's errors. */
export function resolveContainer(pod: JsonObject, requested: string | undefined): string {
  const podName = asString(getIn(pod, ['metadata', 'name']));
  const { main, init } = containerNames(pod);
  if (requested === undefined || requested === '') {
    if (main.length === 1) return main[0] ?? '';
    const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(
      `a container name must be specified for pod ${podName}, choose one of: [${main.join(' ')}]${initPart}`,
    );
  }
  if (!main.includes(requested) && !init.includes(requested))
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

/** Per-container log buffers with follow subscribers: what pods/log serves. */
export class PodLogStore {
  private readonly buffers = new Map<string, LogLine[]>();
  private readonly followers = new Map<string, Set<(line: LogLine) => void>>();

  constructor(private readonly defaults: DefaultLogs) {}

  /** Replaces a container's log (or its previous instance's log). */
  set(target: { namespace: string; pod: string; container: string; previous?: boolean }, lines: LogLine[]): void {
    this.buffers.set(key(target.namespace, target.pod, target.container, target.previous ?? false), [...lines]);
  }

  /** Appends lines to a container's current log and pushes them to followers. */
  append(target: { namespace: string; pod: string; container: string }, lines: LogLine[]): void {
    const id = key(target.namespace, target.pod, target.container, false);
    const buffer = this.buffers.get(id) ?? [];
    buffer.push(...lines);
    this.buffers.set(id, buffer);
    for (const follower of this.followers.get(id) ?? []) for (const line of lines) follower(line);
  }

  /** Forgets everything about a pod (it was deleted). */
  forget(namespace: string, pod: string): void {
    for (const id of [...this.buffers.keys()]) if (id.startsWith(`${namespace}/${pod}/`)) this.buffers.delete(id);
  }

  /** The lines a query selects, with the real errors for pods that have no such log. */
  read(pod: JsonObject, query: LogQuery, now: Date): { container: string; lines: LogLine[] } {
    const container = resolveContainer(pod, query.container);
    const meta = asObject(pod.metadata);
    const namespace = asString(meta.namespace);
    const name = asString(meta.name);
    const status = [
      ...asArray(getIn(pod, ['status', 'containerStatuses'])),
      ...asArray(getIn(pod, ['status', 'initContainerStatuses'])),
    ]
      .map(asObject)
      .find((entry) => entry.name === container);
    if (query.previous) {
      const previous = this.buffers.get(key(namespace, name, container, true));
      if (previous === undefined)
        throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
      return { container, lines: select(previous, query, now) };
    }
    const waiting = getIn(status, ['state', 'waiting']);
    if (status === undefined || isObject(waiting)) {
      const reason = asString(asObject(waiting).reason, 'ContainerCreating');
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
    }
    const id = key(namespace, name, container, false);
    if (!this.buffers.has(id)) {
      const startedAt =
        asString(getIn(status, ['state', 'running', 'startedAt'])) ||
        asString(getIn(status, ['state', 'terminated', 'startedAt']));
      this.buffers.set(id, this.defaults(pod, container, startedAt === '' ? now : new Date(startedAt)));
    }
    return { container, lines: select(this.buffers.get(id) ?? [], query, now) };
  }

  /** Subscribes to new lines of a container's current log; returns the unsubscribe function. */
  follow(namespace: string, pod: string, container: string, listener: (line: LogLine) => void): () => void {
    const id = key(namespace, pod, container, false);
    const set = this.followers.get(id) ?? new Set();
    set.add(listener);
    this.followers.set(id, set);
    return () => set.delete(listener);
  }
}

function select(lines: LogLine[], query: LogQuery, now: Date): LogLine[] {
  let selected = lines;
  const since =
    query.sinceSeconds !== undefined
      ? now.getTime() - query.sinceSeconds * 1000
      : query.sinceTime !== undefined
        ? Date.parse(query.sinceTime)
        : undefined;
  if (since !== undefined && !Number.isNaN(since)) selected = selected.filter((line) => line.time.getTime() >= since);
  if (query.tailLines !== undefined && query.tailLines >= 0)
    selected = query.tailLines === 0 ? [] : selected.slice(-query.tailLines);
  return selected;
}

/** Renders lines as the kubelet does: one per line, RFC 3339 nanosecond timestamps when asked. */
export function formatLines(lines: LogLine[], timestamps: boolean): string {
  return lines.map((line) => formatLine(line, timestamps)).join('');
}

/** One rendered line. */
export function formatLine(line: LogLine, timestamps: boolean): string {
  const prefix = timestamps ? `${line.time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ` : '';
  return `${prefix}${line.text}\n`;
}
