import { type JsonObject } from '../util/object.js';

/**
 * The objects of one storage key, indexed by namespace, with sorted name lists
 * cached between creations and deletions so listing 1000 pods does not re-sort.
 */
export class Bucket {
  private readonly byNamespace = new Map<string, Map<string, JsonObject>>();
  private sortedNamespaces: string[] | undefined;
  private readonly sortedNames = new Map<string, string[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(namespace: string, name: string): JsonObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Inserts or replaces; returns true when the object is new. */
  put(namespace: string, name: string, object: JsonObject): boolean {
    let names = this.byNamespace.get(namespace);
    if (names === undefined) {
      names = new Map();
      this.byNamespace.set(namespace, names);
      this.sortedNamespaces = undefined;
    }
    const isNew = !names.has(name);
    names.set(name, object);
    if (isNew) {
      this.count++;
      this.sortedNames.delete(namespace);
    }
    return isNew;
  }

  remove(namespace: string, name: string): JsonObject | undefined {
    const names = this.byNamespace.get(namespace);
    const existing = names?.get(name);
    if (names === undefined || existing === undefined) return undefined;
    names.delete(name);
    this.count--;
    this.sortedNames.delete(namespace);
    if (names.size === 0) {
      this.byNamespace.delete(namespace);
      this.sortedNamespaces = undefined;
    }
    return existing;
  }

  /** Objects in key order (namespace, then name), like etcd returns them; all namespaces when `namespace` is undefined. */
  list(namespace: string | undefined): JsonObject[] {
    if (namespace !== undefined) return this.listNamespace(namespace);
    const result: JsonObject[] = [];
    for (const ns of this.namespaces()) {
      for (const object of this.listNamespace(ns)) result.push(object);
    }
    return result;
  }

  private namespaces(): string[] {
    this.sortedNamespaces ??= [...this.byNamespace.keys()].sort();
    return this.sortedNamespaces;
  }

  private listNamespace(namespace: string): JsonObject[] {
    const names = this.byNamespace.get(namespace);
    if (names === undefined) return [];
    let sorted = this.sortedNames.get(namespace);
    if (sorted === undefined) {
      sorted = [...names.keys()].sort();
      this.sortedNames.set(namespace, sorted);
    }
    return sorted.map((name) => names.get(name)).filter((object): object is JsonObject => object !== undefined);
  }
}
