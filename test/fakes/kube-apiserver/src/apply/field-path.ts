import { type JsonObject, asArray, deepEqual, isObject } from '../util/object.js';

/** One step of a managed-fields path: "f:name", "k:{\"name\":\"web\"}" or "v:\"value\"", as fieldsV1 spells them. */
export type PathElement = string;

/** A path serialized to one string so field sets can be plain Sets. */
export type PathKey = string;

const separator = '\n';

/** Joins path elements into a set key. */
export function keyOf(path: readonly PathElement[]): PathKey {
  return path.join(separator);
}

/** Splits a set key into its path elements. */
export function pathOf(key: PathKey): PathElement[] {
  return key === '' ? [] : key.split(separator);
}

/** The k: element for a list item, from the list's map keys. */
export function itemElement(item: JsonObject, keys: readonly string[]): PathElement {
  const selected: JsonObject = {};
  for (const key of [...keys].sort()) if (item[key] !== undefined) selected[key] = item[key];
  return `k:${JSON.stringify(selected)}`;
}

function matchesItem(item: unknown, element: PathElement): boolean {
  if (!isObject(item)) return false;
  const keys = JSON.parse(element.slice(2)) as JsonObject;
  return Object.entries(keys).every(([key, value]) => deepEqual(item[key], value));
}

/** Finds the index of the list item a k: or v: element names, or -1. */
export function findItem(list: unknown[], element: PathElement): number {
  if (element.startsWith('v:')) {
    const value = JSON.parse(element.slice(2)) as unknown;
    return list.findIndex((item) => deepEqual(item, value));
  }
  return list.findIndex((item) => matchesItem(item, element));
}

/** Reads the value a path points at (undefined when absent). */
export function valueAt(object: unknown, path: readonly PathElement[]): unknown {
  let current = object;
  for (const element of path) {
    if (element.startsWith('f:')) current = isObject(current) ? current[element.slice(2)] : undefined;
    else {
      const list = asArray(current);
      const index = findItem(list, element);
      current = index >= 0 ? list[index] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** Removes the value a path points at, if present; the object is modified in place. */
export function removeAt(object: JsonObject, path: readonly PathElement[]): void {
  const parent = valueAt(object, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) return;
  if (last.startsWith('f:')) {
    if (isObject(parent)) delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const index = findItem(parent, last);
    if (index >= 0) parent.splice(index, 1);
  }
}
