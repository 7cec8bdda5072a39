import { type ResourceType, apiVersionOf } from './resource-type.js';
import { type JsonObject, clone } from '../util/object.js';

/** The object as `type` serves it (same object when no conversion is needed: callers must not mutate it). */
export function toServed(type: ResourceType, stored: JsonObject): JsonObject {
  if (type.representation !== undefined) return { ...type.representation.fromStorage(stored), kind: type.kind };
  const apiVersion = apiVersionOf(type);
  if (stored.apiVersion === apiVersion && stored.kind === type.kind) return stored;
  return { ...stored, apiVersion, kind: type.kind };
}

/** A mutable storage-form copy of an object written through `type`. */
export function toStorage(type: ResourceType, served: JsonObject): JsonObject {
  const copy = clone(served);
  if (type.representation !== undefined) return { ...type.representation.toStorage(copy), kind: type.kind };
  return { ...copy, apiVersion: apiVersionOf(type), kind: type.kind };
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix like the real generateName and pod names use ("7f9c4"). */
export function randomSuffix(length = 5): string {
  let suffix = '';
  for (let i = 0; i < length; i++) suffix += suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)] ?? 'b';
  return suffix;
}

/** rand.SafeEncodeString of the decimal form of a number: how pod-template-hash turns a hash into a label value. */
export function safeEncode(value: number): string {
  return [...String(value >>> 0)]
    .map((char) => suffixAlphabet[char.charCodeAt(0) % suffixAlphabet.length] ?? 'b')
    .join('');
}
