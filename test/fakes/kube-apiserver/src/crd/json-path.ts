import { asArray, isObject } from '../util/object.js';

/**
 * Evaluates the JSONPath subset additionalPrinterColumns use: `.a.b`, `.a[0]`,
 * `.a[*].b` and `.a[?(@.type=="Ready")].status`.
 */
export function evaluateJsonPath(object: unknown, path: string): unknown[] {
  const tokens =
    path
      .replace(/^\{?\$?/, '')
      .replace(/\}$/, '')
      .match(/\.[^.[]+|\[[^\]]*\]/g) ?? [];
  let current: unknown[] = [object];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (token.startsWith('.')) {
        if (isObject(value) && value[token.slice(1)] !== undefined) next.push(value[token.slice(1)]);
      } else next.push(...indexInto(value, token.slice(1, -1)));
    }
    current = next;
  }
  return current;
}

function indexInto(value: unknown, selector: string): unknown[] {
  const list = asArray(value);
  if (selector === '*') return list;
  const filter = /^\?\(@\.([\w.-]+)\s*==\s*["']([^"']*)["']\)$/.exec(selector);
  if (filter) return list.filter((item) => isObject(item) && String(item[filter[1] ?? ''] as string) === filter[2]);
  const index = Number(selector);
  const item = list[index < 0 ? list.length + index : index];
  return item === undefined ? [] : [item];
}
