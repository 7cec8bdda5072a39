/** Printable ASCII but `"` and `\`: in JSON such a string is itself in quotes, one byte a character. */
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The UTF-8 size of `JSON.stringify(value)`, counted without building the
 * string. Budgets and pagers measure every result, often one entry at a
 * time, and most of what they measure is short ASCII text; serialising it
 * all only to take its length cost more than the rest of a listing.
 * Anything but plain data (a Date, a class instance, a `toJSON`) is
 * serialised to be measured, so the figure is always exact.
 */
export function jsonBytes(value: unknown): number {
  return jsonBytesUpTo(value, Infinity);
}

/**
 * How {@link jsonBytesUpTo} counts strings and numbers. `exact`: as
 * `JSON.stringify` would write them. `upper`: plain ASCII exactly, any other
 * string at its most, 6 bytes a code unit (`\u001f`), and a number other than
 * a safe integer at its most, so nothing is serialised. `rough`: every
 * string at its most too, so no string is even scanned; one pass over the
 * structure settles "does it fit" for a result far under a budget.
 */
export type Precision = 'exact' | 'upper' | 'rough';

/**
 * {@link jsonBytes}, or some figure above `limit` as soon as the count
 * passes it; counted with `precision`, so above the exact size unless exact.
 */
export function jsonBytesUpTo(value: unknown, limit: number, precision: Precision = 'exact'): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value, precision);
    case 'number':
      return precision === 'exact' ? numberBytes(value) : numberBytesAtMost(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) return arrayBytes(value, limit, precision);
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) return serialisedBytes(value);
      return objectBytes(value as Record<string, unknown>, limit, precision);
    }
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      // The first three alone have no JSON; a bigint makes JSON.stringify throw, as it should here.
      return serialisedBytes(value);
  }
}

function stringBytes(text: string, precision: Precision = 'exact'): number {
  if (precision === 'rough') return text.length * 6 + 2;
  if (plainAscii.test(text)) return text.length + 2;
  return precision === 'upper' ? text.length * 6 + 2 : Buffer.byteLength(JSON.stringify(text));
}

function numberBytes(value: number): number {
  return Number.isFinite(value) ? String(value).length : 4;
}

/** The longest a number's JSON can be (`-2.2250738585072014e-308`), or a safe integer's exact length: no digits are printed. */
const longestNumber = 24;

function numberBytesAtMost(value: number): number {
  if (!Number.isSafeInteger(value)) return longestNumber;
  let length = value < 0 ? 2 : 1;
  for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) length++;
  return length;
}

function arrayBytes(items: readonly unknown[], limit: number, precision: Precision): number {
  if (items.length === 0) return 2;
  let total = 1 + items.length;
  for (const item of items) {
    // Where an object would drop the member, an array writes null.
    total += isSkipped(item) ? 4 : jsonBytesUpTo(item, limit, precision);
    if (total > limit) return total;
  }
  return total;
}

function objectBytes(record: Record<string, unknown>, limit: number, precision: Precision): number {
  let total = 2;
  let members = 0;
  for (const key in record) {
    const member = record[key];
    if (isSkipped(member)) continue;
    total += (members++ === 0 ? 0 : 1) + keyBytes(key) + 1 + jsonBytesUpTo(member, limit, precision);
    if (total > limit) return total;
  }
  return total;
}

/** Keys repeat (a listing's thousand entries share two or three), so their sizes are kept. */
const knownKeys = new Map<string, number>();
const maxKnownKeys = 4096;

function keyBytes(key: string): number {
  let bytes = knownKeys.get(key);
  if (bytes === undefined) {
    bytes = stringBytes(key);
    if (knownKeys.size < maxKnownKeys) knownKeys.set(key, bytes);
  }
  return bytes;
}

function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function serialisedBytes(value: unknown): number {
  const text: string | undefined = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text);
}
