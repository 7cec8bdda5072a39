import { ApiError } from '../api/errors.js';
import { type JsonObject, asString, clone, deepEqual, isObject } from '../util/object.js';

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function patchError(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function childOf(value: unknown, token: string): unknown {
  if (Array.isArray(value)) {
    const list: unknown[] = value;
    return list[Number(token)];
  }
  return isObject(value) ? value[token] : undefined;
}

function parentOf(document: unknown, path: string[]): { parent: unknown; key: string } {
  let current = document;
  for (const token of path.slice(0, -1)) {
    current = childOf(current, token);
    if (current === undefined) throw patchError(`doc is missing path: "/${path.join('/')}": missing value`);
  }
  return { parent: current, key: path[path.length - 1] ?? '' };
}

function read(document: unknown, path: string[]): unknown {
  if (path.length === 0) return document;
  const { parent, key } = parentOf(document, path);
  const value = childOf(parent, key);
  if (value === undefined) throw patchError(`doc is missing path: "/${path.join('/')}": missing value`);
  return value;
}

function add(document: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw patchError(`add operation index out of bounds: ${key}`);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) parent[key] = value;
  else throw patchError(`doc is missing path: "/${path.join('/')}"`);
  return document;
}

function remove(document: unknown, path: string[]): unknown {
  read(document, path);
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (isObject(parent)) delete parent[key];
  return document;
}

function applyOperation(document: unknown, operation: JsonObject): unknown {
  const path = decodePointer(asString(operation.path));
  switch (operation.op) {
    case 'add':
      return add(document, path, clone(operation.value));
    case 'remove':
      return remove(document, path);
    case 'replace':
      return add(remove(document, path), path, clone(operation.value));
    case 'move': {
      const from = decodePointer(asString(operation.from));
      const value = read(document, from);
      return add(remove(document, from), path, value);
    }
    case 'copy':
      return add(document, path, clone(read(document, decodePointer(asString(operation.from)))));
    case 'test':
      if (!deepEqual(read(document, path), operation.value))
        throw patchError(`testing value /${path.join('/')} failed`);
      return document;
    default:
      throw patchError(`Unexpected kind: ${asString(operation.op)}`);
  }
}

/** Applies an RFC 6902 JSON patch to a copy of `document`. */
export function applyJsonPatch(document: JsonObject, patch: unknown): JsonObject {
  if (!Array.isArray(patch))
    throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let result: unknown = clone(document);
  for (const operation of patch) {
    if (!isObject(operation)) throw patchError('invalid JSON patch operation');
    result = applyOperation(result, operation);
  }
  if (!isObject(result)) throw patchError('the patch replaced the object with a non-object');
  return result;
}
