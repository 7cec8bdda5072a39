import { Bucket } from './bucket.js';
import { type JsonObject, asString, getIn, setIn } from '../util/object.js';

/** A change to one stored object, as watch streams and controllers see it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  storage: string;
  namespace: string;
  object: JsonObject;
  revision: number;
}

/** How many past events the store keeps for watches that resume from a resourceVersion. */
const historyLimit = 20_000;

/**
 * The in-memory etcd stand-in: one global revision counter, buckets per storage
 * key, a bounded event history, and synchronous change listeners.
 */
export class ObjectStore {
  private revision = 1000;
  private readonly buckets = new Map<string, Bucket>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  /** The newest resourceVersion handed out. */
  currentRevision(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch may still resume from. */
  oldestRevision(): number {
    return this.history[0]?.revision ?? this.revision;
  }

  get(storage: string, namespace: string, name: string): JsonObject | undefined {
    return this.buckets.get(storage)?.get(namespace, name);
  }

  list(storage: string, namespace: string | undefined): JsonObject[] {
    return this.buckets.get(storage)?.list(namespace) ?? [];
  }

  count(storage: string): number {
    return this.buckets.get(storage)?.size ?? 0;
  }

  /** Stores `object` (created or replaced), stamping a new resourceVersion. */
  put(storage: string, object: JsonObject): JsonObject {
    const namespace = asString(getIn(object, ['metadata', 'namespace']));
    const name = asString(getIn(object, ['metadata', 'name']));
    this.revision++;
    setIn(object, ['metadata', 'resourceVersion'], String(this.revision));
    const isNew = this.bucket(storage).put(namespace, name, object);
    this.emit({ type: isNew ? 'ADDED' : 'MODIFIED', storage, namespace, object, revision: this.revision });
    return object;
  }

  /** Removes an object; the DELETED event carries the deletion's resourceVersion. */
  remove(storage: string, namespace: string, name: string): JsonObject | undefined {
    const removed = this.buckets.get(storage)?.remove(namespace, name);
    if (removed === undefined) return undefined;
    this.revision++;
    const object = structuredClone(removed);
    setIn(object, ['metadata', 'resourceVersion'], String(this.revision));
    this.emit({ type: 'DELETED', storage, namespace, object, revision: this.revision });
    return object;
  }

  /** Events of `storage` after `revision`, or undefined when history no longer reaches back that far. */
  eventsSince(storage: string, revision: number): StoreEvent[] | undefined {
    if (revision < this.oldestRevision() - 1 && this.history.length >= historyLimit) return undefined;
    return this.history.filter((event) => event.storage === storage && event.revision > revision);
  }

  /** Registers a listener called synchronously after every change; returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops every object of a storage key (used when a CRD is deleted), emitting DELETED for each. */
  drop(storage: string): void {
    for (const object of this.list(storage, undefined)) {
      this.remove(
        storage,
        asString(getIn(object, ['metadata', 'namespace'])),
        asString(getIn(object, ['metadata', 'name'])),
      );
    }
    this.buckets.delete(storage);
  }

  private bucket(storage: string): Bucket {
    let bucket = this.buckets.get(storage);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.buckets.set(storage, bucket);
    }
    return bucket;
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > historyLimit) this.history.splice(0, this.history.length - historyLimit);
    for (const listener of this.listeners) listener(event);
  }
}
