import { type StoreEvent } from '../store/object-store.js';

/** A reconcile loop: which store changes concern it, and how to converge one object. */
export interface Controller {
  name: string;
  /** The keys ("namespace/name") of primary objects an event should make this controller look at. */
  keysFor(event: StoreEvent): string[];
  /** Converges one primary object; throwing requeues it. */
  sync(namespace: string, name: string): void;
}

/** Splits a "namespace/name" key. */
export function splitKey(key: string): [string, string] {
  const index = key.indexOf('/');
  return [key.slice(0, index), key.slice(index + 1)];
}
